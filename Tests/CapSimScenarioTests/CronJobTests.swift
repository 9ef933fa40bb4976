import CapSimCore
import CapSimScenario
import Testing

/// CronJobs: 5-field schedules with time zones and concurrencyPolicy Allow / Forbid / Replace.
@Suite struct CronJobTests {
    let loader = ScenarioLoader(tracesDirectory: TestPaths.traces)
    let hour: Int64 = 3_600_000

    private func yaml(_ cron: String, runFor: String = "1h", duration: String = "3d") -> String {
        """
        name: cron
        startTime: 2026-01-05T00:00:00Z
        duration: \(duration)
        cluster:
          nodePools: [{name: a, count: 2, cpu: "8", memory: 32Gi}]
        workloads:
          - name: nightly
            requests: {cpu: "1"}
            duration: \(runFor)
            cron: \(cron)
        """
    }

    @Test("a daily 02:00 schedule in UTC and in Europe/Berlin (01:00 UTC in January)")
    func schedules() throws {
        let utc = try loader.load(yaml: yaml("{schedule: \"0 2 * * *\"}"), path: "c.yaml").input
        #expect(utc.jobs.map(\.submitTime.milliseconds) == [2 * hour, 26 * hour, 50 * hour])
        let berlin = try loader.load(
            yaml: yaml("{schedule: \"0 2 * * *\", timeZone: Europe/Berlin}"), path: "c.yaml"
        ).input
        #expect(berlin.jobs.map(\.submitTime.milliseconds) == [hour, 25 * hour, 49 * hour])
        // 2026-01-05 is a Monday: weekdays at 09:30 over 7 days give Mon-Fri.
        let weekdays = try loader.load(
            yaml: yaml("{schedule: \"30 9 * * mon-fri\"}", duration: "7d"), path: "c.yaml"
        ).input
        #expect(weekdays.jobs.count == 5)
        let hourly = try loader.load(yaml: yaml("{schedule: \"@hourly\"}", duration: "1d"), path: "c.yaml").input
        #expect(hourly.jobs.count == 24)
    }

    @Test("Forbid skips a run while the previous one is active; Replace stops the previous run")
    func concurrencyPolicies() throws {
        let forbid = Simulation.run(
            try loader.load(
                yaml: yaml(
                    "{schedule: \"0 2 * * *\", concurrencyPolicy: Forbid, until: 3d}", runFor: "30h", duration: "4d"),
                path: "c.yaml"
            ).input)
        #expect(forbid.jobs.map(\.state) == [.succeeded, .skipped, .succeeded])
        #expect(forbid.metric("jobs_skipped") == 1)
        let replace = Simulation.run(
            try loader.load(
                yaml: yaml(
                    "{schedule: \"0 2 * * *\", concurrencyPolicy: Replace, until: 3d}", runFor: "30h", duration: "4d"),
                path: "c.yaml"
            ).input)
        #expect(replace.jobs.map(\.state) == [.replaced, .replaced, .succeeded])
        #expect(replace.jobs.last?.endMilliseconds == 80 * hour)
        let allow = Simulation.run(
            try loader.load(
                yaml: yaml("{schedule: \"0 2 * * *\", until: 3d}", runFor: "30h", duration: "4d"), path: "c.yaml"
            ).input)
        #expect(allow.jobs.allSatisfy { $0.state == .succeeded })
    }

    @Test(
        "bad schedules say which field is wrong",
        arguments: [
            ("{schedule: \"61 * * * *\"}", "minute field"), ("{schedule: \"* * *\"}", "has 3 fields"),
            ("{schedule: \"0 0 * * funday\"}", "day of week field"),
            ("{schedule: \"0 2 * * *\", timeZone: Mars/Base}", "IANA"),
            ("{schedule: \"*/0 * * * *\"}", "positive"),
        ])
    func badSchedules(cron: String, expected: String) {
        do {
            _ = try loader.load(yaml: yaml(cron), path: "c.yaml")
            Issue.record("accepted \(cron)")
        } catch {
            #expect("\(error)".contains(expected), "\(error)")
        }
    }
}
