import Foundation

/// Writes step lines the way many writers could: any key order, optional fields absent
/// or null, unknown fields, whitespace between tokens, and numbers in every JSON
/// spelling (shortest form, 17 and 21 significant digits, upper-case exponents,
/// integers, subnormals, the strings for NaN and the infinities).
///
/// With `writerForm`, it writes only what the Swift writer writes, which the direct
/// scanner must decode without falling back.
struct StepLineGenerator {
    var random: TestRandom

    init(seed: UInt64) {
        random = TestRandom(seed: seed)
    }

    mutating func line(groups: Int, writerForm: Bool) -> String {
        var members: [String] = [
            #""type":"step""#,
            #""step":\#(stepText(writerForm: writerForm))"#,
            #""time":\#(numberText(1_736_847_012 + Double.random(in: 0..<1e6, using: &random), writerForm: writerForm))"#,
            #""loss":\#(numberText(anyValue(), writerForm: writerForm))"#,
        ]
        if let reward = optionalText(writerForm: writerForm) {
            members.append(#""reward":\#(reward)"#)
        }
        if let baseline = optionalText(writerForm: writerForm) {
            members.append(#""baseline":\#(baseline)"#)
        }
        let groupTexts = (0..<groups).map { _ in groupText(writerForm: writerForm) }
        members.append(#""groups":[\#(groupTexts.joined(separator: separator(",")))]"#)

        if !writerForm {
            for _ in 0..<Int.random(in: 0...2, using: &random) {
                members.append(#""\#(unknownKey())":\#(unknownValue(depth: 1))"#)
            }
            members.shuffle(using: &random)
        }
        return whitespace() + "{" + whitespace() + members.joined(separator: separator(",")) + whitespace() + "}" + whitespace()
    }

    private mutating func groupText(writerForm: Bool) -> String {
        var members: [String] = [
            #""scale":\#(numberText(Double.random(in: 0.01...10, using: &random), writerForm: writerForm))"#,
            #""clip":\#(numberText(Double.random(in: 0.1...5, using: &random), writerForm: writerForm))"#,
            #""dampen":\#(numberText(Double.random(in: 0...1, using: &random), writerForm: writerForm))"#,
        ]
        if let norm = optionalText(writerForm: writerForm) {
            members.append(#""grad_norm":\#(norm)"#)
        }
        if !writerForm {
            if Int.random(in: 0..<6, using: &random) == 0 {
                members.append(#""\#(unknownKey())":\#(unknownValue(depth: 3))"#)
            }
            members.shuffle(using: &random)
        }
        return "{" + whitespace() + members.joined(separator: separator(",")) + whitespace() + "}"
    }

    private mutating func stepText(writerForm: Bool) -> String {
        let step = Int.random(in: 0...5_000_000, using: &random)
        if writerForm {
            return String(step)
        }
        switch Int.random(in: 0..<10, using: &random) {
        case 0: return "\(step).0"
        case 1: return "\(step)e0"
        case 2: return "0"
        case 3: return String(Int.random(in: 0...Int.max, using: &random))
        default: return String(step)
        }
    }

    private mutating func optionalText(writerForm: Bool) -> String? {
        switch Int.random(in: 0..<5, using: &random) {
        case 0: return nil
        case 1: return writerForm ? nil : "null"
        default: return numberText(anyValue(), writerForm: writerForm)
        }
    }

    /// Returns a value from the ranges a run produces, or now and then any Double at all.
    private mutating func anyValue() -> Double {
        switch Int.random(in: 0..<12, using: &random) {
        case 0: return Double(bitPattern: random.next())
        case 1: return [Double.nan, .infinity, -.infinity, 0, -0.0, 1, 0.1, .leastNonzeroMagnitude, .greatestFiniteMagnitude][Int.random(in: 0..<9, using: &random)]
        case 2: return Double.random(in: -1...1, using: &random) * pow(10, Double.random(in: -30...30, using: &random).rounded())
        case 3: return Double(Int.random(in: -1000...1000, using: &random))
        default: return Double.random(in: -3...3, using: &random)
        }
    }

    /// Writes a number as JSON, or as one of the strings for NaN and the infinities.
    private mutating func numberText(_ value: Double, writerForm: Bool) -> String {
        if value.isNaN {
            return #""NaN""#
        }
        if value.isInfinite {
            return value < 0 ? #""-Infinity""# : #""Infinity""#
        }
        if writerForm {
            return value.description
        }

        switch Int.random(in: 0..<8, using: &random) {
        case 0: return String(format: "%.17g", value)
        case 1: return String(format: "%.20e", value)
        case 2: return value.description.replacingOccurrences(of: "e", with: "E")
        case 3: return String(format: "%.9f", value)
        case 4 where value == value.rounded() && value.magnitude < 1e18: return String(Int(value))
        default: return value.description
        }
    }

    private mutating func unknownKey() -> String {
        ["lr", "future", "g\u{00FC}nter", "escaped\\u0041", "scale_hint", "x"][Int.random(in: 0..<6, using: &random)]
    }

    private mutating func unknownValue(depth: Int) -> String {
        let choice = Int.random(in: 0..<(depth < 5 ? 9 : 6), using: &random)
        switch choice {
        case 0: return "true"
        case 1: return "null"
        case 2:
            let value = anyValue()
            return numberText(value.isFinite ? value : 1, writerForm: false)
        case 3: return #""plain text""#
        case 4: return #""tab\t quote\" slash\/ \u00e9 \ud83e\udde0 \u000a""#
        case 5: return "\"Gewichte \u{00FC}ber \u{1F9E0}\""
        case 6: return "[" + (0..<Int.random(in: 0...3, using: &random)).map { _ in unknownValue(depth: depth + 1) }.joined(separator: ",") + "]"
        case 7: return "{}"
        default:
            return "{" + (0..<Int.random(in: 1...3, using: &random)).map { index in
                #""k\#(index)":\#(unknownValue(depth: depth + 1))"#
            }.joined(separator: separator(",")) + "}"
        }
    }

    private mutating func separator(_ token: String) -> String {
        whitespace() + token + whitespace()
    }

    /// Usually nothing, sometimes JSON whitespace.
    private mutating func whitespace() -> String {
        guard Int.random(in: 0..<8, using: &random) == 0 else {
            return ""
        }
        return [" ", "  ", "\t", "\r", " \n "][Int.random(in: 0..<5, using: &random)]
    }
}
