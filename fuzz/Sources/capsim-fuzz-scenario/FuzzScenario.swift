import CapSimScenario

/// libFuzzer entry point: any bytes given to the scenario loader either load (with warnings) or throw a
/// `ScenarioError`; a trap, a hang or a sanitizer report is a bug.
///
/// - Parameters:
///   - data: The input bytes.
///   - size: Their count.
/// - Returns: 0 (libFuzzer's convention for "input processed").
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScenario(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    guard let text = String(validating: bytes, as: UTF8.self) else { return 0 }
    _ = try? ScenarioLoader(tracesDirectory: "/nonexistent-traces").load(yaml: text, path: "fuzz.yaml")
    return 0
}
