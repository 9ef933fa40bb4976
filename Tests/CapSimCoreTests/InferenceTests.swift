import Foundation
import Testing

@testable import CapSimCore

/// Inference services: Erlang C latency, the HPA algorithm, and the controller in a run.
@Suite struct InferenceTests {
    // MARK: - Erlang C

    @Test("Erlang C by hand: c=2, λ=1.5/s, μ=1/s gives P(wait) = 4.5 / 7")
    func erlangC() {
        // a = λ/μ = 1.5, ρ = a/c = 0.75. Terms: a^0/0! = 1, a^1/1! = 1.5, a^2/2!/(1−ρ) = 2.25/2/0.25 = 4.5.
        // P(wait) = 4.5 / (1 + 1.5 + 4.5) = 0.642857.
        let pw = InferenceQueueing.waitProbability(servers: 2, arrivalRate: 1.5, serviceRate: 1)
        #expect(abs(pw - 4.5 / 7) < 1e-12)
        // M/M/1: P(wait) = ρ.
        #expect(abs(InferenceQueueing.waitProbability(servers: 1, arrivalRate: 0.3, serviceRate: 1) - 0.3) < 1e-12)
        #expect(InferenceQueueing.waitProbability(servers: 2, arrivalRate: 2, serviceRate: 1) == 1)
        #expect(InferenceQueueing.waitProbability(servers: 2, arrivalRate: 0, serviceRate: 1) == 0)
        // Large c stays finite (log space): 1000 servers at ρ = 0.9 wait rarely, at ρ = 0.999 often.
        let big = InferenceQueueing.waitProbability(servers: 1000, arrivalRate: 900, serviceRate: 1)
        #expect(big >= 0 && big < 1e-3)
        let busy = InferenceQueueing.waitProbability(servers: 1000, arrivalRate: 999, serviceRate: 1)
        #expect(busy > 0.5 && busy < 1)
    }

    @Test("response quantiles: s + ln(P(wait)/(1−q)) / (cμ−λ), s below the atom")
    func quantiles() {
        // M/M/1, λ = 0.5/s, s = 1000 ms: P(wait) = 0.5, decay (1 − 0.5)/s = 0.0005/ms.
        let r = InferenceQueueing.Response.mmc(servers: 1, arrivalRate: 0.5, serviceMilliseconds: 1000)
        #expect(abs(r.quantile(0.95) - (1000 + log(10) / 0.0005)) < 1e-6)  // 5605.17 ms
        #expect(r.quantile(0.5) == 1000)  // P(wait) = 0.5 <= 1 − 0.5
        #expect(abs(r.cdf(1000) - 0.5) < 1e-12)
        let mixture = InferenceQueueing.mixtureQuantile(0.95, of: [(1, r)])
        #expect(abs(mixture - r.quantile(0.95)) < 0.02)
        // Half the requests at 100 ms, half at 300 ms: the median is the lower point, p95 the upper.
        let points: [(weight: Double, response: InferenceQueueing.Response)] = [
            (1, .init(base: 100)), (1, .init(base: 300)),
        ]
        #expect(abs(InferenceQueueing.mixtureQuantile(0.5, of: points) - 100) < 0.02)
        #expect(abs(InferenceQueueing.mixtureQuantile(0.95, of: points) - 300) < 0.02)
        #expect(InferenceQueueing.mixtureCDF(200, of: points) == 0.5)
    }

    // MARK: - HPA

