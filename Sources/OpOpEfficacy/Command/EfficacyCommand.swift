import Foundation

/// Runs `opop-top-efficacy` with the arguments after the program name and returns the
/// exit status: 0 on success, 1 when the suite or an output file failed, 2 for a usage error.
public func runEfficacyCommand(_ arguments: [String]) -> Int32 {
    let options: EfficacyOptions
    do {
        options = try EfficacyOptions.parse(arguments)
    } catch {
        writeError("opop-top-efficacy: \(error)")
        return 2
    }
    if options.showsHelp {
        print(EfficacyOptions.usage)
        return 0
    }

    let configuration = options.configuration()
    if options.tasks?.contains(.invariance) == true, options.tasks?.contains(.teacher) == false {
        writeError("invariance compares its runs with teacher's, so teacher runs too")
    }

    do {
        let results = try EfficacySuite.run(configuration) { writeError($0) }
        let report = EfficacyReport(results: results)
        print(report.plainText(), terminator: "")

        let command = (["swift", "run", "-c", "release", "opop-top-efficacy"] + arguments.map(shellQuoted)).joined(separator: " ")
        if let path = options.markdownPath {
            try write(Data(report.markdown(command: command).utf8), to: path)
        }
        if let path = options.jsonPath {
            try write(try JSONReport(report: report, command: command).encoded(), to: path)
        }
        return 0
    } catch {
        writeError("opop-top-efficacy: \(error)")
        return 1
    }
}

private func write(_ data: Data, to path: String) throws {
    do {
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
        throw EfficacyError.outputFailed(path: path, reason: error.localizedDescription)
    }
}

private func writeError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// Quotes `text` for a POSIX shell when it contains anything but safe characters.
func shellQuoted(_ text: String) -> String {
    let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.,/=:+@")
    if !text.isEmpty && text.allSatisfy({ safe.contains($0) }) {
        return text
    }
    return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
