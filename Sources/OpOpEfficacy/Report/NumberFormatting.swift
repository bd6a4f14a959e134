import Foundation

/// Returns a loss or rate with 3 significant digits ("0.0123", "1.23e-05"), "inf" for
/// +infinity (a diverged run) and "-" for NaN (nothing to measure).
func formatValue(_ value: Double) -> String {
    if value.isNaN { return "-" }
    if value.isInfinite { return value > 0 ? "inf" : "-inf" }
    return String(format: "%.3g", value)
}

/// Returns a ratio with 3 decimals ("0.984"), "inf" or "-".
func formatRatio(_ value: Double) -> String {
    if value.isNaN { return "-" }
    if value.isInfinite { return value > 0 ? "inf" : "-inf" }
    return String(format: "%.3f", value)
}

/// Returns a fraction as a percentage with 2 decimals ("0.37%"), "inf" or "-".
func formatPercent(_ fraction: Double) -> String {
    if fraction.isNaN { return "-" }
    if fraction.isInfinite { return "inf" }
    return String(format: "%.2f%%", fraction * 100)
}

/// Returns "k of n" counts as "3/10".
func formatCount(_ count: Int, of total: Int) -> String {
    "\(count)/\(total)"
}

/// Returns a count with its noun, adding "s" unless the count is 1: "1 job", "2 jobs".
func formatCount(_ count: Int, _ noun: String) -> String {
    "\(count) \(noun)\(count == 1 ? "" : "s")"
}
