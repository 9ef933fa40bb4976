import CapSimCore
import CapSimScenario
import Foundation
import Testing

/// `workloads[].inference`: an inference service with an HPA.
@Suite struct InferenceKeysTests {
    let loader = ScenarioLoader(tracesDirectory: TestPaths.traces)

    static let yaml = """
        name: serving
        duration: 2h
        cluster:
          nodePools:
            - {name: gpu, count: 2, cpu: "32", memory: 256Gi, gpu: {count: 4, model: A100}}
        workloads:
          - name: chat
            inference:
              requests: {cpu: "8", memory: 32Gi, nvidia.com/gpu: 1}
              replicas: {min: 1, max: 8, initial: 2}
              concurrencyPerReplica: 4
              serviceTime: 250ms
              startupDelay: 90s
              targetUtilization: 0.7
              slo: {latency: 1s}
              traffic: {steps: [{at: 0s, rps: 5}, {at: 1h, rps: 40}]}
        """

    @Test("keys load into a service; the run reports service metrics")
    func keys() throws {
        let input = try loader.load(yaml: Self.yaml, path: "s.yaml").input
        let service = try #require(input.services.first)
        #expect(service.name == "chat")
        #expect(service.minReplicas == 1 && service.maxReplicas == 8 && service.initialReplicas == 2)
        #expect(service.concurrencyPerReplica == 4)
        #expect(service.serviceTimeMilliseconds == 250)
        #expect(service.startupDelayMilliseconds == 90_000)
        #expect(service.sloLatencyMilliseconds == 1_000)
        #expect(service.pod.gpuCount == 1)
        #expect(service.traffic.rate(at: 3_600_000) == 40)
        #expect(input.jobs.isEmpty)
        let result = Simulation.run(input)
        #expect(result.metric("service_chat_replicas_mean") != nil)
        #expect((result.metric("service_chat_slo_attainment") ?? 0) > 50)
    }

    @Test("traffic forms: constant, diurnal, csv")
    func trafficForms() throws {
        func traffic(_ text: String) throws -> InferenceTraffic {
            let yaml = Self.yaml.replacingOccurrences(
                of: "traffic: {steps: [{at: 0s, rps: 5}, {at: 1h, rps: 40}]}", with: "traffic: \(text)")
            return try #require(try loader.load(yaml: yaml, path: "s.yaml").input.services.first).traffic
        }
        #expect(try traffic("{constant: 20}") == .constant(20))
        #expect(
            try traffic("{diurnal: {mean: 20, amplitude: 15, peakAt: 14h}}")
                == .diurnal(mean: 20, amplitude: 15, peakAtMilliseconds: 14 * 3_600_000))
        let csv = FileManager.default.temporaryDirectory.appendingPathComponent("capsim-inference-\(getpid()).csv")
        try "time,rps\n0,5\n3600,25\n".write(to: csv, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: csv) }
        let series = try traffic("{csv: \(csv.path)}")
        #expect(series.rate(at: 1_800_000) == 15)
    }

    @Test(
        "errors name the key path and line",
        arguments: [
            ("replicas: {min: 1, max: 8, initial: 2}", "replicas: {min: 9, max: 8}", "workloads[0].inference.replicas"),
            ("targetUtilization: 0.7", "targetUtilization: 1.5", "workloads[0].inference.targetUtilization"),
            ("serviceTime: 250ms", "serviceTime: fast", "workloads[0].inference.serviceTime"),
            ("slo: {latency: 1s}", "slo: {latency: 1s, p: 95}", "workloads[0].inference.slo.p"),
            (
                "traffic: {steps: [{at: 0s, rps: 5}, {at: 1h, rps: 40}]}", "traffic: {constant: 5, csv: x.csv}",
                "workloads[0].inference.traffic"
            ),
            ("duration: 2h", "seed: 3", "workloads[0].inference"),
            ("    inference:", "    duration: 1h\n    inference:", "workloads[0].duration"),
        ])
    func errors(original: String, replacement: String, keyPath: String) throws {
        let yaml = Self.yaml.replacingOccurrences(of: original, with: replacement)
        let error = #expect(throws: ScenarioError.self) { try loader.load(yaml: yaml, path: "s.yaml") }
        let found = try #require(error)
        #expect(found.keyPath == keyPath, "\(found)")
        #expect(found.line != nil)
    }
}
