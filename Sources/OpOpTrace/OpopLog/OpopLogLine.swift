/// What one line of an opop text log contains, as far as this reader maps it.
enum OpopLogLine: Equatable {
    /// A training progress line such as
    /// `[120/50000] 0% loss=6.65 (ce=6.65) acc=0.157 | brain: p=0.34x/2.7u m=0.34x/2.5u r=0.007 ~1000s remaining`.
    case progress(OpopProgress)
    /// An `[eval]` line, with its `name=value` metrics in the order written. Values
    /// written with `%` are converted to fractions.
    case evaluation([Metric])
    /// A `[ckpt] Saved PATH (SIZE MB)` line.
    case checkpoint(path: String)
    /// A `[ctrl]` line: a setting the trainer changed, in the line's own words.
    case control(OpopControlChange)
    /// A blank line, or text that is no record, such as a banner or a `[gen]` sample.
    case other
    /// A line that is not text, or that starts like a record but whose fields do not read.
    case unreadable(reason: String)
}

/// The fields of a progress line that map to a step record.
struct OpopProgress: Equatable {
    var step: Int
    var totalSteps: Int
    var loss: Double
    /// The `r=` value of the brain section, when there is one.
    var reward: Double?
    /// The brain's per-group decisions, in the order written.
    var groups: [OpopGroupDecision]
}

/// One `NAME=SCALEx/URGENCYu` entry of a progress line's brain section.
struct OpopGroupDecision: Equatable {
    /// The group's name in the trace: `p` becomes `proj`, `m` becomes `mlp`, and any
    /// other name is kept as written.
    var group: String
    /// The multiplier the brain put on the group's update.
    var scale: Double
    /// The number before `u`. Its meaning is not defined by opop's log, so it is parsed
    /// and checked but not stored in the trace.
    var urgency: Double
}

/// A `[ctrl] NAME: OLD -> NEW` line, or the bare text of a `[ctrl]` line in another form.
struct OpopControlChange: Equatable {
    var text: String
    var setting: String?
    var oldValue: String?
    var newValue: String?

    /// A sentence for the status line, such as "lr changed from 0.001 to 0.0001".
    var message: String {
        guard let setting, let oldValue, let newValue else {
            return "trainer control: " + text
        }
        return "\(setting) changed from \(oldValue) to \(newValue)"
    }
}
