/// The span of steps a chart shows: the whole run or only the most recent steps.
public enum StepWindow: Sendable, Hashable {
    case all
    /// The latest `n` steps, ending at the run's latest step.
    case last(Int)
}

/// Maps the steps of a closed range onto `count` equal columns, left to right.
///
/// With fewer steps than columns, each step gets its own column and the columns between
/// them stay empty, so a chart of a short run spreads over its whole width.
struct ColumnMapping: Sendable {
    let steps: ClosedRange<Int>
    let count: Int

    /// Steps in the range, at least 1.
    var span: Int { steps.upperBound - steps.lowerBound + 1 }

    /// Returns the column of a step inside the range.
    func column(of step: Int) -> Int {
        let offset = step - steps.lowerBound
        let column: Int
        let (product, overflow) = offset.multipliedReportingOverflow(by: count)
        if !overflow {
            column = product / span
        } else {
            // Only for spans near 2^53 steps; the 128-bit division is several times slower.
            column = span.dividingFullWidth(offset.multipliedFullWidth(by: count)).quotient
        }
        return min(max(column, 0), count - 1)
    }

    /// Returns the first step whose column is `column` or later.
    func firstStep(ofColumn column: Int) -> Int {
        guard column > 0 else { return steps.lowerBound }
        guard column < count else { return steps.upperBound + 1 }

        // The smallest offset with offset * count >= column * span.
        let (product, overflow) = column.multipliedReportingOverflow(by: span)
        let quotient: Int
        let remainder: Int
        if !overflow {
            (quotient, remainder) = product.quotientAndRemainder(dividingBy: count)
        } else {
            (quotient, remainder) = count.dividingFullWidth(column.multipliedFullWidth(by: span))
        }
        return steps.lowerBound + quotient + (remainder > 0 ? 1 : 0)
    }
}
