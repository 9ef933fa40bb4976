/// kube-scheduler's `selectHost` tie-break, emulated inside a GPU policy: among the nodes with the highest score,
/// one is chosen uniformly at random (reservoir sampling in feasible order, as upstream `generic_scheduler.go` of
/// the v1.20 scheduler used by the reference simulator) and made the unique maximum.
///
/// capsim's `Scheduler` breaks ties by taking the first feasible node, which is reproducible but biased: with
/// integer scores many nodes tie (every node scores 0 for a CPU pod under GpuPacking), and first-node ties pile
/// pods onto low-index nodes. The policies apply this only when they are the sole scorer (the paper profile,
/// `SchedulerConfiguration.gpuSharing`), where changing the losers' scores by one point changes nothing else: the
/// other tied nodes lose one point, or, when the top score is 0, the chosen node gains one.
struct RandomTieBreak: Sendable {
    private var random: SeededRandom

    /// Creates the tie-break stream of one policy.
    ///
    /// - Parameters:
    ///   - seed: The run seed.
    ///   - policy: The policy (names the stream `gpu-policy/<name>/tie-break`).
    init(seed: UInt64, policy: GPUPolicyKind) {
        random = SeededRandom(seed: seed, stream: "gpu-policy/\(policy.rawValue)/tie-break")
    }

    /// Makes the maximum of `scores[start...]` unique by a uniform random choice among the tied nodes.
    ///
    /// - Parameters:
    ///   - scores: Scores in 0...100.
    ///   - start: First index of this cycle's scores.
    mutating func separate(_ scores: inout [Int64], from start: Int) {
        guard scores.count - start > 1 else { return }
        var best = start
        var top = scores[start]
        var tied = 1
        for i in (start + 1)..<scores.count {
            let s = scores[i]
            if s > top {
                top = s
                best = i
                tied = 1
            } else if s == top {
                tied += 1
                if random.nextIndex(below: tied) == 0 { best = i }
            }
        }
        guard tied > 1 else { return }
        if top > 0 {
            for i in start..<scores.count where i != best && scores[i] == top { scores[i] = top - 1 }
        } else {
            scores[best] = top + 1
        }
    }
}
