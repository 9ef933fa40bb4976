import CapSimScenario
import Foundation

/// A scratch file the trace readers read each input from (they take paths, as `trace:` keys do).
private let scratchPath: String = {
    let directory = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
    return (directory as NSString).appendingPathComponent("capsim-fuzz-trace-\(getpid()).csv")
}()

/// libFuzzer entry point: any bytes read as an openb node list and as an openb pod list either load or throw a
/// `TraceError`; a trap, a hang or a sanitizer report is a bug.
///
/// - Parameters:
///   - data: The input bytes.
///   - size: Their count.
/// - Returns: 0 (libFuzzer's convention for "input processed").
func fuzzTrace(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    guard FileManager.default.createFile(atPath: scratchPath, contents: Data(bytes: data, count: size)) else {
        return 0
    }
    _ = try? OpenbTrace.loadNodes(path: scratchPath)
    _ = try? OpenbTrace.loadPods(path: scratchPath)
    return 0
}

/// libFuzzer's C driver (`-sanitize=fuzzer` links it).
@_silgen_name("LLVMFuzzerRunDriver")
private func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// The program's entry point: SwiftPM links an executable's `main` to `<module>_main`, so this hands the command
/// line to libFuzzer's driver with the harness above.
///
/// - Parameters:
///   - argc: Argument count.
///   - argv: Arguments (libFuzzer flags and corpus folders).
/// - Returns: libFuzzer's exit status.
@_cdecl("capsim_fuzz_trace_main")
func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments) { data, size in fuzzTrace(data, size) }
}
