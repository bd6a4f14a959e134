import Foundation

/// A limit a figure is compared with.
enum Target: Sendable {
    case atMost(Double)
    case atLeast(Double)

    func isMet(by value: Double) -> Bool {
        switch self {
        case .atMost(let limit): return value <= limit
        case .atLeast(let limit): return value >= limit
        }
    }

    var text: String {
        switch self {
        case .atMost(let limit): return "<= \(formatFigure(limit))"
        case .atLeast(let limit): return ">= \(formatFigure(limit))"
        }
    }
}

/// One measured figure of the table: a median over repetitions unless `detail` states otherwise.
struct Figure: Sendable {
    /// The case the figure belongs to, such as "brain" or "replay".
    var caseName: String
    var name: String
    /// Nil when the figure could not be measured; `detail` then gives the reason.
    var value: Double?
    var unit: String
    var target: Target?
    /// Spread, ratios and anything a reader needs to trust the figure.
    var detail: String

    init(_ caseName: String, _ name: String, _ value: Double?, _ unit: String, target: Target? = nil, detail: String = "") {
        self.caseName = caseName
        self.name = name
        self.value = value
        self.unit = unit
        self.target = target
        self.detail = detail
    }

    /// "met", "missed", or "" when there is no target or no value.
    var verdict: String {
        guard let target, let value else {
            return ""
        }
        return target.isMet(by: value) ? "met" : "missed"
    }
}

/// Formats a figure with about four significant digits, in plain or exponent notation.
func formatFigure(_ value: Double) -> String {
    guard value.isFinite else {
        return "\(value)"
    }
    let magnitude = abs(value)
    if magnitude == 0 {
        return "0"
    }
    if magnitude >= 1e7 || magnitude < 1e-3 {
        return String(format: "%.3e", value)
    }
    if magnitude >= 1000 {
        return String(format: "%.0f", value)
    }
    if magnitude >= 10 {
        return String(format: "%.1f", value)
    }
    return String(format: "%.3f", value)
}
