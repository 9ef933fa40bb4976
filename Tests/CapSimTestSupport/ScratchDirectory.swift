import Foundation

/// A fresh temporary folder for one test: a working directory, a database and any scenario or trace files.
///
/// Remove it with `defer { scratch.remove() }`; a value type with an explicit `remove()` keeps the folder until the
/// end of the scope, where a class removed in `deinit` could go as soon as its last use.
public struct ScratchDirectory: Sendable {
    /// The folder.
    public let url: URL

    /// Creates an empty folder under the system temporary directory.
    ///
    /// - Throws: When the folder cannot be created.
    public init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("capsim-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// The absolute path of `name` in the folder.
    ///
    /// - Parameter name: A file name, or a relative path inside the folder.
    /// - Returns: The absolute path.
    public func path(_ name: String) -> String {
        url.appendingPathComponent(name).path
    }

    /// Writes `text` to `name` in the folder and returns its absolute path.
    ///
    /// - Parameters:
    ///   - name: A file name, or a relative path inside the folder whose folders exist.
    ///   - text: The content, written as UTF-8.
    /// - Returns: The absolute path.
    /// - Throws: When the file cannot be written.
    @discardableResult
    public func write(_ name: String, _ text: String) throws -> String {
        let path = path(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Whether `name` exists in the folder.
    ///
    /// - Parameter name: A file name, or a relative path inside the folder.
    /// - Returns: `true` when something exists at that path.
    public func exists(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: path(name))
    }

    /// Names of the files in the folder, sorted.
    ///
    /// - Returns: The names.
    /// - Throws: When the folder cannot be listed.
    public func fileNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
    }

    /// Deletes the folder and everything in it.
    public func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}
