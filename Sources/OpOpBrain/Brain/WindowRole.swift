/// The role of a decision window in the fixed cycle the brain runs through.
///
/// Windows come in antithetic pairs: the first applies the policy's mean plus noise, the
/// second the same mean minus the same noise. The difference of their rewards is the
/// advantage, so the slow drift of the loss's progress over a run cancels out. With a
/// neutral guard, every `probeInterval` pairs are followed by one probe window that applies
/// exactly neutral knobs, which measures what the bare optimizer would do now.
enum WindowRole: Int, Equatable, Sendable {
    case first = 0
    case second = 1
    case probe = 2

    /// Returns the role of window `index` (counted from 0) and the index of its pair, or
    /// nil for a probe. `probeInterval` 0 means no probes.
    static func of(window index: Int, probeInterval: Int) -> (role: WindowRole, pair: Int?) {
        let cycle = probeInterval > 0 ? 2 * probeInterval + 1 : 2
        let position = index % cycle
        if probeInterval > 0, position == 2 * probeInterval {
            return (.probe, nil)
        }
        let pairsPerCycle = probeInterval > 0 ? probeInterval : 1
        let pair = (index / cycle) * pairsPerCycle + position / 2
        return (position % 2 == 0 ? .first : .second, pair)
    }

    /// Returns the sign of the noise in the first window of pair `pair`. It alternates between
    /// pairs, so the later window of a pair is not always the one with the larger step.
    static func firstSign(pair: Int) -> Float {
        pair % 2 == 0 ? 1 : -1
    }
}
