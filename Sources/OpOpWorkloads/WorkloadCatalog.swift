/// The workloads `opop-top` can train, by name.
public enum WorkloadCatalog {
    /// Every name `make(name:seed:)` accepts, default first.
    public static let names = [DigitsWorkload.name, SpiralsWorkload.name]

    public static let defaultName = DigitsWorkload.name

    /// Returns the one-line summary of the named workload without building it, or nil
    /// for an unknown name.
    public static func summary(of name: String) -> String? {
        switch name {
        case DigitsWorkload.name: DigitsWorkload.summary
        case SpiralsWorkload.name: SpiralsWorkload.summary
        default: nil
        }
    }

    /// Builds the named workload, with all its randomness drawn from `seed`.
    ///
    /// - Throws: `WorkloadError.unknownWorkload`, which lists the valid names and suggests
    ///   the closest one when it is near. Also rethrows any error of the workload's init.
    public static func make(name: String, seed: UInt64) throws -> any Workload {
        switch name {
        case DigitsWorkload.name:
            return try DigitsWorkload(seed: seed)
        case SpiralsWorkload.name:
            return SpiralsWorkload(seed: seed)
        default:
            throw WorkloadError.unknownWorkload(name: name, choices: names, suggestion: closestName(to: name))
        }
    }

    /// Returns the catalog name within two single-character edits of `name`, ignoring
    /// case, or nil when none is that close.
    static func closestName(to name: String) -> String? {
        let lowered = Array(name.lowercased())
        let scored = names.map { (name: $0, distance: editDistance(lowered, Array($0))) }
        guard let best = scored.min(by: { $0.distance < $1.distance }), best.distance <= 2 else {
            return nil
        }
        return best.name
    }

    /// Returns the Levenshtein distance: insertions, deletions and substitutions.
    private static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }

        // `previous[j]` is the distance from the first i - 1 characters of `a` to the
        // first j characters of `b`. `current[j]` does the same for the first i characters.
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
