import Testing

@testable import CapSimCore

/// Invariants over many random clusters and workloads: no node over-committed (checked after every scheduling
/// pass by `checksInvariants`), every pod accounted for, identical results for the same seed.
@Suite struct PropertyTests {
    func randomInput(seed: UInt64) -> SimulationInput {
        var random = SeededRandom(seed: seed, stream: "property")
        let nodeCount = 1 + random.nextIndex(below: 12)
        let nodes = (0..<nodeCount).map { i -> NodeSpec in
            let gpus = Int32([0, 1, 2, 4, 8][random.nextIndex(below: 5)])
            return node(
                "n\(i)", cpu: Int64(4 + random.nextIndex(below: 60)) * 1000,
                memory: Int64(8 + random.nextIndex(below: 500)) * GiB, gpus: gpus,
                model: ["A100", "T4"][random.nextIndex(below: 2)])
        }
        let jobs = (0..<(20 + random.nextIndex(below: 200))).map { i -> JobSpec in
            let gpus = Int32([0, 0, 1, 1, 2, 4, 8][random.nextIndex(below: 7)])
            let milli = gpus == 1 && random.nextIndex(below: 2) == 0 ? Int32(100 + random.nextIndex(below: 800)) : 1000
            return JobSpec(
                name: "j\(i)", workload: "w",
                submitTime: SimTime(milliseconds: Int64(random.nextIndex(below: 3_600_000))),
                parallelism: Int32(1 + random.nextIndex(below: 3)),
                durationMilliseconds: Int64(1 + random.nextIndex(below: 7_200_000)),
                pod: PodTemplate(
                    cpuMillicores: Int64(random.nextIndex(below: 16_000)),
                    memoryBytes: Int64(random.nextIndex(below: 64)) * GiB,
                    gpuCount: gpus, gpuMilliPerGPU: milli, gpuModels: random.nextIndex(below: 4) == 0 ? ["T4"] : [],
                    priority: Int32(random.nextIndex(below: 3))))
        }.sorted { $0.submitTime < $1.submitTime }
        let scheduler = random.nextIndex(below: 2) == 0 ? SchedulerConfiguration.default : .binpack
        return SimulationInput(cluster: cluster(nodes), scheduler: scheduler, jobs: jobs, checksInvariants: true)
    }

    @Test("every job ends in a final state and the books balance", arguments: Array(UInt64(1)...40))
    func everyPodAccountedFor(seed: UInt64) {
        let input = randomInput(seed: seed)
        let result = Simulation.run(input)
        #expect(result.jobs.count == input.jobs.count)
        for record in result.jobs {
            switch record.state {
            case .succeeded:
                #expect(record.startMilliseconds != nil && record.endMilliseconds != nil)
                #expect(record.startMilliseconds! >= record.submitMilliseconds)
            case .unplaceable:
                #expect(record.startMilliseconds == nil && record.reason != nil)
            case .pending, .running, .rejected, .skipped, .replaced, .failed:
                Issue.record("job \(record.name) ended \(record.state) in a run without a horizon")
            }
        }
        // Without a horizon every placeable job finishes, so the cluster ends empty.
        let last = result.series.columns.first { $0.name == "running_pods" }?.values.last
        #expect(last == 0)
    }

    @Test("same input, same result", arguments: [UInt64(3), 17])
    func deterministic(seed: UInt64) {
        #expect(Simulation.run(randomInput(seed: seed)) == Simulation.run(randomInput(seed: seed)))
    }

    @Test("random streams are independent and reproducible")
    func streams() {
        var a = SeededRandom(seed: 42, stream: "arrivals/a")
        var a2 = SeededRandom(seed: 42, stream: "arrivals/a")
        var b = SeededRandom(seed: 42, stream: "arrivals/b")
        let first = (0..<4).map { _ in a.next() }
        #expect(first == (0..<4).map { _ in a2.next() })
        #expect(first != (0..<4).map { _ in b.next() })
    }

    @Test("event queue: equal times pop in scheduling order")
    func fifoTies() {
        var queue = EventQueue<String>()
        queue.schedule("b", at: SimTime(milliseconds: 5))
        queue.schedule("a", at: SimTime(milliseconds: 5))
        queue.schedule("first", at: SimTime(milliseconds: 1))
        #expect([queue.popNext()?.payload, queue.popNext()?.payload, queue.popNext()?.payload] == ["first", "b", "a"])
    }
}
