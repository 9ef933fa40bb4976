import Foundation

/// An inference service: long-running replicas behind a HorizontalPodAutoscaler, serving a request rate that
/// varies over time (`workloads[].inference`).
///
/// Replicas are pods created through the normal scheduling queue; a replica serves only after `startupDelay`
/// (image pull plus model load) from its binding, while it already holds its requests. Latency comes from an
/// M/M/c queue (`InferenceQueueing`), replica counts from the HPA algorithm (`HorizontalPodAutoscaling`).
public struct InferenceServiceSpec: Sendable, Equatable {
    /// Service name (the workload name; metrics are `service_<name>_*`).
    public var name: String
    /// What each replica asks for.
    public var pod: PodTemplate
    /// HPA `minReplicas` (0 enables scale-to-zero with cold starts).
    public var minReplicas: Int
    /// HPA `maxReplicas`.
    public var maxReplicas: Int
    /// Replicas at the start of the run.
    public var initialReplicas: Int
    /// Requests one replica serves in parallel.
    public var concurrencyPerReplica: Int
    /// Mean time to serve one request, ms.
    public var serviceTimeMilliseconds: Int64
    /// Image pull plus model load: time from binding until a replica is ready, ms.
    public var startupDelayMilliseconds: Int64
    /// HPA target: share of replica capacity in use (0 < target <= 1).
    public var targetUtilization: Double
    /// Latency objective, ms.
    public var sloLatencyMilliseconds: Int64
    /// Request rate over time.
    public var traffic: InferenceTraffic

    /// Creates a service.
    public init(
        name: String, pod: PodTemplate, minReplicas: Int, maxReplicas: Int, initialReplicas: Int,
        concurrencyPerReplica: Int, serviceTimeMilliseconds: Int64, startupDelayMilliseconds: Int64,
        targetUtilization: Double, sloLatencyMilliseconds: Int64, traffic: InferenceTraffic
    ) {
        self.name = name
        self.pod = pod
        self.minReplicas = minReplicas
        self.maxReplicas = maxReplicas
        self.initialReplicas = initialReplicas
        self.concurrencyPerReplica = concurrencyPerReplica
        self.serviceTimeMilliseconds = serviceTimeMilliseconds
        self.startupDelayMilliseconds = startupDelayMilliseconds
        self.targetUtilization = targetUtilization
        self.sloLatencyMilliseconds = sloLatencyMilliseconds
        self.traffic = traffic
    }
}

/// A request rate (requests per second) as a function of time since the start of the run.
public enum InferenceTraffic: Sendable, Equatable {
    /// The same rate all the time.
    case constant(Double)
    /// `mean + amplitude × cos(2π (t − peakAt) / 24 h)`, clamped at 0.
    case diurnal(mean: Double, amplitude: Double, peakAtMilliseconds: Int64)
    /// Piecewise constant: each step's rate holds from its time until the next step (0 before the first).
    case steps([InferencePoint])
    /// A measured series: linear interpolation between points, the first value before the first point and the
    /// last value after the last.
    case series([InferencePoint])

    /// The request rate at `t`.
    ///
    /// - Parameter t: Milliseconds since the start of the run.
    /// - Returns: Requests per second, >= 0.
    public func rate(at t: Int64) -> Double {
        switch self {
        case .constant(let rps): return max(0, rps)
        case .diurnal(let mean, let amplitude, let peak):
            let day = 86_400_000.0
            return max(0, mean + amplitude * cos(2 * Double.pi * Double(t - peak) / day))
        case .steps(let points):
            var rate = 0.0
            for point in points where point.milliseconds <= t { rate = point.rps }
            return max(0, rate)
        case .series(let points):
            guard let first = points.first, let last = points.last else { return 0 }
            if t <= first.milliseconds { return max(0, first.rps) }
            if t >= last.milliseconds { return max(0, last.rps) }
            var low = 0
            var high = points.count - 1
            while high - low > 1 {
                let mid = (low + high) / 2
                if points[mid].milliseconds <= t { low = mid } else { high = mid }
            }
            let a = points[low]
            let b = points[high]
            let span = Double(b.milliseconds - a.milliseconds)
            let share = span > 0 ? Double(t - a.milliseconds) / span : 1
            return max(0, a.rps + (b.rps - a.rps) * share)
        }
    }
}

/// One (time, rate) point of a traffic profile.
public struct InferencePoint: Sendable, Equatable {
    /// Milliseconds since the start of the run.
    public var milliseconds: Int64
    /// Requests per second.
    public var rps: Double

    /// Creates a point.
    public init(milliseconds: Int64, rps: Double) {
        self.milliseconds = milliseconds
        self.rps = rps
    }
}

