/// A command line that cannot be run: a bad value, an unknown name, a missing or
/// repeated option. The message names the offending argument and what would work.
public struct UsageError: Error, Equatable, CustomStringConvertible {
    /// One line without the program name or a trailing period, for example
    /// `unknown workload 'digts'; did you mean 'digits'? (choices: digits, spirals)`.
    public var message: String

    /// The exit status for usage errors, the value GNU tools and Python's argparse
    /// use for a command line they cannot run.
    public static let exitStatus: Int32 = 2

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
