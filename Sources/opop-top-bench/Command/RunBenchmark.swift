import Foundation

/// Runs the chosen cases, prints the table and writes the JSON; returns the exit status.
///
/// A case that fails gives a figure without a value whose detail names the failure, so
/// the other cases still run and the table shows what is missing. The status is 1 when
/// any case failed, 0 otherwise; missed targets do not change it.
func runBenchmark(_ options: BenchOptions) -> Int32 {
    let scratch: String
    do {
        scratch = try BenchContext.makeScratchDirectory()
    } catch {
        FileHandle.standardError.write(Data("opop-top-bench: \(error)\n".utf8))
        return 1
    }
    defer { try? FileManager.default.removeItem(atPath: scratch) }
    let context = BenchContext(options: options, scratchDirectory: scratch)

    let cases: [(name: String, run: (BenchContext) throws -> [Figure])] = [
        ("brain", measureBrainCase),
        ("writer", measureWriterCase),
        ("parse", measureParseCase),
        ("replay", measureReplayCase),
        ("render", measureRenderCase),
        ("cpu", measureCPUCase),
    ]

    var figures: [Figure] = []
    var failed = false
    for (name, run) in cases where options.only.contains(name) {
        FileHandle.standardError.write(Data("opop-top-bench: measuring \(name)\n".utf8))
        do {
            figures += try run(context)
        } catch {
            failed = true
            figures.append(Figure(name, "case failed", nil, "", detail: "\(error)"))
        }
    }

    let machine = Machine.current()
    printTable(figures, machine: machine)
    if let path = options.jsonPath {
        do {
            try writeJSON(figures, machine: machine, options: options, to: path)
        } catch {
            FileHandle.standardError.write(Data("opop-top-bench: \(error)\n".utf8))
            return 1
        }
    }
    return failed ? 1 : 0
}
