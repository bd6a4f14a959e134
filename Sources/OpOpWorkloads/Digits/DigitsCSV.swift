/// Layout and parser of the digits CSV: one image per line, 64 pixel values (8 rows of 8,
/// each an integer 0...16), then the label 0...9, separated by commas.
enum DigitsCSV {
    static let pixelCount = 64
    static let maximumPixel = 16
    static let classCount = 10

    /// Parses the CSV strictly and scales each pixel to [0, 1] by dividing by 16.
    ///
    /// Lines end with "\n", and the final newline is optional. A field is ASCII digits with
    /// an optional leading "-" and nothing else: a space, "+", decimal point or carriage
    /// return makes it "not a decimal integer". A negative value fails the range check.
    ///
    /// - Throws: `DigitsCSVError` naming the first bad row and column.
    static func parse(_ bytes: [UInt8]) throws -> LabeledDataset {
        var features: [Float] = []
        var labels: [Int] = []
        features.reserveCapacity(bytes.count / 2)

        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true {
            lines.removeLast()
        }
        guard !lines.isEmpty else {
            throw DigitsCSVError(row: 1, column: 1, problem: .noRows)
        }

        for (lineIndex, line) in lines.enumerated() {
            let row = lineIndex + 1
            guard !line.isEmpty else {
                throw DigitsCSVError(row: row, column: 1, problem: .emptyRow)
            }

            let fields = line.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
            guard fields.count >= pixelCount + 1 else {
                throw DigitsCSVError(row: row, column: fields.count + 1, problem: .missingColumns(found: fields.count))
            }
            guard fields.count == pixelCount + 1 else {
                throw DigitsCSVError(row: row, column: pixelCount + 2, problem: .extraColumn)
            }

            for (fieldIndex, field) in fields.enumerated() {
                let column = fieldIndex + 1
                guard let value = parseInteger(field) else {
                    throw DigitsCSVError(row: row, column: column, problem: .notAnInteger(field: text(of: field)))
                }

                if fieldIndex < pixelCount {
                    guard (0...maximumPixel).contains(value) else {
                        throw DigitsCSVError(row: row, column: column, problem: .pixelOutOfRange(field: text(of: field)))
                    }
                    features.append(Float(value) / Float(maximumPixel))
                } else {
                    guard (0..<classCount).contains(value) else {
                        throw DigitsCSVError(row: row, column: column, problem: .labelOutOfRange(field: text(of: field)))
                    }
                    labels.append(value)
                }
            }
        }

        return LabeledDataset(featureCount: pixelCount, classCount: classCount, features: features, labels: labels)
    }

    /// Returns the value of an optional "-" followed by ASCII digits, or nil when the
    /// field is anything else.
    private static func parseInteger(_ field: ArraySlice<UInt8>) -> Int? {
        var digits = field[...]
        let isNegative = digits.first == UInt8(ascii: "-")
        if isNegative {
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
            return nil
        }

        // More than nine digits could overflow `Int`. Such a value lies far outside every
        // range checked here, so it saturates to a sentinel that the checks reject.
        guard digits.count <= 9 else {
            return isNegative ? Int.min : Int.max
        }

        var value = 0
        for digit in digits {
            value = value * 10 + Int(digit - UInt8(ascii: "0"))
        }
        return isNegative ? -value : value
    }

    /// Returns the field as text for an error message, shortened to 20 characters.
    private static func text(of field: ArraySlice<UInt8>) -> String {
        let full = String(decoding: field, as: UTF8.self)
        return full.count > 20 ? String(full.prefix(20)) + "..." : full
    }
}