    @Test("desired = ceil(current × util / target), 10 % tolerance, not-ready pods at 0 % on scale-up")
    func desiredReplicas() {
        typealias H = HorizontalPodAutoscaling
        // HPA docs: metric 200m with target 100m doubles; 50m halves.
        #expect(H.desiredReplicas(current: 4, ready: 4, utilization: 2.0, target: 1.0) == 8)
        #expect(H.desiredReplicas(current: 4, ready: 4, utilization: 0.5, target: 1.0) == 2)
        // 1 replica at 2.5 × capacity, target 0.7: ceil(3.57) = 4.
        #expect(H.desiredReplicas(current: 1, ready: 1, utilization: 2.5, target: 0.7) == 4)
        // Ratio 0.75 / 0.7 = 1.07: within tolerance.
        #expect(H.desiredReplicas(current: 3, ready: 3, utilization: 0.75, target: 0.7) == 3)
        // 2 of 4 ready at 100 %: counting the 2 starting at 0 %, the ratio is 0.71 < 1, so no change.
        #expect(H.desiredReplicas(current: 4, ready: 2, utilization: 1.0, target: 0.7) == 4)
        #expect(H.desiredReplicas(current: 4, ready: 2, utilization: 3.0, target: 0.7) == 9)
        #expect(H.desiredReplicas(current: 2, ready: 0, utilization: 0, target: 0.7) == nil)
    }

    @Test("scale-down uses the highest recommendation of the last 300 s; scale-up is max(100 %, 4 pods) per sync")
    func stabilization() {
        typealias H = HorizontalPodAutoscaling
        var history: [(time: Int64, replicas: Int)] = []
        #expect(H.stabilized(5, current: 5, history: &history, at: 0, minReplicas: 1, maxReplicas: 10) == 5)
        #expect(H.stabilized(3, current: 5, history: &history, at: 100_000, minReplicas: 1, maxReplicas: 10) == 5)
        #expect(H.stabilized(2, current: 5, history: &history, at: 200_000, minReplicas: 1, maxReplicas: 10) == 5)
        // The 5 at t = 0 left the window: the highest left is 3.
        #expect(H.stabilized(2, current: 5, history: &history, at: 300_000, minReplicas: 1, maxReplicas: 10) == 3)
        #expect(H.stabilized(2, current: 3, history: &history, at: 400_000, minReplicas: 1, maxReplicas: 10) == 2)
        var up: [(time: Int64, replicas: Int)] = []
        #expect(H.stabilized(10, current: 1, history: &up, at: 0, minReplicas: 1, maxReplicas: 50) == 5)
        #expect(H.stabilized(30, current: 10, history: &up, at: 15_000, minReplicas: 1, maxReplicas: 50) == 20)
        #expect(H.stabilized(90, current: 20, history: &up, at: 30_000, minReplicas: 1, maxReplicas: 25) == 25)
    }

    // MARK: - Runs

    private func input(
        _ traffic: InferenceTraffic, min: Int, initial: Int, startup: Int64, horizon: Int64
    ) -> SimulationInput {
        var input = SimulationInput(
            cluster: cluster([node("n0", cpu: 64_000, memory: 512 * GiB, gpus: 8)]), jobs: [],
            horizon: SimTime(milliseconds: horizon), sampleStepMilliseconds: 5_000, checksInvariants: true)
        input.services = [
            InferenceServiceSpec(
                name: "chat", pod: PodTemplate(cpuMillicores: 4_000, memoryBytes: 32 * GiB, gpuCount: 1),
                minReplicas: min, maxReplicas: 8, initialReplicas: initial, concurrencyPerReplica: 4,
                serviceTimeMilliseconds: 250, startupDelayMilliseconds: startup, targetUtilization: 0.7,
                sloLatencyMilliseconds: 1_000, traffic: traffic)
        ]
        return input
    }

    private func replicas(_ result: SimulationResult, at seconds: Int64) throws -> Double {
        let column = try #require(result.series.columns.first { $0.name == "service_chat_replicas" })
        let index = try #require(result.series.times.firstIndex(of: seconds * 1000))
        return column.values[index]
    }

