import XCTest
@testable import OpOpBrain

final class BrainConfigurationTests: XCTestCase {
    func testDefaultsAreValid() throws {
        let brain = try Brain(configuration: BrainConfiguration(groupNames: ["w", "b"]))

        XCTAssertEqual(brain.observationSize, 6 + 6 * 2)
        XCTAssertEqual(brain.learner.network.layerSizes, [18, 64, 32, 6])
        XCTAssertEqual(brain.groupNames, ["w", "b"])
    }

    func testInvalidSettingsAreRejected() {
        let cases: [(String, (inout BrainConfiguration) -> Void, String)] = [
            ("no groups", { $0.groupNames = [] }, "groupNames"),
            ("no hidden layers", { $0.hiddenSizes = [] }, "hiddenSizes"),
            ("zero width", { $0.hiddenSizes = [64, 0] }, "hiddenSizes"),
            ("negative rate", { $0.learningRate = -1 }, "learningRate"),
            ("NaN rate", { $0.learningRate = .nan }, "learningRate"),
            ("zero interval", { $0.updateInterval = 0 }, "updateInterval"),
            ("negative exploration", { $0.explorationStd = -0.1 }, "explorationStd"),
            ("baseline decay of 1", { $0.baselineDecay = 1 }, "baselineDecay"),
            ("zero clip norm", { $0.gradientClipNorm = 0 }, "gradientClipNorm"),
            ("negative neutral pull", { $0.neutralPull = -0.1 }, "neutralPull"),
            ("infinite neutral pull", { $0.neutralPull = .infinity }, "neutralPull"),
            ("window of 1", { $0.lossWindow = 1 }, "lossWindow"),
            ("gradient window of 1", { $0.gradientWindow = 1 }, "gradientWindow"),
            ("norm decay of 0", { $0.normStatisticsDecay = 0 }, "normStatisticsDecay"),
            ("negative warm-up", { $0.clipWarmupSteps = -1 }, "clipWarmupSteps"),
            ("zero base z-score", { $0.clipBaseZScore = 0 }, "clipBaseZScore"),
        ]

        for (name, change, setting) in cases {
            var configuration = BrainConfiguration(groupNames: ["w"])
            change(&configuration)
            XCTAssertThrowsError(try Brain(configuration: configuration), name) { error in
                guard case let .invalidConfiguration(rejected, _, _)? = error as? BrainError else {
                    return XCTFail("\(name): unexpected error \(error)")
                }
                XCTAssertEqual(rejected, setting, name)
                XCTAssertTrue("\(error)".hasPrefix("invalid brain setting '\(setting)' = "), "\(name): \(error)")
            }
        }
    }

    func testErrorMessageNamesValueAndRange() {
        var configuration = BrainConfiguration(groupNames: ["w"])
        configuration.updateInterval = 0

        XCTAssertThrowsError(try Brain(configuration: configuration)) { error in
            XCTAssertEqual(
                "\(error)", "invalid brain setting 'updateInterval' = 0: expected a whole number of steps in 1...65536")
        }
    }

    func testSettingsListEveryNumber() {
        var configuration = BrainConfiguration(groupNames: ["w", "b", "c"])
        configuration.explorationStd = 0.25

        let settings = configuration.settings

        XCTAssertEqual(settings["groups"], 3)
        XCTAssertEqual(settings["exploration_std"], 0.25)
        XCTAssertEqual(settings["update_interval"], 4)
        XCTAssertEqual(settings["decision_window"], 32)
        XCTAssertEqual(settings["guard_probe_interval"], 2)
        XCTAssertEqual(settings["hidden_1"], 64)
        XCTAssertEqual(settings["hidden_2"], 32)
        XCTAssertNil(settings["hidden_3"])
    }
}
