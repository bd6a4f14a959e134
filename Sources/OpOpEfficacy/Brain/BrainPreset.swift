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

    /// Every preset, the default first. The others change one setting of the default, so
    /// each measures what that setting is worth.
    public static let all: [BrainPreset] = [
        variant("default", "BrainConfiguration's defaults") { _ in },
        variant("no-guard", "no neutral probes and no surge reset") {
            $0.guardProbeInterval = 0
            $0.surgeRatio = .infinity
        },
        variant("window-8", "decisions held for 8 steps instead of 32") { $0.decisionWindow = 8 },
        variant("window-128", "decisions held for 128 steps instead of 32") { $0.decisionWindow = 128 },
        variant("explore-0.2", "exploration noise 0.2 instead of 0.1") { $0.explorationStd = 0.2 },
        variant("explore-0.4", "exploration noise 0.4 instead of 0.1") { $0.explorationStd = 0.4 },
        variant("scale-only", "explore the scale knob only, never clip or dampen") { $0.exploresClipAndDampen = false },
        variant("explore-down", "explore the scale knob below the policy's mean only") { $0.exploresScaleDownward = true },
        variant("pull-0.02", "pull back to neutral 0.02 instead of 0.1") { $0.neutralPull = 0.02 },
    ]

    /// Returns a preset that applies `change` to the default configuration.
    private static func variant(
        _ name: String, _ summary: String, _ change: @escaping @Sendable (inout BrainConfiguration) -> Void
    ) -> BrainPreset {
        BrainPreset(name: name, summary: summary) { groupNames, seed in
            var configuration = BrainConfiguration(groupNames: groupNames)
            configuration.seed = seed
            change(&configuration)
            return configuration
        }
    }

    /// Returns the preset called `name`, or nil when there is none.
    public static func named(_ name: String) -> BrainPreset? {
        all.first { $0.name == name }
    }
}
