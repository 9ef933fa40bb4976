/// A plain-text table: a header row, a line of dashes, then the rows, with columns padded to fit.
///
/// Columns are separated by two spaces and lines carry no trailing spaces. Widths are measured in terminal
/// columns (see `DisplayWidth`), so CJK and other wide characters keep the columns aligned. Cells and titles are
/// printed through `TerminalText.escaped(_:)`: a newline or an escape sequence in a name shows as `\n` or `\e`
/// instead of breaking the table or reaching the terminal:
///
/// ```
/// name  value
/// ----  -----
/// a         1
/// bb       22
/// ```
public struct TextTable: Sendable, Equatable {
    /// Where text sits inside a column.
    public enum Alignment: Sendable, Equatable {
        /// Padded on the right (text, names).
        case left
        /// Padded on the left (numbers).
        case right
    }

    /// A column: its title and alignment.
    public struct Column: Sendable, Equatable {
        /// Header text.
        public var title: String
        /// Alignment of the header and the cells.
        public var alignment: Alignment

        /// Creates a column.
        ///
        /// - Parameters:
        ///   - title: Header text.
        ///   - alignment: Alignment of the header and cells, `.left` by default.
        public init(_ title: String, alignment: Alignment = .left) {
            self.title = title
            self.alignment = alignment
        }
    }

    /// The columns, left to right.
    public var columns: [Column]
    /// The rows added so far, each with one cell per column.
    public private(set) var rows: [[String]] = []

    /// Creates an empty table.
    ///
    /// - Parameter columns: The columns, left to right.
    public init(columns: [Column]) {
        self.columns = columns
    }

    /// Adds a row.
    ///
    /// - Parameter cells: One cell per column; a short row is padded with empty cells.
    /// - Precondition: `cells` has no more cells than the table has columns.
    public mutating func append(_ cells: [String]) {
        precondition(cells.count <= columns.count, "row has \(cells.count) cells for \(columns.count) columns")
        rows.append(cells + Array(repeating: "", count: columns.count - cells.count))
    }

    /// Renders the header, the separator line and the rows, joined by newlines (no final newline).
    ///
    /// Control characters in titles and cells are written as visible escapes (`TerminalText`), so every row
    /// stays on one line.
    ///
    /// - Returns: The table text.
    /// - Complexity: O(total characters).
    public func render() -> String {
        let titles = columns.map { TerminalText.escaped($0.title) }
        let printed = rows.map { $0.map(TerminalText.escaped) }
        var widths = titles.map { DisplayWidth.of($0) }
        for row in printed {
            for (index, cell) in row.enumerated() {
                widths[index] = max(widths[index], DisplayWidth.of(cell))
            }
        }
        let header = line(titles, widths: widths)
        let separator = line(widths.map { String(repeating: "-", count: $0) }, widths: widths)
        return ([header, separator] + printed.map { line($0, widths: widths) }).joined(separator: "\n")
    }

    private func line(_ cells: [String], widths: [Int]) -> String {
        var text = ""
        for (index, cell) in cells.enumerated() {
            if index > 0 {
                text += "  "
            }
            let padding = String(repeating: " ", count: max(0, widths[index] - DisplayWidth.of(cell)))
            switch columns[index].alignment {
            case .left:
                text += cell + padding
            case .right:
                text += padding + cell
            }
        }
        while text.last == " " {
            text.removeLast()
        }
        return text
    }
}
