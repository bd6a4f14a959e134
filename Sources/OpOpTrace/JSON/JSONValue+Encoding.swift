/// JSON text for a `JSONValue`, for programs that write results other tools read.
extension JSONValue {
    /// Returns the value as compact JSON text, members in their stored order.
    ///
    /// Numbers use their exact integer when one is set, otherwise the shortest decimal
    /// that reads back as the same Double. NaN and the infinities, which JSON numbers
    /// cannot express, become the strings "NaN", "Infinity" and "-Infinity", as in traces.
    public func encoded() -> String {
        var output = JSONOutput()
        output.append(self)
        return String(decoding: output.bytes, as: UTF8.self)
    }
}

extension JSONOutput {
    mutating func append(_ value: JSONValue) {
        switch value {
        case .null:
            appendASCII("null")
        case .bool(let flag):
            appendASCII(flag ? "true" : "false")
        case .number(let number):
            if let integer = number.integer {
                appendInteger(integer)
            } else {
                appendDouble(number.value)
            }
        case .string(let text):
            appendString(text)
        case .array(let elements):
            appendByte(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 {
                    appendByte(UInt8(ascii: ","))
                }
                append(element)
            }
            appendByte(UInt8(ascii: "]"))
        case .object(let object):
            appendByte(UInt8(ascii: "{"))
            for (index, member) in object.members.enumerated() {
                if index > 0 {
                    appendByte(UInt8(ascii: ","))
                }
                appendString(member.key)
                appendByte(UInt8(ascii: ":"))
                append(member.value)
            }
            appendByte(UInt8(ascii: "}"))
        }
    }
}
