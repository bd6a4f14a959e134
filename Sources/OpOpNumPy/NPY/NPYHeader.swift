/// The dictionary at the start of a `.npy` file: element type, memory order and shape.
struct NPYHeader: Equatable {
    var dtype: NumPyDType
    var fortranOrder: Bool
    var shape: [Int]

    /// Renders the dictionary the way `numpy.save` does, keys sorted, with a trailing comma.
    func render() -> String {
        let order = fortranOrder ? "True" : "False"
        return "{'descr': '\(dtype.descr)', 'fortran_order': \(order), 'shape': \(ShapeMath.describe(shape)), }"
    }

    /// Builds a header from the parsed dictionary, checking that it has exactly the keys
    /// `descr`, `fortran_order` and `shape` (in any order) with values of the right types.
    init(parsing literal: PythonLiteral) throws(NumPyFormatError) {
        guard case .dictionary(let entries) = literal else {
            throw Self.invalid("the header is not a dictionary")
        }

        var descr: PythonLiteral?
        var fortranOrder: PythonLiteral?
        var shape: PythonLiteral?
        for (key, value) in entries {
            switch key {
            case "descr" where descr == nil:
                descr = value
            case "fortran_order" where fortranOrder == nil:
                fortranOrder = value
            case "shape" where shape == nil:
                shape = value
            case "descr", "fortran_order", "shape":
                throw Self.invalid("the header has the key '\(key)' twice")
            default:
                throw Self.invalid("the header has the unexpected key '\(key)'")
            }
        }

        guard let descr else {
            throw Self.invalid("the header has no 'descr' key")
        }
        guard let fortranOrder else {
            throw Self.invalid("the header has no 'fortran_order' key")
        }
        guard let shape else {
            throw Self.invalid("the header has no 'shape' key")
        }

        guard case .boolean(let isFortran) = fortranOrder else {
            throw Self.invalid("'fortran_order' is \(Self.describe(fortranOrder)), not True or False")
        }
        self.fortranOrder = isFortran
        self.dtype = try DescrParser.dtype(from: descr)
        self.shape = try Self.shape(from: shape)
    }

    init(dtype: NumPyDType, fortranOrder: Bool, shape: [Int]) {
        self.dtype = dtype
        self.fortranOrder = fortranOrder
        self.shape = shape
    }

    private static func shape(from literal: PythonLiteral) throws(NumPyFormatError) -> [Int] {
        guard case .tuple(let items) = literal else {
            throw invalid("'shape' is \(describe(literal)), not a tuple of integers such as (3,) or ()")
        }

        var shape: [Int] = []
        for item in items {
            guard case .integer(let length) = item else {
                throw invalid("'shape' has the non-integer item \(describe(item))")
            }
            shape.append(length)
        }
        return shape
    }

    static func describe(_ literal: PythonLiteral) -> String {
        switch literal {
        case .string(let text): "'\(text)'"
        case .integer(let value): String(value)
        case .boolean(let value): value ? "True" : "False"
        case .none: "None"
        case .tuple(let items): "(" + items.map(describe).joined(separator: ", ") + (items.count == 1 ? ",)" : ")")
        case .list(let items): "[" + items.map(describe).joined(separator: ", ") + "]"
        case .dictionary(let entries): "{" + entries.map { "'\($0.key)': \(describe($0.value))" }.joined(separator: ", ") + "}"
        }
    }

    private static func invalid(_ reason: String) -> NumPyFormatError {
        NumPyFormatError(
            .invalidHeader,
            "invalid .npy header: \(reason)",
            fix: "the file is corrupt or was not written by numpy.save; write it again"
        )
    }
}

/// Maps a `.npy` `descr` value to a `NumPyDType`, or explains why it cannot.
enum DescrParser {
    private static let supported = NumPyDType.allCases.map { "'\($0.descr)' (\($0.rawValue))" }.joined(separator: ", ")

    static func dtype(from literal: PythonLiteral) throws(NumPyFormatError) -> NumPyDType {
        switch literal {
        case .string(let descr):
            return try dtype(from: descr)
        case .list(let fields):
            if fields.contains(where: containsObjectField) {
                throw objectArrayError(NPYHeader.describe(literal))
            }
            throw NumPyFormatError(
                .unsupportedDType,
                "structured dtype \(NPYHeader.describe(literal)) is not supported",
                fix: "save each field as its own array with a supported dtype: \(supported)"
            )
        default:
            throw NumPyFormatError(
                .invalidHeader,
                "invalid .npy header: 'descr' is \(NPYHeader.describe(literal)), not a type string such as '<f4'",
                fix: "the file is corrupt or was not written by numpy.save; write it again"
            )
        }
    }

    static func dtype(from descr: String) throws(NumPyFormatError) -> NumPyDType {
        var code = Substring(descr)
        var byteOrder: Character = "="
        if let first = code.first, "<>|=".contains(first) {
            byteOrder = first
            code = code.dropFirst()
        }

        if code == "O" || code.hasPrefix("O") && code.dropFirst().allSatisfy(\.isNumber) {
            throw objectArrayError("'\(descr)'")
        }

        let dtype: NumPyDType? =
            switch code {
            case "f4": .float32
            case "f8": .float64
            case "i4": .int32
            case "i8": .int64
            case "u1", "B": .uint8
            case "b1", "?": .bool
            default: nil
            }
        guard let dtype else {
            throw NumPyFormatError(
                .unsupportedDType,
                "dtype '\(descr)' is not supported",
                fix: "convert the array to one of \(supported) before saving, for example with astype"
            )
        }

        // Byte order does not apply to one-byte types, so '>u1' is the same as '|u1'.
        if byteOrder == ">" && dtype.itemSize > 1 {
            throw NumPyFormatError(
                .bigEndian,
                "dtype '\(descr)' is big-endian and only little-endian data is read",
                fix: "save the array as little-endian, for example with astype('\(dtype.descr)')"
            )
        }
        return dtype
    }

    private static func containsObjectField(_ literal: PythonLiteral) -> Bool {
        switch literal {
        case .string(let text):
            let code = text.drop { "<>|=".contains($0) }
            return code == "O" || code.hasPrefix("O") && code.dropFirst().allSatisfy(\.isNumber)
        case .tuple(let items), .list(let items):
            return items.contains(where: containsObjectField)
        default:
            return false
        }
    }

    private static func objectArrayError(_ descr: String) -> NumPyFormatError {
        NumPyFormatError(
            .objectArray,
            "dtype \(descr) holds pickled Python objects, which are not accepted because loading a pickle can run arbitrary code",
            fix: "save numeric arrays with a supported dtype (\(supported)) instead of objects"
        )
    }
}
