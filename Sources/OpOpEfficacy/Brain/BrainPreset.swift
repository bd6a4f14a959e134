import OpOpBrain

/// A named way to configure the brain for every brain run of the suite, chosen with
/// `--brain NAME`.
///
/// The suite treats the brain as a black box: it only passes the group names and a seed
/// derived from the run seed, and the preset makes the rest of the configuration.
public struct BrainPreset: Sendable {
    public let name: String
    /// One line for `--help`.
    public let summary: String
    private let makeConfiguration: @Sendable (_ groupNames: [String], _ seed: UInt64) -> BrainConfiguration

    public init(
        name: String, summary: String,
        configuration: @escaping @Sendable (_ groupNames: [String], _ seed: UInt64) -> BrainConfiguration
    ) {
        self.name = name
        self.summary = summary
        self.makeConfiguration = configuration
    }

    /// Returns the configuration for a brain over `groupNames`, seeded with `seed`.
    public func configuration(groupNames: [String], seed: UInt64) -> BrainConfiguration {
        makeConfiguration(groupNames, seed)
    }

    /// Every preset, the default first.
    public static let all: [BrainPreset] = [
        BrainPreset(name: "default", summary: "BrainConfiguration's defaults") { groupNames, seed in
            var configuration = BrainConfiguration(groupNames: groupNames)
            configuration.seed = seed
            return configuration
        }
    ]

    /// Returns the preset called `name`, or nil when there is none.
    public static func named(_ name: String) -> BrainPreset? {
        all.first { $0.name == name }
    }
}
