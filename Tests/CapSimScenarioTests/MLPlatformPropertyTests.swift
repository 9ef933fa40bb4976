import CapSimCore
import CapSimScenario
import Testing

/// scenarios/ml-platform.yaml over many seeds, with every invariant checked after each scheduling pass
/// (`checksInvariants`): no node over-committed, no gang partially running, no ClusterQueue above nominal quota
/// plus borrowing, no cohort above its quotas.
@Suite struct MLPlatformPropertyTests {
    @Test(
        "ml-platform keeps its invariants and every job ends in a state with a reason", arguments: Array(UInt64(1)...4))
    func invariants(seed: UInt64) throws {
        var input = try ScenarioLoader(tracesDirectory: TestPaths.traces)
            .load(path: TestPaths.scenario("ml-platform.yaml"), seedOverride: seed).input
        input.checksInvariants = true
        let result = Simulation.run(input)
        #expect(result.jobs.count > 0)
        for job in result.jobs {
            switch job.state {
            case .succeeded:
                #expect(job.endMilliseconds != nil && job.startMilliseconds != nil)
            case .running:
                #expect(job.startMilliseconds != nil)
            case .pending, .unplaceable, .failed, .skipped, .replaced:
                #expect(job.reason != nil, "\(job.name) \(job.state) without a reason")
            case .rejected:
                Issue.record("rejected in a timed run: \(job.name)")
            }
        }
        for metric in ["gpu_allocation_mean", "gpu_utilization_mean"] {
            let value = try #require(result.metric(metric))
            #expect((0...100).contains(value))
        }
        #expect(result.metric("gpu_utilization_mean")! <= result.metric("gpu_allocation_mean")!)
        #expect(try #require(result.metric("service_chat_slo_attainment")) > 90)
    }
}
