extension Double {
    /// Creates the Double with the same shortest decimal text as `value`, so that a setting
    /// given as 0.9 is reported as 0.9 and not as the Float's binary value 0.8999999761581421.
    init(decimalText value: Float) {
        self = Double("\(value)") ?? Double(value)
    }
}
