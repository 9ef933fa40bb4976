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

    @Test("memory_mib too large for bytes in an Int64 is an error, not a trap (found by fuzzing)")
    func hugeMemory() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let nodes = try scratch.write(
            "nodes.csv", "sn,cpu_milli,memory_mib,gpu,model\nn0,1000,62000000000000042,0,\n")
        let error = #expect(throws: TraceError.self) { try OpenbTrace.loadNodes(path: nodes) }
        #expect(error?.line == 2)
        #expect(error?.message == "memory_mib is \"62000000000000042\"; expected an integer in 0...8796093022207")
        let pods = try scratch.write(
            "pods.csv", "name,cpu_milli,memory_mib,num_gpu,gpu_milli\np0,1000,8796093022208,0,0\n")
        #expect(throws: TraceError.self) { try OpenbTrace.loadPods(path: pods) }
        let largest = try scratch.write(
            "largest.csv", "sn,cpu_milli,memory_mib,gpu,model\nn0,1000,8796093022207,0,\n")
        #expect(try OpenbTrace.loadNodes(path: largest).first?.memoryBytes == 8_796_093_022_207 * 1_048_576)
    }
}
