import Foundation

/// A table of the report, rendered as aligned plain text or as Markdown.
struct ReportTable {
    var headers: [String]
    var rows: [[String]]
    /// Columns from this index on hold numbers and are right-aligned in plain text.
    var firstNumericColumn: Int

    /// Renders the table with columns padded to their widest cell and two spaces between them.
    func plainText() -> String {
        let widths = headers.indices.map { column in
            ([headers] + rows).map { $0[column].count }.max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return column >= firstNumericColumn ? padding + cell : cell + padding
            }
            .joined(separator: "  ")
            .trimmingTrailingSpaces()
        }
        return ([line(headers)] + rows.map(line)).joined(separator: "\n")
    }

    /// Renders the table in GitHub Markdown, with numeric columns right-aligned.
    func markdown() -> String {
        let separator = headers.indices.map { $0 >= firstNumericColumn ? "---:" : "---" }
        return ([headers, separator] + rows).map { "| " + $0.map(escaped).joined(separator: " | ") + " |" }
            .joined(separator: "\n")
    }

    private func escaped(_ cell: String) -> String {
        cell.replacingOccurrences(of: "|", with: "\\|")
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " {
            text.removeLast()
        }
        return text
    }
}
