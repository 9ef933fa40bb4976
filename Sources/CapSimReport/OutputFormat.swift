/// How a report is printed: a readable table or machine-readable JSON.
public enum OutputFormat: String, CaseIterable, Sendable {
    /// Aligned plain-text columns for a terminal.
    case table
    /// Pretty-printed JSON with sorted keys, stable from run to run.
    case json
}
