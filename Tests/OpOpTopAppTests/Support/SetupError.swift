/// A failure to prepare what a test needs, such as a scratch file, which fails the test.
struct SetupError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
