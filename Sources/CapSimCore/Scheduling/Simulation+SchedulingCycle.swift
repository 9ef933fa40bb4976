extension Simulation {
    /// kube-scheduler's scheduling pass at one instant (`ScheduleOne` for each pod the active queue pops): a gang
    /// goes through all-or-nothing placement (Permit); a nominated pod tries its nominated node first; a pod whose
    /// retry cannot succeed is parked without a full cycle; otherwise Filter and Score pick a node, and a pod that
    /// fits nowhere runs PostFilter (DefaultPreemption) and goes to the unschedulable pool.
    mutating func schedulingPass(at t: Int64) {
        while let popped = queue.pop() {
            let p = Int(popped)
            guard pods.phase[p] == .active else { continue }
            let j = Int(pods.job[p])
            let pod = compiled[j]
            if let minAvailable = input.jobs[j].gangMinAvailable, runningPods(ofJob: j) < Int(minAvailable) {
                placeGang(job: j, minAvailable: Int(minAvailable), at: t)
                continue
            }
            // A nominated pod gives up its reservation and tries its nominated node first.
            if pods.nominated[p] >= 0 {
                let nominated = Int(pods.nominated[p])
                state.clearNomination(pod: Int32(p), node: nominated)
                if StaticNodeFilters.filter(pod, node: nominated, state: state) == nil,
                    NodeResourcesFit.filter(pod, node: nominated, state: state) == nil
                {
                    pods.nominated[p] = -1
                    bind(pod: p, node: nominated, at: t)
                    continue
                }
            }
            if queue.cannotHaveChanged(pod: p, pods: pods, compiled: compiled, state: state) {
                // Same outcome as a full cycle, without scanning every node (see `cannotHaveChanged`).
                queue.recordFailure(pod: p, at: t)
                queue.park(pod: p, at: t, pods: &pods, engine: &engine)
                continue
            }
            switch scheduler.schedule(pod, state: state) {
            case .placed(let node):
                let released = Int(pods.nominated[p])
                pods.nominated[p] = -1
                bind(pod: p, node: node, at: t)
                // Its reservation on the nominated node is gone: pods waiting for that room may now fit.
                if released >= 0 && released != node { nodeChanged(released, at: t) }
            case .unschedulable(let reason):
                jobs.reason[j] = reason
                queue.recordFailure(pod: p, at: t)
                if let postFilter = scheduler.profile.postFilter { _ = postFilter.postFilter(pod: p, at: t, in: &self) }
                queue.park(pod: p, at: t, pods: &pods, engine: &engine)
            }
        }
    }

    // MARK: - Pods that can never fit

    /// `neverFitsReason(job:)`, remembered per pod shape and requests: it reads only what nodes were created with
    /// (labels, taints, allocatable, GPU devices and models), which no event changes, so jobs of one workload ask
    /// once instead of scanning every node at every arrival.
    mutating func cachedNeverFitsReason(job j: Int) -> String? {
        let pod = compiled[j]
        guard pod.staticShape >= 0 else { return neverFitsReason(job: j) }
        let key = NeverFitsKey(
            shape: pod.staticShape, cpu: pod.cpu, memory: pod.memory, gpuCount: pod.gpuCount, modelMask: pod.modelMask)
        if let known = neverFits[key] { return known }
        let reason = neverFitsReason(job: j)
        neverFits[key] = .some(reason)
        return reason
    }

    /// `nil` if some node could host the job's pod when empty; otherwise the reason it never can, naming the
    /// resource that exceeds every node that passes the selector, affinity and taint filters.
    func neverFitsReason(job j: Int) -> String? {
        let pod = compiled[j]
        var staticFailure: String?
        var candidates = 0
        var largest = (cpu: Int64(0), memory: Int64(0), gpus: Int32(0), pods: Int32(0))
        var modelMatch = false
        for n in 0..<state.nodeCount {
            if pod.staticShape >= 0 && scheduler.staticallyAdmits(pod, node: n) {
                // Admitted by NodeAffinity and TaintToleration (the shape's bit set).
            } else if let f = StaticNodeFilters.filterIgnoringStatus(pod, node: n, state: state) {
                staticFailure = staticFailure ?? f.reason
                continue
            }
            if NodeResourcesFit.fitsEmpty(pod, node: n, state: state) { return nil }
            candidates += 1
            largest.cpu = max(largest.cpu, state.allocatableCPU[n])
            largest.memory = max(largest.memory, state.allocatableMemory[n])
            largest.pods = max(largest.pods, state.allocatablePods[n])
            let model = state.gpuModelID[n]
            let allowed =
                pod.modelMask == .max || (model >= 0 && model < 64 && pod.modelMask & (1 << UInt64(model)) != 0)
            if allowed {
                modelMatch = true
                largest.gpus = max(largest.gpus, state.gpuCount[n])
            }
        }
        guard candidates > 0 else { return staticFailure ?? "no nodes in the cluster" }
        if pod.cpu > largest.cpu {
            return "Insufficient cpu on every node (requests \(pod.cpu)m, largest node \(largest.cpu)m)"
        }
        if pod.memory > largest.memory {
            return "Insufficient memory on every node (requests \(pod.memory) bytes, largest node \(largest.memory))"
        }
        if pod.gpuCount > 0 && !modelMatch { return "no node has an allowed GPU model" }
        if pod.gpuCount > largest.gpus {
            return "Insufficient nvidia.com/gpu on every node (requests \(pod.gpuCount), largest node \(largest.gpus))"
        }
        if largest.pods < 1 { return "Too many pods: no node allows any pod" }
        return "no single node has all the requested resources"
    }
}

/// What `neverFitsReason(job:)` depends on: the pod's static-filter shape, its requests and allowed GPU models.
struct NeverFitsKey: Hashable, Sendable {
    var shape: Int32
    var cpu: Int64
    var memory: Int64
    var gpuCount: Int32
    var modelMask: UInt64
}
