/// The names a trace line uses on disk: record types and field keys.
///
/// They are part of the file format, documented in `docs/trace-format.md`. Renaming one
/// breaks every trace already written, so add new names instead.
enum TraceWireNames {
    enum RecordType {
        static let header: StaticString = "header"
        static let step: StaticString = "step"
        static let evaluation: StaticString = "eval"
        static let event: StaticString = "event"
    }

    enum Key {
        static let type: StaticString = "type"

        static let format: StaticString = "format"
        static let version: StaticString = "version"
        static let run: StaticString = "run"
        static let workload: StaticString = "workload"
        static let groups: StaticString = "groups"
        static let optimizer: StaticString = "optimizer"
        static let optimizerSettings: StaticString = "optimizer_settings"
        static let brainSettings: StaticString = "brain_settings"
        static let startTime: StaticString = "start_time"

        static let step: StaticString = "step"
        static let time: StaticString = "time"
        static let loss: StaticString = "loss"
        static let reward: StaticString = "reward"
        static let baseline: StaticString = "baseline"

        static let scale: StaticString = "scale"
        static let clip: StaticString = "clip"
        static let dampen: StaticString = "dampen"
        static let gradientNorm: StaticString = "grad_norm"

        static let metrics: StaticString = "metrics"

        static let kind: StaticString = "kind"
        static let group: StaticString = "group"
        static let path: StaticString = "path"
        static let message: StaticString = "message"
    }

    /// The strings that represent the Double values that JSON numbers cannot express.
    enum NonFinite {
        static let notANumber: StaticString = "NaN"
        static let positiveInfinity: StaticString = "Infinity"
        static let negativeInfinity: StaticString = "-Infinity"
    }
}
