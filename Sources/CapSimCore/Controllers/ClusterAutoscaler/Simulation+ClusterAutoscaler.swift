extension Simulation {
    /// Schedules the first autoscaler loop, when some pool is autoscaled.
    mutating func startAutoscaler() {
        if input.cluster.pools.contains(where: \.isAutoscaled) {
            engine.schedule(.autoscaler(.scan), at: input.autoscaler.scanInterval)
        }
    }

    /// Routes a Cluster Autoscaler event.
    mutating func handleAutoscalerEvent(_ event: ClusterAutoscalerController.Event, at t: Int64) {
        switch event {
        case .scan: autoscalerScan(at: t)
        case .nodeProvisioned(let n): nodeProvisioned(Int(n), at: t)
        }
    }

    /// One Cluster Autoscaler loop: scale up for pods in the unschedulable pool, then scale down under-utilized
    /// nodes (`cluster-autoscaler/FAQ.md`).
    ///
    /// Scale-up: pending pods (priority at least the expendable cutoff) are first packed onto nodes already being
    /// provisioned; for each autoscaled pool with room below `maxSize`, the rest are sorted by
    /// `cpu/alloc + mem/alloc` of the pool's template node, descending, and packed first-fit onto new template nodes
    /// (`estimator/binpacking_estimator.go`, `decreasing_pod_orderer.go`); a pod counts only if it passes the
    /// template's selector, affinity and taint filters. The expander picks one option and its nodes become Ready
    /// after the pool's provisioning delay. Scale-down removes a node of an autoscaled pool above `minSize` whose
    /// utilization has been below the threshold for `scaleDownUnneededTime` (which accrues during the cooldown), once
    /// `scaleDownDelayAfterAdd` has passed since a scale-up of its pool, provided its pods can move: every pod is
    /// safe to evict (no `safe-to-evict: false`), its PodDisruptionBudget allows the eviction, and it fits on another
    /// node (first-fit over the other nodes' free resources). Empty nodes go at once; a node with pods is drained
    /// (graceful evictions, pods recreated elsewhere) and removed once empty, one such node at a time.
    private mutating func autoscalerScan(at t: Int64) {
        let settings = input.autoscaler
        engine.schedule(.autoscaler(.scan), at: t + max(1, settings.scanInterval))
        scaleUp(at: t)
        if settings.isScaleDownEnabled { scaleDown(at: t) }
    }

    private struct ScaleUpOption {
        var pool: Int
        var nodes: Int
        var pods: Int
        var cpu: Int64
        var memory: Int64
    }

    private mutating func scaleUp(at t: Int64) {
        let settings = input.autoscaler
        var pending = queue.unschedulable.map(Int.init).filter {
            compiled[Int(pods.job[$0])].priority >= settings.expendablePodsPriorityCutoff
        }
        guard !pending.isEmpty else { return }
        // Pods that fit on nodes already being provisioned do not ask for more.
        var upcoming: [(node: Int, scratch: DefaultPreemption.NodeScratch)] = []
        for n in 0..<state.nodeCount where autoscaler.provisioning[n] { upcoming.append((n, emptyScratch(node: n))) }
        if !upcoming.isEmpty {
            pending = pending.filter { p in
                let pod = compiled[Int(pods.job[p])]
                for i in upcoming.indices
                where StaticNodeFilters.filterIgnoringStatus(pod, node: upcoming[i].node, state: state) == nil
                    && NodeResourcesFit.fitsEmpty(pod, node: upcoming[i].node, state: state)
                    && fits(pod, upcoming[i].scratch)
                {
                    upcoming[i].scratch.place(
                        cpu: pod.cpu, memory: pod.memory, gpuCount: pod.gpuCount, gpuMilli: pod.gpuMilli)
                    return false
                }
                return true
            }
        }
        guard !pending.isEmpty else { return }
        var options: [ScaleUpOption] = []
        for (poolIndex, pool) in input.cluster.pools.enumerated() {
            guard let maxSize = pool.maxSize else { continue }
            let headroom = maxSize - Int(autoscaler.activeNodes[poolIndex])
            guard headroom > 0, let template = templateNode(pool: poolIndex) else { continue }
            let cpuCapacity = Double(max(1, state.allocatableCPU[template]))
            let memoryCapacity = Double(max(1, state.allocatableMemory[template]))
            let candidates = pending.filter { p in
                let pod = compiled[Int(pods.job[p])]
                return StaticNodeFilters.filterIgnoringStatus(pod, node: template, state: state) == nil
                    && NodeResourcesFit.fitsEmpty(pod, node: template, state: state)
            }.sorted { a, b in
                let pa = compiled[Int(pods.job[a])]
                let pb = compiled[Int(pods.job[b])]
                let ka = Double(pa.cpu) / cpuCapacity + Double(pa.memory) / memoryCapacity
                let kb = Double(pb.cpu) / cpuCapacity + Double(pb.memory) / memoryCapacity
                return ka != kb ? ka > kb : a < b
            }
            guard !candidates.isEmpty else { continue }
            var scratches: [DefaultPreemption.NodeScratch] = []
            var option = ScaleUpOption(pool: poolIndex, nodes: 0, pods: 0, cpu: 0, memory: 0)
            for p in candidates {
                let pod = compiled[Int(pods.job[p])]
                var slot = scratches.firstIndex { fits(pod, $0) }
                if slot == nil && scratches.count < headroom {
                    scratches.append(emptyScratch(node: template))
                    slot = scratches.count - 1
                }
                guard let slot else { continue }
                scratches[slot].place(cpu: pod.cpu, memory: pod.memory, gpuCount: pod.gpuCount, gpuMilli: pod.gpuMilli)
                option.pods += 1
                option.cpu += pod.cpu
                option.memory += pod.memory
            }
            option.nodes = scratches.count
            if option.nodes > 0 { options.append(option) }
        }
        guard let chosen = pickOption(options) else { return }
        provision(pool: chosen.pool, nodes: chosen.nodes, at: t)
    }

    /// The expander.
    private mutating func pickOption(_ options: [ScaleUpOption]) -> ScaleUpOption? {
        guard !options.isEmpty else { return nil }
        func waste(_ o: ScaleUpOption) -> Double {
            guard let template = templateNode(pool: o.pool) else { return .infinity }
            return ClusterAutoscalerSettings.leastWasteScore(
                requestedCPU: o.cpu, requestedMemory: o.memory, nodeCPU: state.allocatableCPU[template],
                nodeMemory: state.allocatableMemory[template], nodes: o.nodes)
        }
        switch input.autoscaler.expander {
        case .leastWaste: return options.min { waste($0) < waste($1) }
        case .mostPods: return options.max { $0.pods < $1.pods }
        case .random: return options[autoscaler.random.nextIndex(below: options.count)]
        case .price:
            return options.min {
                Double($0.nodes) * input.cluster.pools[$0.pool].pricePerHourUSD
                    < Double($1.nodes) * input.cluster.pools[$1.pool].pricePerHourUSD
            }
        case .priority:
            return options.min { a, b in
                let pa = input.cluster.pools[a.pool].expanderPriority
                let pb = input.cluster.pools[b.pool].expanderPriority
                return pa != pb ? pa > pb : waste(a) < waste(b)
            }
        }
    }

    private mutating func provision(pool: Int, nodes count: Int, at t: Int64) {
        var remaining = count
        let delay = input.cluster.pools[pool].provisioningDelayMilliseconds
        for n in 0..<state.nodeCount where remaining > 0 {
            guard input.cluster.nodes[n].poolIndex == pool, state.isAbsent[n], !autoscaler.provisioning[n] else {
                continue
            }
            autoscaler.provisioning[n] = true
            autoscaler.activeNodes[pool] += 1
            remaining -= 1
            engine.schedule(.autoscaler(.nodeProvisioned(node: Int32(n))), at: t + delay)
        }
        autoscaler.lastScaleUp[pool] = t
        counters.scaleUps += 1
        counters.nodesAdded += count - remaining
    }

    private mutating func nodeProvisioned(_ n: Int, at t: Int64) {
        autoscaler.provisioning[n] = false
        state.setPresent(n, true)
        lifecycle.statusChanged(n)
        autoscaler.unneededSince[n] = -1
        if lifecycle.hasFailures(n) && disruptionsContinue { lifecycle.scheduleFailure(n, from: t, &engine) }
        nodeChanged(n, at: t)
    }

    private mutating func scaleDown(at t: Int64) {
        let settings = input.autoscaler
        for n in 0..<state.nodeCount {
            let poolIndex = input.cluster.nodes[n].poolIndex
            let pool = input.cluster.pools[poolIndex]
            guard pool.isAutoscaled, !state.isAbsent[n], !state.isDown[n], !maintenance.draining[n] else { continue }
            let utilization = ClusterAutoscalerSettings.utilization(
                cpu: state.requestedCPU[n], allocatableCPU: state.allocatableCPU[n], memory: state.requestedMemory[n],
                allocatableMemory: state.allocatableMemory[n], gpuMilli: state.allocatedGPUMilli[n],
                gpuCapacityMilli: Int64(state.gpuCount[n]) * 1000)
            let removable =
                state.nominations[n].isEmpty && utilization < settings.scaleDownUtilizationThreshold
                && Int(autoscaler.activeNodes[poolIndex]) > (pool.minSize ?? 0)
                && (pods.onNode[n].isEmpty || podsCanMove(from: n))
            guard removable else {
                autoscaler.unneededSince[n] = -1
                continue
            }
            if autoscaler.unneededSince[n] < 0 {
                autoscaler.unneededSince[n] = t
            } else if t - autoscaler.unneededSince[n] >= settings.scaleDownUnneededTime,
                t - autoscaler.lastScaleUp[poolIndex] >= settings.scaleDownDelayAfterAdd
            {
                // Unneeded time accrues during the scale-down cooldown; only the deletion waits for it to end.
                autoscaler.unneededSince[n] = -1
                if pods.onNode[n].isEmpty {
                    removeNode(n)
                } else if !autoscaler.scaleDown.contains(true) {
                    autoscaler.scaleDown[n] = true
                    maintenance.draining[n] = true
                    maintenance.drainStart[n] = t
                    state.setUnschedulable(n, true)
                    for q in pods.onNode[n] where pods.phase[Int(q)] == .running {
                        jobs.interruptions[Int(pods.job[Int(q)])] += 1
                        counters.podsInterrupted += 1
                        counters.scaleDownEvictions += 1
                        terminate(pod: Int(q), at: t)
                    }
                }
            }
        }
    }

    /// Takes an empty node out of the cluster (its slot can be provisioned again later).
    mutating func removeNode(_ n: Int) {
        let poolIndex = input.cluster.nodes[n].poolIndex
        if autoscaler.scaleDown[n] {
            autoscaler.scaleDown[n] = false
            maintenance.draining[n] = false
            state.setUnschedulable(n, false)
        }
        state.setPresent(n, false)
        lifecycle.statusChanged(n)
        autoscaler.unneededSince[n] = -1
        autoscaler.activeNodes[poolIndex] -= 1
        counters.nodesRemoved += 1
    }

    /// Whether every pod on a node could be evicted and placed elsewhere now (CA's scale-down simulation).
    private func podsCanMove(from n: Int) -> Bool {
        var others: [(node: Int, scratch: DefaultPreemption.NodeScratch)] = []
        var budgetUse = [Int](repeating: 0, count: input.disruptionBudgets.count)
        for q in pods.onNode[n] {
            let p = Int(q)
            let pod = compiled[Int(pods.job[p])]
            guard pods.phase[p] == .running, pod.isSafeToEvict else { return false }
            if budgets.ofPod[p] >= 0 {
                let b = Int(budgets.ofPod[p])
                budgetUse[b] += 1
                if budgetUse[b] > budgets.disruptionsAllowed(budget: b) { return false }
            }
            if others.isEmpty {
                for m in 0..<state.nodeCount
                where m != n && !state.isAbsent[m] && !state.isDown[m] && !state.isUnschedulable[m] {
                    let start = Int(state.gpuStart[m])
                    let scratch = DefaultPreemption.NodeScratch(
                        cpu: state.allocatableCPU[m] - state.requestedCPU[m],
                        memory: state.allocatableMemory[m] - state.requestedMemory[m],
                        pods: state.allocatablePods[m] - state.podCount[m],
                        gpuFree: Array(state.gpuFree[start..<(start + Int(state.gpuCount[m]))]))
                    others.append((m, scratch))
                }
            }
            guard
                let slot = others.firstIndex(where: {
                    StaticNodeFilters.filterIgnoringStatus(pod, node: $0.node, state: state) == nil
                        && fits(pod, $0.scratch)
                })
            else { return false }
            others[slot].scratch.place(cpu: pod.cpu, memory: pod.memory, gpuCount: pod.gpuCount, gpuMilli: pod.gpuMilli)
        }
        return true
    }

    private func templateNode(pool: Int) -> Int? {
        input.cluster.nodes.firstIndex { $0.poolIndex == pool }
    }

    private func emptyScratch(node n: Int) -> DefaultPreemption.NodeScratch {
        DefaultPreemption.NodeScratch(
            cpu: state.allocatableCPU[n], memory: state.allocatableMemory[n], pods: state.allocatablePods[n],
            gpuFree: Array(repeating: 1000, count: Int(state.gpuCount[n])))
    }

    private func fits(_ pod: CompiledPod, _ scratch: DefaultPreemption.NodeScratch) -> Bool {
        scratch.fits(cpu: pod.cpu, memory: pod.memory, gpuCount: pod.gpuCount, gpuMilli: pod.gpuMilli)
    }
}
