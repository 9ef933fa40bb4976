/// Why a pod leaves its node (`Simulation.unbind(pod:reason:at:)`).
enum UnbindReason: Sendable, Equatable {
    /// It ran to completion.
    case succeeded
    /// Its container failed (restartPolicy Never).
    case failed
    /// It was deleted at once: CronJob `Replace`, a failed Job's remaining pods, an inference scale-in.
    case deleted
    /// It finished terminating after a graceful deletion (preemption, drain, scale-down, Kueue eviction).
    case terminated
    /// Its node failed.
    case nodeFailed
    /// One of its GPU devices failed.
    case deviceFailed
    /// A member of its gang was interrupted, so the whole gang restarts.
    case gangRestart

    /// Whether the node stays as it is, so pods waiting for room get the scheduler's queueing hint now. A failing
    /// node or device changes the node first; its controller sends the node-changed hint afterwards (or none for a
    /// node that goes down).
    var wakesWaitingPods: Bool { self != .nodeFailed && self != .deviceFailed }
}

/// A notification for the controllers watching the cluster, delivered after the handler of the current event
/// (an informer's event handler, without an API server).
enum ClusterNotice: Sendable, Equatable {
    /// A pod evicted from `node` with a grace period has terminated: a drain or a scale-down of the node may go on.
    case evictedPodGone(node: Int32)
}

extension Simulation {
    // MARK: - The one bind path

    /// Binds a pod to a node (kube-scheduler's Reserve and Bind, then the kubelet starts it): reserves its requests
    /// and GPU devices (chosen by the GPU policy, if any), records it on the node, and tells its Job controller.
    mutating func bind(pod p: Int, node: Int, at t: Int64) {
        let j = Int(pods.job[p])
        let chosen = scheduler.selectDevices(compiled[j], node: node, state: state)
        pods.devices[p] = state.bind(compiled[j], on: node, devices: chosen)
        scheduler.didBind(compiled[j], node: node, devices: pods.devices[p], state: state)
        pods.node[p] = Int32(node)
        pods.phase[p] = .running
        pods.start[p] = t
        pods.onNode[node].append(Int32(p))
        budgets.podStarted(p)
        pods.pending -= 1
        pods.running += 1
        runningPriorities.add(compiled[j].priority)
        podStarted(p, at: t)
    }

    // MARK: - The one unbind path

    /// Takes a pod (running or terminating) off its node, whatever the reason: releases its requests and devices,
    /// books the requests it held since its binding for cost allocation (OpenCost allocates what a pod requested
    /// while it held the node), updates its PodDisruptionBudget, and tells the controllers that care: the
    /// scheduling queue's queueing hint for the node (unless the node itself is failing), and, for a graceful
    /// deletion, the drain or scale-down waiting for the node to empty. The caller sets the pod's next phase.
    ///
    /// - Parameters:
    ///   - p: The pod; it must be bound.
    ///   - reason: Why it leaves.
    ///   - t: Now, ms.
    mutating func unbind(pod p: Int, reason: UnbindReason, at t: Int64) {
        let node = Int(pods.node[p])
        precondition(node >= 0, "unbind of a pod that is not bound")
        let j = Int(pods.job[p])
        allocation.add(
            job: j, pool: input.cluster.nodes[node].poolIndex, pod: compiled[j], milliseconds: t - pods.start[p])
        state.unbind(compiled[j], from: node, devices: pods.devices[p])
        scheduler.didUnbind(compiled[j], node: node, devices: pods.devices[p], state: state)
        if let i = pods.onNode[node].firstIndex(of: Int32(p)) { pods.onNode[node].remove(at: i) }
        switch pods.phase[p] {
        case .running:
            pods.running -= 1
            runningPriorities.remove(compiled[j].priority)
            budgets.podStopped(p)
        case .terminating: budgets.terminationEnded(p)
        default: break
        }
        if reason.wakesWaitingPods { nodeChanged(node, at: t) }
        if reason == .terminated { notices.append(.evictedPodGone(node: Int32(node))) }
    }

    /// Deletes a running pod with its grace period (a preemption victim, a drained or scaled-down pod, a Kueue
    /// eviction): its work stops now, it keeps its resources until `terminationGracePeriod` has passed (then
    /// `podTerminated` unbinds it), and a gang it belongs to restarts.
    mutating func terminate(pod q: Int, at t: Int64) {
        let c = compiled[Int(pods.job[q])]
        stopWork(pod: q, at: t)
        pods.phase[q] = .terminating
        pods.running -= 1
        runningPriorities.remove(c.priority)
        budgets.podStopped(q)
        budgets.terminationStarted(q)
        engine.schedule(.job(.podTerminated(pod: Int32(q), attempt: pods.attempt[q])), at: t + c.gracePeriod)
        interruptGang(of: q, at: t)
    }

    /// Pods nominated to a node that went down or is being drained look elsewhere.
    mutating func clearNominations(on n: Int) {
        for nomination in state.nominations[n] {
            state.clearNomination(pod: nomination.pod, node: n)
            pods.nominated[Int(nomination.pod)] = -1
        }
    }

    // MARK: - Notifications

    /// A node gained room or came back: the scheduling queue's queueing hint.
    mutating func nodeChanged(_ node: Int, at t: Int64) {
        queue.nodeChanged(node, at: t, pods: &pods, compiled: compiled, state: state, engine: &engine)
    }

    /// Delivers the notifications raised by the last event's handler, in order.
    mutating func deliverNotices(at t: Int64) {
        guard !notices.isEmpty else { return }
        var i = 0
        while i < notices.count {
            switch notices[i] {
            case .evictedPodGone(let node):
                let n = Int(node)
                if autoscaler.scaleDown[n] {
                    if pods.onNode[n].isEmpty { removeNode(n) }
                } else if maintenance.draining[n] {
                    drain(n, at: t)
                }
            }
            i += 1
        }
        notices.removeAll(keepingCapacity: true)
    }
}
