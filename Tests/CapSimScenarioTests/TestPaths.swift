import CapSimTestSupport

/// `CapSimTestSupport.TestPaths` under its old name, so files of this target that do not import the support module
/// (the bundled-scenario golden tests) still find `TestPaths.packageRoot`, `scenario(_:)`, `traces` and `hasOpenb`.
typealias TestPaths = CapSimTestSupport.TestPaths
