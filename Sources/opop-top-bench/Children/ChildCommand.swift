import Foundation
import OpOpTopApp

/// Hidden subcommands that the benchmark runs as child processes of itself, so that a
/// measured process holds nothing but what it measures.
enum ChildCommand: String {
    /// `replay-probe PATH`: opens a trace as `opop-top replay` does and prints one JSON
    /// object with the times and the process's peak memory.
    case replayProbe = "replay-probe"
    /// `brain-memory GROUPS DIR`: measures one brain's heap bytes and checkpoint size and
    /// prints them as one JSON object.
    case brainMemory = "brain-memory"
    /// `write-trace PATH GROUPS RATE SECONDS`: writes step records with the trainer's
    /// `TraceWriter` at RATE steps/s for SECONDS seconds.
    case writeTrace = "write-trace"
    /// `opop-top ARGS...`: runs opop-top itself, the same code as the opop-top executable.
    case opopTop = "opop-top"

    func run(_ arguments: [String]) -> Int32 {
        do {
            switch self {
            case .replayProbe:
                return try runReplayProbe(arguments)
            case .brainMemory:
                return try runBrainMemoryProbe(arguments)
            case .writeTrace:
                return try runPacedWriter(arguments)
            case .opopTop:
                return runOpOpTop(arguments: arguments)
            }
        } catch {
            FileHandle.standardError.write(Data("opop-top-bench \(rawValue): \(error)\n".utf8))
            return 1
        }
    }
}