/// M/M/c queueing formulas (Erlang C) for the latency of an inference service.
public enum InferenceQueueing {
    /// Erlang C: the probability that a request waits (all `servers` busy) in an M/M/c queue.
    ///
    /// `P(wait) = [(cρ)^c / c! / (1−ρ)] / [Σ_{k<c} (cρ)^k / k! + (cρ)^c / c! / (1−ρ)]` with `ρ = λ / (cμ)`.
    /// Terms are computed in log space (`log((cρ)^k / k!) = k·log(cρ) − lgamma(k+1)`) and summed after
    /// subtracting the largest, so thousands of servers neither overflow nor underflow.
    ///
    /// - Parameters:
    ///   - servers: c, >= 1.
    ///   - arrivalRate: λ, requests per second.
    ///   - serviceRate: μ, requests per second per server.
    /// - Returns: P(wait) in 0...1; 1 when ρ >= 1 (the queue is unstable), 0 when λ = 0.
    /// - Complexity: O(c).
    public static func waitProbability(servers: Int, arrivalRate: Double, serviceRate: Double) -> Double {
        let (c, lambda, mu) = (servers, arrivalRate, serviceRate)
        guard c >= 1, mu > 0 else { return 1 }
        guard lambda > 0 else { return 0 }
        let offered = lambda / mu
        let rho = offered / Double(c)
        guard rho < 1 else { return 1 }
        let logOffered = log(offered)
        var logs: [Double] = []
        logs.reserveCapacity(c + 1)
        for k in 0..<c { logs.append(Double(k) * logOffered - lgamma(Double(k + 1))) }
        let logLast = Double(c) * logOffered - lgamma(Double(c + 1)) - log(1 - rho)
        logs.append(logLast)
        let top = logs.max() ?? 0
        let total = logs.reduce(0) { $0 + exp($1 - top) }
        return min(1, max(0, exp(logLast - top) / total))
    }

    /// One interval's response-time distribution: a deterministic part plus an exponential wait with an atom at 0.
    ///
    /// Approximation: service time is taken as its mean `s` (inference requests of one model vary little), and the
    /// wait is M/M/c's, `P(W > t) = P(wait)·e^{−(cμ−λ)t}`, so the response `R = s + W` has
    /// `P(R ≤ x) = 1 − P(wait)·e^{−(cμ−λ)(x−s)}` for `x ≥ s` and 0 below `s`. A point mass (waiting behind a
    /// backlog or for a cold start) is `waitProbability = 0` with `base` = its latency.
    public struct Response: Sendable, Equatable {
        /// Latency every request has at least (service time, plus any fixed wait), ms.
        public var base: Double
        /// P(wait).
        public var waitProbability: Double
        /// Decay rate of the wait tail, `cμ − λ`, per ms.
        public var decay: Double

        /// Creates a distribution.
        public init(base: Double, waitProbability: Double = 0, decay: Double = 0) {
            self.base = base
            self.waitProbability = waitProbability
            self.decay = decay
        }

        /// The M/M/c response time with deterministic service.
        ///
        /// - Parameters:
        ///   - servers: c.
        ///   - arrivalRate: λ, per second.
        ///   - serviceMilliseconds: Mean service time, ms (μ = 1000 / it per second).
        /// - Returns: The distribution of `s + W`.
        /// - Precondition: λ < cμ.
        public static func mmc(servers: Int, arrivalRate: Double, serviceMilliseconds: Double) -> Response {
            let mu = 1000 / serviceMilliseconds
            precondition(arrivalRate < Double(servers) * mu, "M/M/c needs λ < cμ")
            let pw = InferenceQueueing.waitProbability(servers: servers, arrivalRate: arrivalRate, serviceRate: mu)
            return Response(
                base: serviceMilliseconds, waitProbability: pw, decay: (Double(servers) * mu - arrivalRate) / 1000)
        }

        /// `P(R ≤ x)`.
        public func cdf(_ x: Double) -> Double {
            guard x >= base else { return 0 }
            guard waitProbability > 0 else { return 1 }
            return 1 - waitProbability * exp(-decay * (x - base))
        }

        /// The `q` quantile (0 < q < 1): `s` when `P(wait) ≤ 1 − q`, else `s + ln(P(wait) / (1 − q)) / (cμ − λ)`.
        public func quantile(_ q: Double) -> Double {
            guard waitProbability > 1 - q, decay > 0 else { return base }
            return base + log(waitProbability / (1 - q)) / decay
        }
    }

