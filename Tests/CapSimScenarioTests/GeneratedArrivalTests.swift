import CapSimCore
import CapSimScenario
import Testing

@Suite struct GeneratedArrivalTests {
    let loader = ScenarioLoader(tracesDirectory: TestPaths.traces)

    static func yaml(seed: UInt64, extraWorkload: Bool = false, duration: String = "1h") -> String {
        var text = """
            name: poisson
            seed: \(seed)
            cluster: {nodePools: [{name: p, count: 1, cpu: 8, memory: 8Gi}]}
            workloads:
              - name: first
                requests: {cpu: 1}
                duration: \(duration)
                arrivals: {poisson: {ratePerHour: 6}, count: 1000}
            """
        if extraWorkload {
            text += """

                  - name: second
                    requests: {cpu: 2}
                    duration: {exponential: {mean: 30m}}
                    arrivals: {poisson: {meanInterval: 7m}, count: 500}
                """
        }
        return text
    }

    func times(_ scenario: LoadedScenario, workload: String) -> [Int64] {
        scenario.input.jobs.filter { $0.workload == workload }.map(\.submitTime.milliseconds)
    }

    @Test("poisson arrivals have the requested mean and are reproducible per seed")
    func poissonMeanAndDeterminism() throws {
        let a = try loader.load(yaml: Self.yaml(seed: 42), path: "p.yaml")
        let times = times(a, workload: "first")
        #expect(times.count == 1000)
        #expect(zip(times, times.dropFirst()).allSatisfy { $0 < $1 })
        let meanSeconds = Double(try #require(times.last)) / 1000 / 1000
        #expect(abs(meanSeconds - 600) < 60, "mean inter-arrival \(meanSeconds) s")
        #expect(a.input.jobs.map(\.name).prefix(3) == ["first-0", "first-1", "first-2"])

        let again = try loader.load(yaml: Self.yaml(seed: 42), path: "p.yaml")
        #expect(again.input.jobs == a.input.jobs)
        let other = try loader.load(yaml: Self.yaml(seed: 43), path: "p.yaml")
        #expect(self.times(other, workload: "first") != times)
        let overridden = try loader.load(yaml: Self.yaml(seed: 43), path: "p.yaml", seedOverride: 42)
        #expect(overridden.input.jobs == a.input.jobs)
    }

    @Test("adding a workload does not change another workload's arrivals or durations")
    func streamIndependence() throws {
        let alone = try loader.load(
            yaml: Self.yaml(seed: 5, duration: "{lognormal: {median: 1h, sigma: 0.8}}"), path: "p.yaml")
        let together = try loader.load(
            yaml: Self.yaml(seed: 5, extraWorkload: true, duration: "{lognormal: {median: 1h, sigma: 0.8}}"),
            path: "p.yaml")
        #expect(times(together, workload: "second").count == 500)
        let first = together.input.jobs.filter { $0.workload == "first" }
        #expect(first == alone.input.jobs)
        let submits = together.input.jobs.map(\.submitTime)
        #expect(zip(submits, submits.dropFirst()).allSatisfy { $0 <= $1 })
    }

    @Test("until stops arrivals; start delays them")
    func untilAndStart() throws {
        let yaml = """
            name: u
            cluster: {nodePools: [{name: p, count: 1, cpu: 8, memory: 8Gi}]}
            workloads:
              - {name: w, requests: {}, duration: 1m, arrivals: {poisson: {ratePerHour: 60}, start: 1h, until: 11h}}
            """
        let jobs = try loader.load(yaml: yaml, path: "u.yaml").input.jobs
        #expect(jobs.allSatisfy { $0.submitTime.milliseconds > 3_600_000 && $0.submitTime.milliseconds <= 39_600_000 })
        #expect((500...700).contains(jobs.count), "\(jobs.count) jobs")
    }

    @Test("duration distributions stay in range and are whole milliseconds of at least 1 ms")
    func durationDistributions() throws {
        func durations(_ text: String) throws -> [Int64] {
            try loader.load(yaml: Self.yaml(seed: 3, duration: text), path: "d.yaml").input.jobs
                .compactMap(\.durationMilliseconds)
        }
        let uniform = try durations("{uniform: {min: 10m, max: 2h}}")
        #expect(uniform.count == 1000)
        #expect(uniform.allSatisfy { (600_000...7_200_000).contains($0) })
        let exponential = try durations("{exponential: {mean: 2h}}")
        let mean = Double(exponential.reduce(0, +)) / Double(exponential.count)
        #expect(abs(mean - 7_200_000) < 720_000, "mean \(mean)")
        #expect(exponential.allSatisfy { $0 >= 1 })
        let lognormal = try durations("{lognormal: {median: 1h, sigma: 0.8}}").sorted()
        #expect(abs(Double(lognormal[500]) - 3_600_000) < 400_000, "median \(lognormal[500])")
        let empirical = try durations("{empirical: [10m, 1h, 3h]}")
        #expect(Set(empirical) == [600_000, 3_600_000, 10_800_000])
        #expect(try durations("{constant: 2h}").allSatisfy { $0 == 7_200_000 })
        #expect(try durations("\"1h30m\"").allSatisfy { $0 == 5_400_000 })
    }
}
