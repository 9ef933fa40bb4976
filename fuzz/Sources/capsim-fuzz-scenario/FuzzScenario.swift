import CapSimScenario

/// libFuzzer entry point: any bytes given to the scenario loader either load (with warnings) or throw a
/// `ScenarioError`; a trap, a hang or a sanitizer report is a bug.
///
/// - Parameters:
///   - data: The input bytes.
///   - size: Their count.
/// - Returns: 0 (libFuzzer's convention for "input processed").
func fuzzScenario(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = UnsafeBufferPointer(start: data, count: size)
    guard let text = String(validating: bytes, as: UTF8.self) else { return 0 }
    _ = try? ScenarioLoader(tracesDirectory: "/nonexistent-traces").load(yaml: text, path: "fuzz.yaml")
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
@_cdecl("capsim_fuzz_scenario_main")
func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments) { data, size in fuzzScenario(data, size) }
}
