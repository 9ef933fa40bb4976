import CapSimCore
import CapSimScenario
import CapSimTestSupport
import Testing

/// Issue #9: legal but suspicious settings are warnings with file, line, key path and what was probably meant.
@Suite struct ScenarioWarningTests {
    static let suspicious = """
        name: suspicious
        duration: 1d
        startTime: 2026-01-05T00:00:00Z
        cluster:
          nodePools:
            - name: cpu
              count: 1
              cpu: "8"
              memory: 128
            - name: a100
              count: 2
              cpu: "64"
              memory: 512Gi
              gpu: {count: 8, model: A100}
        workloads:
          - name: typo
            requests: {cpu: "1", memory: 1Gi, nvidia.com/gpu: 1}
            gpuModels: [a100, H100]
            duration: 1h
            arrivals: {at: [0s]}
          - name: yearly
            requests: {cpu: "1", memory: 1Gi}
            duration: 1h
            cron: {schedule: "0 0 1 6 *"}
          - name: big-gang
            parallelism: 3
            gang: true
            requests: {cpu: "1", memory: 1Gi, nvidia.com/gpu: 8}
            duration: 1h
            arrivals: {at: [0s]}
          - name: chat
            inference:
              requests: {cpu: "1", memory: 1Gi, nvidia.com/gpu: 1}
              replicas: {min: 1, max: 2}
              concurrencyPerReplica: 2
              serviceTime: 500ms
              slo: {latency: 1s}
              traffic: {diurnal: {mean: 5, amplitude: 4, peakAt: 14h}}

        """

    @Test("every suspicious setting is named with its line and what was probably meant")
    func warnings() throws {
        let loaded = try ScenarioLoader(tracesDirectory: "traces").load(yaml: Self.suspicious, path: "s.yaml")
        let lines = loaded.warnings.map(\.description)
        #expect(lines.count == 7, "\(lines)")
        #expect(
            lines.first
                == "s.yaml:9: cluster.nodePools[0].memory: warning: 128 is 128 bytes; a quantity without a suffix is "
                + "bytes (did you mean 128Gi or 128Mi?)")
        #expect(
            lines.contains(
                "s.yaml:18: workloads[0].gpuModels[0]: warning: GPU model 'a100' differs from the node pools' 'A100' "
                    + "only in letter case; models match exactly, so no node has 'a100' (write 'A100')"))
        #expect(
            lines.contains(
                "s.yaml:18: workloads[0].gpuModels[1]: warning: no node pool has GPU model 'H100' (the pools have "
                    + "'A100')"))
        #expect(
            lines.contains(
                "s.yaml:16: workloads[0]: warning: workload 'typo' can never be placed, even on an empty cluster: no "
                    + "node has an allowed GPU model; its jobs will be unplaceable"))
        #expect(
            lines.contains(
                "s.yaml:24: workloads[1].cron.schedule: warning: '0 0 1 6 *' starts no run between startTime and the "
                    + "end of the scenario (duration), so workload 'yearly' never runs"))
        #expect(
            lines.contains {
                $0.hasPrefix("s.yaml:25: workloads[2]: warning: workload 'big-gang' can never be placed")
                    && $0.contains("minAvailable 3 pods never fit together (an empty cluster holds 2)")
            })
        // Peak 5 + 4 = 9 requests/s; 2 replicas × 2 concurrent / 0.5 s = 8 requests/s.
        #expect(
            lines.last
                == "s.yaml:38: workloads[3].inference.traffic: warning: traffic peaks at 9 requests/s but 2 replicas "
                + "serve at most 8 requests/s (max × concurrencyPerReplica / serviceTime); latency will be unbounded "
                + "at the peak (raise replicas.max)")
    }

    @Test("the bundled scenarios have no warnings", arguments: ["quickstart", "ml-platform", "adopt-kubernetes"])
    func bundledAreClean(_ name: String) throws {
        let loaded = try ScenarioLoader(tracesDirectory: "traces").load(path: TestPaths.scenario(name + ".yaml"))
        #expect(loaded.warnings == [])
    }

    static let moreSuspicious = """
        name: more
        duration: 2d
        cluster:
          nodePools:
            - {name: a100, count: 2, cpu: "64", memory: 512Gi, gpu: {count: 8, model: A100}}
        workloads:
          - name: nightly
            pipeline:
              steps:
                - {name: prep, requests: {cpu: "1", memory: 1Ki}, duration: 10m}
                - {name: train, requests: {cpu: "8", memory: 64Gi, nvidia.com/gpu: 16}, duration: 1h, dependsOn: [prep]}
            arrivals: {at: [0s]}
          - name: yearly
            requests: {cpu: "1", memory: 1Gi}
            duration: 1h
            cron: {schedule: "0 0 1 6 *", until: 30d}
          - name: huge
            inference:
              requests: {cpu: "1", memory: 1Gi, nvidia.com/gpu: 16}
              replicas: {min: 1, max: 2}
              serviceTime: 100ms
              slo: {latency: 1s}
              traffic: {steps: [{at: 0s, rps: 1}, {at: 3d, rps: 900}]}

        """

    @Test("pipeline steps, inference replicas, a cron cut by `until`, suffixed memory; traffic after the end is not")
    func moreWarnings() throws {
        let loaded = try ScenarioLoader(tracesDirectory: "traces").load(yaml: Self.moreSuspicious, path: "m.yaml")
        let lines = loaded.warnings.map(\.description)
        #expect(
            lines == [
                "m.yaml:10: workloads[0].pipeline.steps[0].requests.memory: warning: 1Ki is 1024 bytes, under 1 MiB; "
                    + "memory is usually given in Mi or Gi",
                "m.yaml:7: workloads[0]: warning: pipeline step 'nightly-0-train' of workload 'nightly' can never be "
                    + "placed, even on an empty cluster: Insufficient nvidia.com/gpu on every node (requests 16, "
                    + "largest node 8); its jobs will be unplaceable",
                "m.yaml:16: workloads[1].cron.schedule: warning: '0 0 1 6 *' starts no run between startTime and the "
                    + "cron's `until`, so workload 'yearly' never runs",
                "m.yaml:17: workloads[2]: warning: a replica of inference service 'huge' can never be placed, even on "
                    + "an empty cluster: Insufficient nvidia.com/gpu on every node (requests 16, largest node 8); the "
                    + "service will have no replicas",
            ], "\(lines)")
    }

    @Test("cron expansion stops early: more than 1,000,000 runs, or a span over 400 years, is a quick clear error")
    func cronLimits() throws {
        func load(_ duration: String, _ schedule: String) -> String {
            let yaml = """
                name: cron
                duration: \(duration)
                cluster:
                  nodePools:
                    - {name: cpu, count: 1, cpu: "8", memory: 32Gi}
                workloads:
                  - name: tick
                    requests: {cpu: "1", memory: 1Gi}
                    duration: 1m
                    cron: {schedule: "\(schedule)"}

                """
            do {
                _ = try ScenarioLoader(tracesDirectory: "traces").load(yaml: yaml, path: "c.yaml")
                return "valid"
            } catch {
                return "\(error)"
            }
        }
        #expect(load("100000d", "* * * * *").hasSuffix("would start more than 1000000 runs; shorten `until`"))
        #expect(
            load("53375995583d", "0 0 31 2 *").contains(
                "a cron schedule is expanded over at most 146097d (400 years, one Gregorian calendar cycle)"))
        #expect(load("146097d", "0 0 1 1 *") == "valid")
    }
}
