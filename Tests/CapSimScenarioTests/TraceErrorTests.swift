import CapSimScenario
import CapSimTestSupport
import Testing

/// `TraceError`'s kind, set where the openb importer throws.
@Suite struct TraceErrorTests {
    @Test("a missing file is notFound; a missing column and a bad value are invalid")
    func kinds() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let missing = #expect(throws: TraceError.self) { try OpenbTrace.loadNodes(path: scratch.path("none.csv")) }
        #expect(missing?.kind == .notFound)
        #expect(missing?.description == "\(scratch.path("none.csv")): file not found")

        let noColumn = try scratch.write("no-column.csv", "sn,cpu_milli,memory_mib,gpu\nn0,1000,1024,0\n")
        let column = #expect(throws: TraceError.self) { try OpenbTrace.loadNodes(path: noColumn) }
        #expect(column?.kind == .invalid)
        #expect(column?.line == 1)

        let badValue = try scratch.write(
            "bad.csv", "name,cpu_milli,memory_mib,num_gpu,gpu_milli\np0,1000,1024,1,1500\n")
        let value = #expect(throws: TraceError.self) { try OpenbTrace.loadPods(path: badValue) }
        #expect(value?.kind == .invalid)
        #expect(value?.line == 2)
    }
}
