extension Simulation {
    /// Schedules the first failure of every node with a failure model and of each of its GPU devices.
    mutating func startNodeLifecycle() {
        for n in 0..<state.nodeCount where lifecycle.hasFailures(n) {
            if !state.isAbsent[n] { lifecycle.scheduleFailure(n, from: 0, &engine) }
            for d in 0..<Int(state.gpuCount[n]) {
                lifecycle.scheduleDeviceFailure(node: n, device: d, start: Int(state.gpuStart[n]), from: 0, &engine)
            }
        }
    }

    /// Routes a node-lifecycle event.
    mutating func handleNodeLifecycleEvent(_ event: NodeLifecycleController.Event, at t: Int64) {
        switch event {
        case .nodeFailure(let n, _): failNode(Int(n), at: t)
        case .nodeRepaired(let n): repairNode(Int(n), at: t)
        case .deviceFailure(let n, let d, _): failDevice(node: Int(n), device: Int(d), at: t)
        case .deviceRepaired(let n, let d): repairDevice(node: Int(n), device: Int(d), at: t)
        }
    }

    // MARK: - Node failures

    /// A node fails: every pod on it stops at once (no grace period), losing the work since its last checkpoint;
    /// their replacements enter the queue after `failureDetectionDelay`. The node is down until repaired; a drain or
    /// scale-down in progress on it is abandoned.
    private mutating func failNode(_ n: Int, at t: Int64) {
        guard !state.isDown[n] else { return }
        counters.nodeFailures += 1
        for q in pods.onNode[n] {
            let p = Int(q)
            guard pods.node[p] == Int32(n), pods.phase[p] == .running || pods.phase[p] == .terminating else { continue }
            if pods.phase[p] == .running { stopWork(pod: p, at: t) }
            unbind(pod: p, reason: .nodeFailed, at: t)
            pods.phase[p] = .lost
            pods.attempt[p] &+= 1
            jobs.interruptions[Int(pods.job[p])] += 1
            counters.podsInterrupted += 1
            engine.schedule(
                .job(.podReplaced(pod: q, attempt: pods.attempt[p])),
                at: t + NodeLifecycleController.failureDetectionDelay)
            interruptGang(of: p, at: t)
        }
        precondition(pods.onNode[n].isEmpty, "failed node still lists pods")
        clearNominations(on: n)
        if maintenance.draining[n] { abandonDrain(n, at: t) }
        state.setDown(n, true)
        lifecycle.statusChanged(n)
        let model = lifecycle.models[lifecycle.modelOfNode[n]]
        engine.schedule(
            .nodeLifecycle(.nodeRepaired(node: Int32(n))),
            at: t + model.repairTime.sample(using: &lifecycle.nodeRandom[n]))
    }

    /// A failed node is repaired and Ready again.
    private mutating func repairNode(_ n: Int, at t: Int64) {
        state.setDown(n, false)
        lifecycle.statusChanged(n)
        if disruptionsContinue { lifecycle.scheduleFailure(n, from: t, &engine) }
        nodeChanged(n, at: t)
    }

    // MARK: - GPU device failures

    /// A GPU device fails: the pod using it fails (work since its last checkpoint is lost) and is recreated at once;
    /// the node loses one GPU until the device is replaced. A device of a node that is down or not provisioned
    /// draws its next failure instead.
    private mutating func failDevice(node n: Int, device d: Int, at t: Int64) {
        let model = lifecycle.models[lifecycle.modelOfNode[n]]
        let start = Int(state.gpuStart[n])
        guard !state.isDown[n], !state.isAbsent[n], state.brokenDevices[n] & (1 << UInt64(d)) == 0 else {
            lifecycle.scheduleDeviceFailure(node: n, device: d, start: start, from: t, &engine)
            return
        }
        for q in pods.onNode[n] where pods.devices[Int(q)] & (1 << UInt64(d)) != 0 {
            let p = Int(q)
            guard pods.node[p] == Int32(n), pods.phase[p] == .running || pods.phase[p] == .terminating else { continue }
            if pods.phase[p] == .running { stopWork(pod: p, at: t) }
            unbind(pod: p, reason: .deviceFailed, at: t)
            jobs.interruptions[Int(pods.job[p])] += 1
            counters.podsInterrupted += 1
            recreate(pod: p, at: t)
            interruptGang(of: p, at: t)
        }
        state.breakDevice(node: n, device: d)
        counters.gpuDeviceFailures += 1
        let repair = (model.gpuRepairTime ?? model.repairTime).sample(using: &lifecycle.deviceRandom[start + d])
        engine.schedule(.nodeLifecycle(.deviceRepaired(node: Int32(n), device: Int32(d))), at: t + repair)
        nodeChanged(n, at: t)
    }

    /// A failed GPU device is replaced.
    private mutating func repairDevice(node n: Int, device d: Int, at t: Int64) {
        state.repairDevice(node: n, device: d)
        if disruptionsContinue {
            lifecycle.scheduleDeviceFailure(node: n, device: d, start: Int(state.gpuStart[n]), from: t, &engine)
        }
        nodeChanged(n, at: t)
    }
}
