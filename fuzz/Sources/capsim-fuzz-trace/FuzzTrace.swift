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
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTrace(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard FileManager.default.createFile(atPath: scratchPath, contents: Data(bytes: data, count: size)) else {
        return 0
    }
    _ = try? OpenbTrace.loadNodes(path: scratchPath)
    _ = try? OpenbTrace.loadPods(path: scratchPath)
    return 0
}
