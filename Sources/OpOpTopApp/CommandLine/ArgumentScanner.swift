/// An option a command accepts, as the scanner needs to know it.
struct OptionSpec: Sendable {
    /// The spelling with dashes, for example `--lr`.
    var name: String
    /// The placeholder for the value in help and messages, or nil for a flag.
    var valueName: String?
    /// A description of a valid value for messages, such as "a number greater than 0".
    var expected: String

    var takesValue: Bool { valueName != nil }
}

/// One scanned argument: an option with its value, or a positional argument.
enum ScannedArgument: Equatable {
    case option(name: String, value: String?)
    case positional(String)
}

/// Splits arguments into options and positionals for one command.
///
/// Accepts `--name value` and `--name=value`. `--` ends the options, so everything
/// after it is positional. A value may start with `-` only when it is a number, such
/// as `--lr -1`, so that a forgotten value (`--lr --steps 10`) is reported as missing
/// rather than swallowing the next option.
struct ArgumentScanner {
    var programName: String
    var options: [OptionSpec]

    func scan(_ arguments: ArraySlice<String>) throws(UsageError) -> [ScannedArgument] {
        var scanned: [ScannedArgument] = []
        var seenValues: [String: String?] = [:]
        var remaining = arguments[...]

        while let argument = remaining.popFirst() {
            if argument == "--" {
                scanned += remaining.map { ScannedArgument.positional($0) }
                break
            }
            guard argument.hasPrefix("-"), argument != "-" else {
                scanned.append(.positional(argument))
                continue
            }

            let (name, inlineValue) = split(argument)
            guard let spec = options.first(where: { $0.name == name }) else {
                throw unknownOption(name)
            }

            let value: String?
            if spec.takesValue {
                value = try takeValue(for: spec, inline: inlineValue, remaining: &remaining)
            } else {
                if let inlineValue {
                    throw UsageError("option \(spec.name) takes no value, but got '\(inlineValue)'; write just \(spec.name)")
                }
                value = nil
            }

            if let earlier = seenValues[spec.name] {
                throw repeated(spec, first: earlier, second: value)
            }
            seenValues[spec.name] = value
            scanned.append(.option(name: spec.name, value: value))
        }
        return scanned
    }

    /// Splits `--name=value` at the first `=`. Other forms have no inline value.
    private func split(_ argument: String) -> (name: String, value: String?) {
        guard argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") else {
            return (argument, nil)
        }
        return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
    }

    private func takeValue(
        for spec: OptionSpec,
        inline: String?,
        remaining: inout ArraySlice<String>
    ) throws(UsageError) -> String {
        let missing = UsageError("missing value for \(spec.name); expected \(spec.expected)")

        if let inline {
            guard !inline.isEmpty else { throw missing }
            return inline
        }
        guard let next = remaining.first, next != "--" else { throw missing }

        let looksLikeOption = next.hasPrefix("-") && next != "-" && !NumberParsing.isDecimalLiteral(next)
        guard !looksLikeOption else {
            throw UsageError(
                "missing value for \(spec.name) before '\(next)'; expected \(spec.expected) "
                    + "(write \(spec.name)=VALUE for a value that starts with '-')"
            )
        }
        guard !next.isEmpty else { throw missing }

        remaining.removeFirst()
        return next
    }

    private func unknownOption(_ name: String) -> UsageError {
        let names = options.map(\.name)
        let bare = name.drop { $0 == "-" }
        if let match = Suggestion.closest(to: String(bare), among: names.map { String($0.drop { $0 == "-" }) }) {
            return UsageError("unknown option '\(name)'; did you mean '--\(match)'?")
        }
        return UsageError("unknown option '\(name)'; run '\(programName) --help' for the list of options")
    }

    private func repeated(_ spec: OptionSpec, first: String?, second: String?) -> UsageError {
        if let first, let second {
            return UsageError("option \(spec.name) given twice ('\(first)', then '\(second)'); give it once")
        }
        return UsageError("option \(spec.name) given twice; give it once")
    }
}
