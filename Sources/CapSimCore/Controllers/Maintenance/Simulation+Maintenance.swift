extension Simulation {
    /// Schedules the first upgrade round and every one-off drain's start and end.
    mutating func startMaintenance() {
        if let maintenance = input.maintenance {
            engine.schedule(.maintenance(.upgradeRound), at: maintenance.firstUpgrade)
        }
        for (i, drain) in input.drains.enumerated() {
            engine.schedule(.maintenance(.drainStart(index: Int32(i))), at: drain.at)
            engine.schedule(.maintenance(.drainEnd(index: Int32(i))), at: drain.at + drain.duration)
        }
    }

    /// Routes a maintenance event.
    mutating func handleMaintenanceEvent(_ event: MaintenanceController.Event, at t: Int64) {
        switch event {
        case .upgradeRound: startUpgradeRound(at: t)
        case .drainRetry(let n): drain(Int(n), at: t)
        case .upgradeDone(let n): finishUpgrade(Int(n), at: t)
        case .drainStart(let i): startOneOffDrain(Int(i), at: t)
        case .drainEnd(let i): endOneOffDrain(Int(i), at: t)
        }
    }

    // MARK: - One-off drains

    private mutating func startOneOffDrain(_ i: Int, at t: Int64) {
        let n = input.drains[i].node
        guard !state.isDown[n], !maintenance.draining[n] else { return }
        maintenance.draining[n] = true
        maintenance.oneOffDrain[n] = i
        maintenance.drainStart[n] = t
        state.setUnschedulable(n, true)
        clearNominations(on: n)
        drain(n, at: t)
    }

    private mutating func endOneOffDrain(_ i: Int, at t: Int64) {
        let n = input.drains[i].node
        guard maintenance.oneOffDrain[n] == i else { return }
        maintenance.oneOffDrain[n] = -1
        maintenance.draining[n] = false
        if state.isDown[n] {
            state.setDown(n, false)
            lifecycle.statusChanged(n)
            if lifecycle.hasFailures(n) && disruptionsContinue { lifecycle.scheduleFailure(n, from: t, &engine) }
        }
        state.setUnschedulable(n, false)
        nodeChanged(n, at: t)
    }

    /// A node failed while being drained: the drain (or scale-down) is abandoned and an upgrade wave moves on.
    mutating func abandonDrain(_ n: Int, at t: Int64) {
        maintenance.draining[n] = false
        if autoscaler.scaleDown[n] {
            autoscaler.scaleDown[n] = false
            state.setUnschedulable(n, false)
        } else if maintenance.oneOffDrain[n] >= 0 {
            maintenance.oneOffDrain[n] = -1
            state.setUnschedulable(n, false)
        } else {
            maintenance.upgradesInFlight -= 1
            startNextUpgrades(at: t)
        }
    }

    // MARK: - Upgrades

    private mutating func startUpgradeRound(at t: Int64) {
        guard let policy = input.maintenance else { return }
        engine.schedule(.maintenance(.upgradeRound), at: t + max(1, policy.interval))
        // A round still in progress is not restarted; the next one starts on the next scheduled date after it.
        if maintenance.upgradeQueueHead < maintenance.upgradeQueue.count || maintenance.upgradesInFlight > 0 { return }
        counters.upgradeRounds += 1
        maintenance.upgradeQueue = Array(0..<state.nodeCount)
        maintenance.upgradeQueueHead = 0
        startNextUpgrades(at: t)
    }

    /// Starts draining queued nodes while fewer than `maxUnavailable` are in flight.
    private mutating func startNextUpgrades(at t: Int64) {
        guard let policy = input.maintenance else { return }
        let wave = policy.waveSize(nodeCount: state.nodeCount)
        while maintenance.upgradesInFlight < wave && maintenance.upgradeQueueHead < maintenance.upgradeQueue.count {
            let n = maintenance.upgradeQueue[maintenance.upgradeQueueHead]
            maintenance.upgradeQueueHead += 1
            if state.isDown[n] || maintenance.draining[n] || state.isAbsent[n] { continue }
            maintenance.upgradesInFlight += 1
            maintenance.draining[n] = true
            maintenance.drainStart[n] = t
            state.setUnschedulable(n, true)
            clearNominations(on: n)
            drain(n, at: t)
        }
    }

    /// Evicts the running pods of a draining node that their PodDisruptionBudgets allow (all of them once the drain
    /// timeout has passed); retries in 5 s while some are blocked; takes the node down once it is empty.
    mutating func drain(_ n: Int, at t: Int64) {
        guard maintenance.draining[n] else { return }
        let oneOff = maintenance.oneOffDrain[n] >= 0
        let timeout = oneOff ? Int64.max : (input.maintenance?.drainTimeout ?? .max)
        let force = t - maintenance.drainStart[n] >= timeout
        var blocked = false
        for q in pods.onNode[n] where pods.phase[Int(q)] == .running {
            let p = Int(q)
            if !force, budgets.ofPod[p] >= 0, budgets.disruptionsAllowed(budget: Int(budgets.ofPod[p])) < 1 {
                blocked = true
                continue
            }
            if force { counters.forcedDeletions += 1 } else { counters.drainEvictions += 1 }
            jobs.interruptions[Int(pods.job[p])] += 1
            counters.podsInterrupted += 1
            terminate(pod: p, at: t)
        }
        if pods.onNode[n].isEmpty {
            state.setDown(n, true)
            lifecycle.statusChanged(n)
            if !oneOff, let policy = input.maintenance {
                maintenance.draining[n] = false
                counters.nodeUpgrades += 1
                engine.schedule(.maintenance(.upgradeDone(node: Int32(n))), at: t + policy.upgradeDuration)
            }
        } else if blocked {
            engine.schedule(.maintenance(.drainRetry(node: Int32(n))), at: t + MaintenanceController.evictionRetryDelay)
        }
    }

    private mutating func finishUpgrade(_ n: Int, at t: Int64) {
        state.setDown(n, false)
        state.setUnschedulable(n, false)
        lifecycle.statusChanged(n)
        maintenance.upgradesInFlight -= 1
        if lifecycle.hasFailures(n) && disruptionsContinue { lifecycle.scheduleFailure(n, from: t, &engine) }
        nodeChanged(n, at: t)
        startNextUpgrades(at: t)
    }
}
