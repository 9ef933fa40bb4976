extension Simulation {
    /// Time from a node failure until its pods are replaced: node-monitor grace period (40 s) plus the default
    /// not-ready toleration (300 s) after which the pods are evicted (`DefaultTolerationSeconds`).
    static let failureDetectionDelay: Int64 = 340_000
    /// Retry delay for evictions blocked by a PodDisruptionBudget (`EvictErrorRetryDelay` of kubectl drain).
    static let evictionRetryDelay: Int64 = 5_000

    /// Whether failures and upgrades keep coming: until the horizon when there is one, otherwise only while some
    /// job is unfinished (so a run without a horizon ends).
    var disruptionsContinue: Bool { input.horizon != nil || jobsOutstanding > 0 }

    /// Schedules the first failure of every node with a failure model, and the first upgrade round.
    mutating func startDynamics() {
        for n in 0..<state.nodeCount where nodeFailureModel[n] >= 0 {
            if !state.isAbsent[n] { scheduleFailure(n, from: 0) }
            for d in 0..<Int(state.gpuCount[n]) { scheduleDeviceFailure(node: n, device: d, from: 0) }
        }
        if input.cluster.pools.contains(where: \.isAutoscaled) {
            events.schedule(.autoscalerScan, at: SimTime(milliseconds: input.autoscaler.scanInterval))
        }
        if let maintenance = input.maintenance {
            events.schedule(.upgradeRound, at: SimTime(milliseconds: maintenance.firstUpgrade))
        }
        for (i, drain) in input.drains.enumerated() {
            events.schedule(.drainStart(index: Int32(i)), at: SimTime(milliseconds: drain.at))
            events.schedule(.drainEnd(index: Int32(i)), at: SimTime(milliseconds: drain.at + drain.duration))
        }
    }

    // MARK: - GPU device failures

    private mutating func scheduleDeviceFailure(node n: Int, device d: Int, from t: Int64) {
        guard let distribution = input.failures[nodeFailureModel[n]].gpuTimeBetweenFailures else { return }
        let index = Int(state.gpuStart[n]) + d
        let delay = distribution.sample(using: &deviceRandom[index])
        events.schedule(
            .deviceFailure(node: Int32(n), device: Int32(d), generation: 0), at: SimTime(milliseconds: t + delay))
    }

    /// A GPU device fails: the pod using it fails (work since its last checkpoint is lost) and is recreated at once;
    /// the node loses one GPU until the device is replaced. A device of a node that is down or not provisioned
    /// draws its next failure instead.
    mutating func failDevice(node n: Int, device d: Int, at t: Int64) {
        let model = input.failures[nodeFailureModel[n]]
        guard !state.isDown[n], !state.isAbsent[n], state.brokenDevices[n] & (1 << UInt64(d)) == 0 else {
            scheduleDeviceFailure(node: n, device: d, from: t)
            return
        }
        for q in nodePods[n] where podDevices[Int(q)] & (1 << UInt64(d)) != 0 {
            let p = Int(q)
            guard podNode[p] == Int32(n), podPhase[p] == .running || podPhase[p] == .terminating else { continue }
            if podPhase[p] == .running { stopWork(pod: p, at: t) }
            if podPhase[p] == .terminating, podBudget[p] >= 0 { budgetTerminating[Int(podBudget[p])] -= 1 }
            release(pod: p)
            jobInterruptions[Int(podJob[p])] += 1
            dynamics.podsInterrupted += 1
            recreate(pod: p, at: t)
            interruptGang(of: p, at: t)
        }
        state.breakDevice(node: n, device: d)
        dynamics.gpuDeviceFailures += 1
        let index = Int(state.gpuStart[n]) + d
        let repair = (model.gpuRepairTime ?? model.repairTime).sample(using: &deviceRandom[index])
        events.schedule(.deviceRepaired(node: Int32(n), device: Int32(d)), at: SimTime(milliseconds: t + repair))
        nodeChanged(n, at: t)
    }

    mutating func repairDevice(node n: Int, device d: Int, at t: Int64) {
        state.repairDevice(node: n, device: d)
        if disruptionsContinue { scheduleDeviceFailure(node: n, device: d, from: t) }
        nodeChanged(n, at: t)
    }

    // MARK: - One-off drains

    mutating func startOneOffDrain(_ i: Int, at t: Int64) {
        let n = input.drains[i].node
        guard !state.isDown[n], !nodeDraining[n] else { return }
        nodeDraining[n] = true
        nodeOneOffDrain[n] = i
        nodeDrainStart[n] = t
        state.setUnschedulable(n, true)
        clearNominations(on: n)
        drain(n, at: t)
    }

    mutating func endOneOffDrain(_ i: Int, at t: Int64) {
        let n = input.drains[i].node
        guard nodeOneOffDrain[n] == i else { return }
        nodeOneOffDrain[n] = -1
        nodeDraining[n] = false
        if state.isDown[n] {
            state.setDown(n, false)
            nodeGeneration[n] &+= 1
            if nodeFailureModel[n] >= 0 && disruptionsContinue { scheduleFailure(n, from: t) }
        }
        state.setUnschedulable(n, false)
        nodeChanged(n, at: t)
    }

    private mutating func scheduleFailure(_ n: Int, from t: Int64) {
        let model = input.failures[nodeFailureModel[n]]
        let delay = model.timeBetweenFailures.sample(using: &nodeRandom[n])
        events.schedule(
            .nodeFailure(node: Int32(n), generation: nodeGeneration[n]), at: SimTime(milliseconds: t + delay))
    }

    /// Adds the GPU capacity and nodes out of service over `[from, to)`.
    mutating func accountDowntime(from: Int64, to: Int64) {
        guard to > from else { return }
        for pool in poolActiveNodes.indices {
            dynamics.poolNodeMilliseconds[pool] += Int128(poolActiveNodes[pool]) * Int128(to - from)
        }
        if state.brokenGPUMilli > 0 {
            dynamics.outOfServiceGPUMilliMilliseconds += Int128(state.brokenGPUMilli) * Int128(to - from)
        }
        guard state.downNodes > 0 else { return }
        dynamics.outOfServiceGPUMilliMilliseconds += Int128(state.downGPUMilli) * Int128(to - from)
        dynamics.downNodeMilliseconds += Int128(state.downNodes) * Int128(to - from)
    }

    // MARK: - Failures

    /// A node fails: every pod on it stops at once (no grace period), losing the work since its last checkpoint;
    /// their replacements enter the queue after `failureDetectionDelay`. The node is down until repaired.
    mutating func failNode(_ n: Int, at t: Int64) {
        guard !state.isDown[n] else { return }
        dynamics.nodeFailures += 1
        for q in nodePods[n] {
            let p = Int(q)
            let j = Int(podJob[p])
            guard podNode[p] == Int32(n), podPhase[p] == .running || podPhase[p] == .terminating else { continue }
            if podPhase[p] == .running { stopWork(pod: p, at: t) }
            if podPhase[p] == .terminating, podBudget[p] >= 0 { budgetTerminating[Int(podBudget[p])] -= 1 }
            accrueAllocation(pod: p, until: t)
            release(pod: p)
            podPhase[p] = .lost
            podAttempt[p] &+= 1
            jobInterruptions[j] += 1
            dynamics.podsInterrupted += 1
            events.schedule(
                .podReplaced(pod: q, attempt: podAttempt[p]), at: SimTime(milliseconds: t + Self.failureDetectionDelay))
            interruptGang(of: p, at: t)
        }
        precondition(nodePods[n].isEmpty, "failed node still lists pods")
        clearNominations(on: n)
        if nodeDraining[n] {
            nodeDraining[n] = false
            if nodeScaleDown[n] {
                nodeScaleDown[n] = false
                state.setUnschedulable(n, false)
            } else if nodeOneOffDrain[n] >= 0 {
                nodeOneOffDrain[n] = -1
                state.setUnschedulable(n, false)
            } else {
                upgradesInFlight -= 1
                startNextUpgrades(at: t)
            }
        }
        state.setDown(n, true)
        nodeGeneration[n] &+= 1
        let model = input.failures[nodeFailureModel[n]]
        events.schedule(
            .nodeRepaired(node: Int32(n)), at: SimTime(milliseconds: t + model.repairTime.sample(using: &nodeRandom[n]))
        )
    }

    mutating func repairNode(_ n: Int, at t: Int64) {
        state.setDown(n, false)
        nodeGeneration[n] &+= 1
        if disruptionsContinue { scheduleFailure(n, from: t) }
        nodeChanged(n, at: t)
    }

    /// Pods nominated to a node that went down look elsewhere.
    private mutating func clearNominations(on n: Int) {
        for nomination in state.nominations[n] {
            state.clearNomination(pod: nomination.pod, node: n)
            podNominated[Int(nomination.pod)] = -1
        }
    }

    // MARK: - Upgrades

    mutating func startUpgradeRound(at t: Int64) {
        guard let maintenance = input.maintenance else { return }
        events.schedule(.upgradeRound, at: SimTime(milliseconds: t + max(1, maintenance.interval)))
        // A round still in progress is not restarted; the next one starts on the next scheduled date after it.
        if upgradeQueueHead < upgradeQueue.count || upgradesInFlight > 0 { return }
        dynamics.upgradeRounds += 1
        upgradeQueue = Array(0..<state.nodeCount)
        upgradeQueueHead = 0
        startNextUpgrades(at: t)
    }

    /// Starts draining queued nodes while fewer than `maxUnavailable` are in flight.
    private mutating func startNextUpgrades(at t: Int64) {
        guard let maintenance = input.maintenance else { return }
        let wave = maintenance.waveSize(nodeCount: state.nodeCount)
        while upgradesInFlight < wave && upgradeQueueHead < upgradeQueue.count {
            let n = upgradeQueue[upgradeQueueHead]
            upgradeQueueHead += 1
            if state.isDown[n] || nodeDraining[n] || state.isAbsent[n] { continue }
            upgradesInFlight += 1
            nodeDraining[n] = true
            nodeDrainStart[n] = t
            state.setUnschedulable(n, true)
            clearNominations(on: n)
            drain(n, at: t)
        }
    }

    /// Evicts the running pods of a draining node that their PodDisruptionBudgets allow (all of them once the drain
    /// timeout has passed); retries in 5 s while some are blocked; takes the node down once it is empty.
    mutating func drain(_ n: Int, at t: Int64) {
        guard nodeDraining[n] else { return }
        let oneOff = nodeOneOffDrain[n] >= 0
        let timeout = oneOff ? Int64.max : (input.maintenance?.drainTimeout ?? .max)
        let force = t - nodeDrainStart[n] >= timeout
        var blocked = false
        for q in nodePods[n] where podPhase[Int(q)] == .running {
            let p = Int(q)
            if !force, podBudget[p] >= 0, disruptionsAllowed(budget: Int(podBudget[p])) < 1 {
                blocked = true
                continue
            }
            if force { dynamics.forcedDeletions += 1 } else { dynamics.drainEvictions += 1 }
            jobInterruptions[Int(podJob[p])] += 1
            dynamics.podsInterrupted += 1
            startTermination(pod: p, at: t)
        }
        if nodePods[n].isEmpty {
            state.setDown(n, true)
            nodeGeneration[n] &+= 1
            if !oneOff, let maintenance = input.maintenance {
                nodeDraining[n] = false
                dynamics.nodeUpgrades += 1
                events.schedule(
                    .upgradeDone(node: Int32(n)), at: SimTime(milliseconds: t + maintenance.upgradeDuration))
            }
        } else if blocked {
            events.schedule(.drainRetry(node: Int32(n)), at: SimTime(milliseconds: t + Self.evictionRetryDelay))
        }
    }

    mutating func finishUpgrade(_ n: Int, at t: Int64) {
        state.setDown(n, false)
        state.setUnschedulable(n, false)
        nodeGeneration[n] &+= 1
        upgradesInFlight -= 1
        if nodeFailureModel[n] >= 0 && disruptionsContinue { scheduleFailure(n, from: t) }
        nodeChanged(n, at: t)
        startNextUpgrades(at: t)
    }

    /// `disruptionsAllowed` of a PodDisruptionBudget now.
    func disruptionsAllowed(budget i: Int) -> Int {
        let budget = input.disruptionBudgets[i]
        if let minAvailable = budget.minAvailable { return budgetRunning[i] - minAvailable }
        return (budget.maxUnavailable ?? 0) - budgetTerminating[i]
    }
}

