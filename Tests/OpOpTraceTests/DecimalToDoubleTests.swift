@testable import OpOpTrace
import XCTest

final class DecimalToDoubleTests: XCTestCase {
    func testRandomSignificandsMatchStandardParser() {
        var random = TestRandom(seed: 21)
        var converted = 0

        for _ in 0..<200_000 {
            let bits = Int.random(in: 1...64, using: &random)
            let significand = random.next() >> (64 - bits)
            let exponent = Int.random(in: DecimalToDouble.exponentRange, using: &random)
            let isNegative = Bool.random(using: &random)

            guard let value = DecimalToDouble.double(significand: significand, exponent: exponent, isNegative: isNegative) else {
                continue
            }
            converted += 1
            let text = (isNegative ? "-" : "") + "\(significand)e\(exponent)"
            guard let expected = Double(text) else {
                XCTFail("the standard parser rejected \(text)")
                return
            }
            if value.bitPattern != expected.bitPattern {
                XCTFail("\(text) converted to \(value), expected \(expected)")
                return
            }
        }

        XCTAssertGreaterThan(converted, 198_000, "the method should leave very few values to the exact path")
    }

    func testTiesAndShortValues() {
        // 2^53 + 1 lies exactly between two Doubles; an exact tie is left to the caller.
        XCTAssertNil(DecimalToDouble.double(significand: 9_007_199_254_740_993, exponent: 0, isNegative: false))

        let cases: [(significand: UInt64, exponent: Int, expected: Double)] = [
            (0, 0, 0), (1, 0, 1), (1, -1, 0.1), (3, -1, 0.3), (25, -2, 0.25), (1, -5, 1e-05),
            (17_368_474_968_234_568, -7, 1_736_847_496.8234568), (43_213_456_789_012_345, -17, 0.43213456789012345),
            (UInt64.max, 0, 18_446_744_073_709_551_615), (1, 27, 1e27), (1, -27, 1e-27), (9_007_199_254_740_992, 0, 9_007_199_254_740_992),
        ]
        for testCase in cases {
            // Short values such as 0.25 may land on the doubtful path and return nil.
            if let value = DecimalToDouble.double(significand: testCase.significand, exponent: testCase.exponent, isNegative: false) {
                XCTAssertEqual(value.bitPattern, testCase.expected.bitPattern, "\(testCase.significand)e\(testCase.exponent)")
            }
        }
        XCTAssertEqual(DecimalToDouble.double(significand: 17_368_474_968_234_568, exponent: -7, isNegative: false), 1_736_847_496.8234568)
        XCTAssertEqual(DecimalToDouble.double(significand: 43_213_456_789_012_345, exponent: -17, isNegative: true), -0.43213456789012345)
        XCTAssertEqual(DecimalToDouble.double(significand: 0, exponent: 3, isNegative: true)?.bitPattern, (-0.0).bitPattern)
        XCTAssertNil(DecimalToDouble.double(significand: 1, exponent: 28, isNegative: false))
        XCTAssertNil(DecimalToDouble.double(significand: 1, exponent: -28, isNegative: false))
    }

    /// Recomputes the table of powers of five by long division and compares it.
    func testPowerTableIsExact() {
        for exponent in DecimalToDouble.exponentRange {
            let index = exponent - DecimalToDouble.exponentRange.lowerBound
            let expected = Self.normalizedPowerOfFive(exponent)

            XCTAssertEqual(DecimalToDouble.powerOfFiveHigh[index], expected.high, "high word of 5^\(exponent)")
            XCTAssertEqual(DecimalToDouble.powerOfFiveLow[index], expected.low, "low word of 5^\(exponent)")
            XCTAssertEqual((exponent * 152_170) >> 16, expected.floorLog2, "floor(log2(5^\(exponent)))")
        }
    }

    func testDigitWordHelpers() {
        var random = TestRandom(seed: 22)

        for _ in 0..<20_000 {
            let digitCount = Int.random(in: 0...8, using: &random)
            var bytes = (0..<8).map { _ in UInt8.random(in: 0...255, using: &random) }
            for position in 0..<digitCount {
                bytes[position] = UInt8(ascii: "0") + UInt8.random(in: 0...9, using: &random)
            }
            if digitCount < 8, bytes[digitCount] &- UInt8(ascii: "0") < 10 {
                bytes[digitCount] = UInt8(ascii: ",")
            }
            let word = bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }

            let nonDigits = StepLineScanner.nonDigitBytes(word)
            let found = nonDigits == 0 ? 8 : nonDigits.trailingZeroBitCount >> 3
            XCTAssertEqual(found, digitCount, "\(bytes)")

            let digits = word &- 0x3030_3030_3030_3030
            let value = StepLineScanner.valueOfEightDigits(digitCount == 0 ? 0 : digits << (64 - 8 * digitCount))
            let expected = bytes[0..<digitCount].reduce(UInt64(0)) { $0 * 10 + UInt64($1 - UInt8(ascii: "0")) }
            XCTAssertEqual(value, expected, "\(bytes)")
        }
    }

    /// Returns 5^exponent as a 128-bit value with bit 127 set, truncated, and
    /// floor(log2(5^exponent)).
    private static func normalizedPowerOfFive(_ exponent: Int) -> (high: UInt64, low: UInt64, floorLog2: Int) {
        var power: UInt64 = 1
        for _ in 0..<exponent.magnitude {
            power *= 5
        }
        let bitLength = 64 - power.leadingZeroBitCount

        if exponent >= 0 {
            return (power << (64 - bitLength), 0, bitLength - 1)
        }

        // floor(2^(127 + bitLength) / power), one quotient bit per numerator bit.
        var remainder: UInt64 = 0
        var high: UInt64 = 0
        var low: UInt64 = 0
        for bit in 0...(127 + bitLength) {
            remainder = remainder << 1 | (bit == 0 ? 1 : 0)
            let quotientBit: UInt64 = remainder >= power ? 1 : 0
            if quotientBit == 1 {
                remainder -= power
            }
            high = high << 1 | low >> 63
            low = low << 1 | quotientBit
        }
        return (high, low, -bitLength)
    }
}
