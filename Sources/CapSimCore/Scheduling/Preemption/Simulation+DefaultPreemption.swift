extension Simulation {
    /// DefaultPreemption's PostFilter for a pod that fits nowhere: find victims, start their graceful termination,
    /// and nominate the node to the preemptor (which stays in the unschedulable pool until the victims are gone).
    ///
    /// Candidate nodes are those where only resources were short (static filters pass and the pod fits the empty
    /// node). The dry run starts at a seeded random offset (stream `preemption`) and stops once it has a candidate
    /// without PDB violations and `DefaultPreemption.numCandidates` candidates in all.
    mutating func preempt(for p: Int, at t: Int64) {
        let pod = compiled[Int(pods.job[p])]
        guard pod.canPreempt else { return }
        if pods.nominated[p] >= 0 {
            // PodEligibleToPreemptOthers: wait while lower-priority victims on the nominated node terminate.
            let nominated = Int(pods.nominated[p])
            let waiting = pods.onNode[nominated].contains {
                pods.phase[Int($0)] == .terminating && compiled[Int(pods.job[Int($0)])].priority < pod.priority
            }
            if waiting {
                state.nominate(pod: Int32(p), pod, on: nominated)
                return
            }
            pods.nominated[p] = -1
        }
        if runningPriorities.lowest.map({ $0 >= pod.priority }) ?? true {
            // No running pod has a lower priority, so every node's `selectVictims` returns nil (it removes only
            // lower-priority pods and needs at least one): the dry run would find nothing. Skip it, drawing the
            // start offset as it would.
            skipDryRun(for: pod)
            return
        }
        var potential: [Int] = []
        for n in 0..<state.nodeCount where passesStaticFilters(pod, node: n) {
            potential.append(n)
        }
        guard !potential.isEmpty else { return }
        let budgetsAllowed = budgets.allowed
        let wanted = DefaultPreemption.numCandidates(potentialNodes: potential.count)
        let offset = preemptionRandom.nextIndex(below: potential.count)
        var nonViolating: [DefaultPreemption.NodeVictims] = []
        var violating: [DefaultPreemption.NodeVictims] = []
        for i in 0..<potential.count {
            let n = potential[(offset + i) % potential.count]
            guard
                let option = DefaultPreemption.selectVictims(
                    node: n, scratch: scratch(node: n), pods: potentialVictims(on: n), preemptorPriority: pod.priority,
                    fits: { $0.fits(cpu: pod.cpu, memory: pod.memory, gpuCount: pod.gpuCount, gpuMilli: pod.gpuMilli) },
                    budgetsAllowed: budgetsAllowed)
            else { continue }
            if option.budgetViolations == 0 { nonViolating.append(option) } else { violating.append(option) }
            if !nonViolating.isEmpty && nonViolating.count + violating.count >= wanted { break }
        }
        let options = nonViolating + violating
        guard let chosen = DefaultPreemption.pickNode(options) else { return }
        let node = options[chosen].node
        // Evicting one member of a gang stops its running siblings at once (the gang restarts), so a later victim of
        // the same gang may already be gone: only pods still running are evicted.
        for victim in options[chosen].victims where pods.phase[Int(victim.pod)] == .running {
            evict(pod: Int(victim.pod), at: t)
        }
        pods.nominated[p] = Int32(node)
        state.nominate(pod: Int32(p), pod, on: node)
    }

    /// Advances the `preemption` stream as the dry run would: it draws one start offset when any node passes the
    /// static filters and fits the empty pod (`potential` non-empty), found here with an early exit.
    ///
    /// `nextIndex(below:)` takes one draw for any bound except with probability below bound / 2^64 (Lemire's
    /// rejection), so drawing with bound 1 leaves the stream where the dry run would leave it.
    private mutating func skipDryRun(for pod: CompiledPod) {
        for n in 0..<state.nodeCount where passesStaticFilters(pod, node: n) {
            _ = preemptionRandom.nextIndex(below: 1)
            return
        }
    }

    /// Whether a node is a preemption candidate for the pod: the filters other than NodeResourcesFit admit it
    /// (`StaticNodeFilters.filter`, with NodeAffinity and TaintToleration read from the pod's shape bit set) and the
    /// pod fits it when empty.
    @inline(__always)
    private func passesStaticFilters(_ pod: CompiledPod, node n: Int) -> Bool {
        let admitted =
            pod.staticShape >= 0
            ? scheduler.staticallyAdmits(pod, node: n)
                && scheduler.profile.nodeUnschedulable.filter(pod, node: n, state: state) == nil
            : StaticNodeFilters.filter(pod, node: n, state: state) == nil
        return admitted && NodeResourcesFit.fitsEmpty(pod, node: n, state: state)
    }

    /// Free resources of a node as a preemption scratch.
    private func scratch(node n: Int) -> DefaultPreemption.NodeScratch {
        let start = Int(state.gpuStart[n])
        let devices = Array(state.gpuFree[start..<(start + Int(state.gpuCount[n]))])
        return DefaultPreemption.NodeScratch(
            cpu: state.allocatableCPU[n] - state.requestedCPU[n],
            memory: state.allocatableMemory[n] - state.requestedMemory[n],
            pods: state.allocatablePods[n] - state.podCount[n], gpuFree: devices)
    }

    /// Running (not terminating) pods on a node.
    private func potentialVictims(on n: Int) -> [DefaultPreemption.PotentialVictim] {
        pods.onNode[n].compactMap { q -> DefaultPreemption.PotentialVictim? in
            let qi = Int(q)
            guard pods.phase[qi] == .running else { return nil }
            let c = compiled[Int(pods.job[qi])]
            return DefaultPreemption.PotentialVictim(
                pod: q, priority: c.priority, startMilliseconds: pods.start[qi], cpu: c.cpu, memory: c.memory,
                gpuMilli: c.gpuMilli, devices: pods.devices[qi], budget: Int(budgets.ofPod[qi]))
        }
    }

    /// Starts a victim's graceful termination: it keeps its resources until `terminationGracePeriod` has passed.
    private mutating func evict(pod q: Int, at t: Int64) {
        jobs.preemptions[Int(pods.job[q])] += 1
        counters.preemptedPods += 1
        terminate(pod: q, at: t)
    }
}