    @Test("traffic steps up: the HPA scales up at the 15 s sync, ready 90 s later; down only after 300 s")
    func scaleUpAndDown() throws {
        let traffic = InferenceTraffic.steps([
            .init(milliseconds: 0, rps: 5), .init(milliseconds: 600_000, rps: 40),
            .init(milliseconds: 1_800_000, rps: 5),
        ])
        let result = Simulation.run(input(traffic, min: 1, initial: 1, startup: 90_000, horizon: 3_600_000))
        #expect(try replicas(result, at: 85) == 0)
        #expect(try replicas(result, at: 90) == 1)
        #expect(try replicas(result, at: 685) == 1)
        // 40 rps on 16 rps per replica at target 0.7: ceil(2.5 / 0.7) = 4 replicas from t = 600 s, ready at 690 s.
        #expect(try replicas(result, at: 690) == 4)
        #expect(try replicas(result, at: 1_800) == 4)
        // Recommendations of 1 from t = 1800 s; the last 4 (t = 1785 s) leaves the window at 2085 s.
        #expect(try replicas(result, at: 2_080) == 4)
        #expect(try replicas(result, at: 2_085) == 1)
        #expect(result.jobs.isEmpty)
        let p95 = try #require(result.metric("service_chat_latency_p95"))
        let p50 = try #require(result.metric("service_chat_latency_p50"))
        #expect(p50 >= 250 && p50 < 300)
        #expect(p95 > p50)
        let slo = try #require(result.metric("service_chat_slo_attainment"))
        #expect(slo > 50 && slo < 100)
        #expect(result.metric("service_chat_cold_starts") == 0)
        let allocation = try #require(result.metric("service_chat_gpu_allocation_mean"))
        let utilization = try #require(result.metric("service_chat_gpu_utilization_mean"))
        #expect(utilization > 0 && utilization < allocation)
        #expect(result.series.columns.contains { $0.name == "service_chat_latency_p95_ms" })
        #expect(result.series.columns.contains { $0.name == "service_chat_rps" })
    }

    @Test("scale to zero: requests at zero replicas wait for a cold start; idle 300 s scales back to 0")
    func scaleToZero() throws {
        let traffic = InferenceTraffic.steps([
            .init(milliseconds: 0, rps: 0), .init(milliseconds: 300_000, rps: 10),
            .init(milliseconds: 600_000, rps: 0), .init(milliseconds: 1_000_000, rps: 10),
        ])
        let result = Simulation.run(input(traffic, min: 0, initial: 0, startup: 60_000, horizon: 1_500_000))
        #expect(try replicas(result, at: 295) == 0)
        #expect(try replicas(result, at: 355) == 0)
        #expect(try replicas(result, at: 360) == 1)
        // Recommendations of 0 from t = 600 s; the last 1 (t = 585 s) leaves the window at 885 s.
        #expect(try replicas(result, at: 880) == 1)
        #expect(try replicas(result, at: 885) == 0)
        #expect(result.metric("service_chat_cold_starts") == 2)
        // Requests held during the 60 s cold starts, and those queued behind them while one replica (16 rps for
        // 10 rps) drains the 600 held requests for 100 s, miss the 1 s SLO: about 3200 of 8000.
        let slo = try #require(result.metric("service_chat_slo_attainment"))
        #expect(slo > 50 && slo < 70)
        #expect(try #require(result.metric("service_chat_latency_p95")) > 10_000)
    }

    @Test("the same input gives the same result")
    func determinism() {
        let traffic = InferenceTraffic.diurnal(mean: 30, amplitude: 25, peakAtMilliseconds: 14 * 3_600_000)
        let a = Simulation.run(input(traffic, min: 1, initial: 2, startup: 90_000, horizon: 86_400_000))
        let b = Simulation.run(input(traffic, min: 1, initial: 2, startup: 90_000, horizon: 86_400_000))
        #expect("\(a.summary)" == "\(b.summary)")
        #expect("\(a.series)" == "\(b.series)")
        #expect((a.metric("service_chat_replicas_mean") ?? 0) > 1)
    }
}