    /// The `q` quantile of a request-weighted mixture of response-time distributions, by bisection on the
    /// mixture CDF to 0.01 ms.
    ///
    /// - Parameters:
    ///   - q: Quantile, 0 < q < 1.
    ///   - parts: (requests, distribution) pairs.
    /// - Returns: Milliseconds, or NaN with no requests.
    public static func mixtureQuantile(_ q: Double, of parts: [(weight: Double, response: Response)]) -> Double {
        let total = parts.reduce(0) { $0 + $1.weight }
        guard total > 0 else { return .nan }
        var low = 0.0
        var high = parts.reduce(0) { max($0, $1.response.quantile(1 - 1e-7)) } + 1
        for _ in 0..<200 where high - low > 0.01 {
            let mid = (low + high) / 2
            let f = parts.reduce(0) { $0 + $1.weight * $1.response.cdf(mid) } / total
            if f >= q { high = mid } else { low = mid }
        }
        return high
    }

    /// Share of a mixture's requests with latency at most `x` ms (1 with no requests).
    public static func mixtureCDF(_ x: Double, of parts: [(weight: Double, response: Response)]) -> Double {
        let total = parts.reduce(0) { $0 + $1.weight }
        guard total > 0 else { return 1 }
        return parts.reduce(0) { $0 + $1.weight * $1.response.cdf(x) } / total
    }
}

/// The HorizontalPodAutoscaler algorithm (autoscaling/v2 defaults), as pure functions.
public enum HorizontalPodAutoscaling {
    /// Sync period, ms (`--horizontal-pod-autoscaler-sync-period`).
    public static let syncPeriodMilliseconds: Int64 = 15_000
    /// No change while |ratio − 1| ≤ tolerance.
    public static let tolerance = 0.1
    /// Scale-down stabilization window, ms: the highest recommendation of this window is used.
    public static let scaleDownWindowMilliseconds: Int64 = 300_000

    /// The raw recommendation: `ceil(current × currentUtilization / target)`, or `current` within tolerance.
    ///
    /// Utilization is averaged over ready replicas. On a scale-up with replicas still starting, those count as
    /// using 0 % (the HPA's rule for not-yet-ready pods), and the result is recomputed over all of them; if it
    /// then falls within tolerance or flips to a scale-down, the count stays.
    ///
    /// - Parameters:
    ///   - current: Replicas the HPA manages now (`spec.replicas`).
    ///   - ready: Ready replicas (metrics come only from these).
    ///   - utilization: Mean utilization over ready replicas (share of capacity in use, may exceed 1).
    ///   - target: Target utilization.
    /// - Returns: The recommended count, or `nil` with no ready replica (no metrics: the HPA does not act).
    public static func desiredReplicas(current: Int, ready: Int, utilization: Double, target: Double) -> Int? {
        guard ready > 0, target > 0 else { return nil }
        let ratio = utilization / target
        if abs(ratio - 1) <= tolerance { return current }
        let notReady = max(0, current - ready)
        guard ratio > 1, notReady > 0 else { return Int((ratio * Double(ready)).rounded(.up)) }
        let total = ready + notReady
        let newRatio = utilization * Double(ready) / Double(total) / target
        if abs(newRatio - 1) <= tolerance || newRatio < 1 { return current }
        return Int((newRatio * Double(total)).rounded(.up))
    }

    /// Stabilization and rate limits: scale-down uses the highest recommendation of the last 300 s (scale-up
    /// window 0 s); scale-up is limited to `max(2 × current, current + 4)` per sync (policies 100 % and 4 pods
    /// per 15 s, `selectPolicy: Max`); the result is clamped to `[minReplicas, maxReplicas]`.
    ///
    /// - Parameters:
    ///   - recommendation: This sync's raw recommendation.
    ///   - current: `spec.replicas` now.
    ///   - history: Earlier (time, recommendation) pairs; entries older than the window are dropped.
    ///   - t: Now, ms.
    ///   - minReplicas: Lower bound.
    ///   - maxReplicas: Upper bound.
    /// - Returns: The new `spec.replicas`.
    public static func stabilized(
        _ recommendation: Int, current: Int, history: inout [(time: Int64, replicas: Int)], at t: Int64,
        minReplicas: Int, maxReplicas: Int
    ) -> Int {
        history.removeAll { $0.time <= t - scaleDownWindowMilliseconds }
        history.append((t, recommendation))
        let downRecommendation = history.reduce(recommendation) { max($0, $1.replicas) }
        var result = current
        if result < recommendation { result = recommendation }
        if result > downRecommendation { result = downRecommendation }
        if result > current { result = min(result, max(2 * current, current + 4)) }
        return min(max(result, minReplicas), maxReplicas)
    }
}