/// Summary metrics of failures, upgrades and lost work.
enum DynamicsSummary {
    static func metrics(_ d: DynamicsCounters, input: SimulationInput) -> [SummaryMetric] {
        guard
            !input.failures.isEmpty || input.maintenance != nil || !input.drains.isEmpty || d.podsInterrupted > 0
                || d.lostPodMilliseconds > 0 || input.cluster.pools.contains(where: \.isAutoscaled)
        else { return [] }
        let hour = 3_600_000.0
        var autoscaling: [SummaryMetric] = []
        if input.cluster.pools.contains(where: \.isAutoscaled) {
            autoscaling = [
                SummaryMetric(name: "autoscaler_scale_ups", value: Double(d.scaleUps), unit: "scale-ups"),
                SummaryMetric(name: "autoscaler_nodes_added", value: Double(d.nodesAdded), unit: "nodes"),
                SummaryMetric(name: "autoscaler_nodes_removed", value: Double(d.nodesRemoved), unit: "nodes"),
                SummaryMetric(name: "autoscaler_evictions", value: Double(d.scaleDownEvictions), unit: "pods"),
                SummaryMetric(
                    name: "node_hours", value: Double(d.poolNodeMilliseconds.reduce(0, +)) / hour, unit: "node-h"),
            ]
        }
        return autoscaling + [
            SummaryMetric(name: "node_failures", value: Double(d.nodeFailures), unit: "failures"),
            SummaryMetric(name: "gpu_device_failures", value: Double(d.gpuDeviceFailures), unit: "failures"),
            SummaryMetric(name: "upgrade_rounds", value: Double(d.upgradeRounds), unit: "rounds"),
            SummaryMetric(name: "node_upgrades", value: Double(d.nodeUpgrades), unit: "nodes"),
            SummaryMetric(name: "drain_evictions", value: Double(d.drainEvictions), unit: "pods"),
            SummaryMetric(name: "drain_forced_deletions", value: Double(d.forcedDeletions), unit: "pods"),
            SummaryMetric(name: "pods_interrupted", value: Double(d.podsInterrupted), unit: "pods"),
            SummaryMetric(
                name: "lost_work_gpu_hours", value: Double(d.lostGPUMilliMilliseconds) / 1000 / hour, unit: "GPU-h"),
            SummaryMetric(name: "lost_work_pod_hours", value: Double(d.lostPodMilliseconds) / hour, unit: "pod-h"),
            SummaryMetric(
                name: "out_of_service_gpu_hours", value: Double(d.outOfServiceGPUMilliMilliseconds) / 1000 / hour,
                unit: "GPU-h"),
            SummaryMetric(
                name: "out_of_service_node_hours", value: Double(d.downNodeMilliseconds) / hour, unit: "node-h"),
        ]
    }
}
