/// The reason a trace line could not be turned into a record.
///
/// The description starts with the line number when the caller supplied one, then
/// states what is wrong with which field, for example
/// `line 7: field 'groups[1].scale' must be a number, found a string`.
public struct TraceDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Problem: Sendable, Equatable {
        /// The line is longer than the decoder accepts.
        case lineTooLong(byteCount: Int, limit: Int)
        /// The line is not valid JSON.
        case invalidJSON(JSONParseError)
        /// The line is JSON but not an object; `found` is the kind, such as "an array".
        case notAnObject(found: String)
        /// A required field is absent.
        case missingField(String)
        /// A field contains the wrong kind of JSON value.
        case wrongType(field: String, expected: String, found: String)
        /// A field has the right kind of value but not an allowed one.
        case invalidValue(field: String, value: String, expected: String)
        /// The header names another format, so the file is not an opop-top trace.
        case notATrace(format: String)
        /// The header's major version is newer than this reader understands.
        case unsupportedVersion(found: Int, supported: Int)
    }

    /// The one-based line number, when known.
    public var lineNumber: Int?
    public var problem: Problem

    public init(lineNumber: Int?, problem: Problem) {
        self.lineNumber = lineNumber
        self.problem = problem
    }

    /// Whether the problem concerns the whole file rather than this line, so a reader
    /// must stop instead of skipping the line.
    public var isFatal: Bool {
        switch problem {
        case .notATrace, .unsupportedVersion:
            return true
        default:
            return false
        }
    }

    public var description: String {
        let prefix = lineNumber.map { "line \($0): " } ?? ""
        return prefix + problemDescription
    }

    private var problemDescription: String {
        switch problem {
        case .lineTooLong(let byteCount, let limit):
            return "the line is \(byteCount) bytes, over the \(limit)-byte limit for one record"
        case .invalidJSON(let error):
            return error.description
        case .notAnObject(let found):
            return "expected a JSON object, found \(found)"
        case .missingField(let field):
            return "missing required field '\(field)'"
        case .wrongType(let field, let expected, let found):
            return "field '\(field)' must be \(expected), found \(found)"
        case .invalidValue(let field, let value, let expected):
            return "field '\(field)' is \(value); expected \(expected)"
        case .notATrace(let format):
            return "the header's format is '\(format)', not '\(TraceHeader.formatName)'; this file is not an opop-top trace"
        case .unsupportedVersion(let found, let supported):
            return "the trace format version is \(found), newer than version \(supported) that this reader supports; "
                + "read it with a newer opop-top"
        }
    }
}
