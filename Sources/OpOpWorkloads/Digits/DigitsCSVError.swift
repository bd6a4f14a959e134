import Foundation

/// A line of the digits CSV that does not contain 64 pixel values in 0...16 and a label in 0...9.
public struct DigitsCSVError: Error, Equatable, CustomStringConvertible {
    public enum Problem: Equatable, Sendable {
        /// The input contains no rows at all.
        case noRows
        /// The line is empty (a newline may end the last row, but no line may be blank).
        case emptyRow
        /// The row ends after `found` columns.
        case missingColumns(found: Int)
        /// The row continues past the label.
        case extraColumn
        /// The field is empty or is not a decimal integer.
        case notAnInteger(field: String)
        case pixelOutOfRange(field: String)
        case labelOutOfRange(field: String)
    }

    /// Line number, from 1.
    public let row: Int
    /// Column number, from 1. The label is column 65.
    public let column: Int
    public let problem: Problem

    public var description: String {
        let location = "Digits CSV row \(row), column \(column)"
        let format = "Each row must contain 64 pixel values 0...16 and then a label 0...9, separated by commas"

        switch problem {
        case .noRows:
            return "The digits CSV contains no rows. \(format)"
        case .emptyRow:
            return "Digits CSV row \(row) is empty. \(format)"
        case let .missingColumns(found):
            return "\(location): the row ends after \(found) of 65 columns. \(format)"
        case .extraColumn:
            return "\(location): unexpected column after the label. \(format)"
        case let .notAnInteger(field):
            return "\(location): \(field.debugDescription) is not a decimal integer. \(format)"
        case let .pixelOutOfRange(field):
            return "\(location): pixel value \(field) is outside 0...16"
        case let .labelOutOfRange(field):
            return "\(location): label \(field) is outside 0...9"
        }
    }
}

extension DigitsCSVError: LocalizedError {
    public var errorDescription: String? { description }
}
