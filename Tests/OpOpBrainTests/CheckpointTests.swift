import Foundation
import OpOpNumPy
import XCTest
@testable import OpOpBrain

final class CheckpointTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("brain-checkpoint-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try FileManager.default.removeItem(at: directory)
    }

    func path(_ name: String) -> String {
        directory.appendingPathComponent(name).path
    }

    /// Returns a brain trained for `steps` steps on the regression problem, mid-batch and with history.
    func trainedBrain(groups: [String] = ["weight", "bias"], steps: Int = 117) throws -> (Brain, BrainOptimizer, LinearRegressionProblem) {
        let problem = LinearRegressionProblem(seed: 6)
        let brain = try makeBrain(groups: groups, seed: 21, explorationStd: 0.2)
        let optimizer = BrainOptimizer(base: try SGD(learningRate: 0.05), brain: brain)
        if groups.count == 2 {
            for step in 0..<steps {
                _ = try optimizer.step(problem.groups, loss: problem.evaluate(batch: problem.minibatch(step: step)))
            }
        }
        return (brain, optimizer, problem)
    }

    /// Steps `optimizer` on `problem` and feeds `loaded` the same losses and gradients,
    /// checking at every step that both decide the same knobs and credit the same reward.
    func assertSameSteps(_ loaded: Brain, as optimizer: BrainOptimizer, on problem: LinearRegressionProblem, steps: Int) throws {
        for step in 0..<steps {
            let loss = problem.evaluate(batch: problem.minibatch(step: step))
            let weightGradient = problem.weight.gradient
            let biasGradient = problem.bias.gradient
            let report = try optimizer.step(problem.groups, loss: loss)

            let knobs = loaded.decide(loss: loss)
            loaded.recordGradient(group: 0, gradient: weightGradient)
            loaded.recordGradient(group: 1, gradient: biasGradient)
            loaded.finishStep()

            XCTAssertEqual(knobs, report.knobs, "step \(step)")
            XCTAssertEqual(loaded.status.lastReward, report.reward, "step \(step)")
        }
    }

    func testRoundTripContinuesIdentically() throws {
        let (original, optimizer, problem) = try trainedBrain()
        XCTAssertGreaterThan(original.status.bufferedExperiences, 0, "save mid-batch")
        let file = path("brain.npz")
        try original.saveCheckpoint(to: file)

        // Another seed on purpose: the checkpoint carries the exploration seed.
        let loaded = try makeBrain(groups: ["weight", "bias"], seed: 999, explorationStd: 0.2)
        try loaded.loadCheckpoint(from: file)

        XCTAssertEqual(loaded.status, original.status)
        XCTAssertTrue(loaded.makeCheckpointArchive() == original.makeCheckpointArchive(), "the loaded state differs")

        try assertSameSteps(loaded, as: optimizer, on: problem, steps: 50)
        XCTAssertEqual(loaded.status, original.status)
        XCTAssertEqual(loaded.learner.network.parameters, original.learner.network.parameters)
    }

    /// The default settings, with long windows, probes and a surge reset, mid-window.
    func testDefaultWindowsRoundTripExactly() throws {
        func defaultBrain(seed: UInt64) throws -> Brain {
            var configuration = BrainConfiguration(groupNames: ["weight", "bias"])
            configuration.seed = seed
            return try Brain(configuration: configuration)
        }
        let problem = LinearRegressionProblem(seed: 6)
        let original = try defaultBrain(seed: 21)
        let optimizer = BrainOptimizer(base: try SGD(learningRate: 0.05), brain: original)
        for step in 0..<1_013 {
            _ = try optimizer.step(problem.groups, loss: problem.evaluate(batch: problem.minibatch(step: step)))
        }
        XCTAssertGreaterThan(original.status.updates, 0)
        XCTAssertGreaterThan(original.neutralGuard.comparisonCount, 0, "the guard has compared probes")
        XCTAssertTrue(original.isWindowOpen)
        XCTAssertGreaterThan(original.windowSteps, 0, "save mid-window")

        let file = path("default.npz")
        try original.saveCheckpoint(to: file)
        let loaded = try defaultBrain(seed: 5)
        try loaded.loadCheckpoint(from: file)
        XCTAssertTrue(loaded.makeCheckpointArchive() == original.makeCheckpointArchive(), "the loaded state differs")
        XCTAssertEqual(loaded.neutralGuard, original.neutralGuard)
        XCTAssertEqual(loaded.normalizer, original.normalizer)

        try assertSameSteps(loaded, as: optimizer, on: problem, steps: 300)
        XCTAssertEqual(loaded.status, original.status)
        XCTAssertEqual(loaded.learner.network.parameters, original.learner.network.parameters)
    }

    func testSaveReplacesEarlierFile() throws {
        let (brain, _, _) = try trainedBrain(steps: 10)
        let file = path("brain.npz")
        try Data("old".utf8).write(to: URL(fileURLWithPath: file))

        try brain.saveCheckpoint(to: file)

        XCTAssertTrue(try NPZ.read(path: file) == brain.makeCheckpointArchive())
    }

    func testSaveToMissingDirectoryFails() throws {
        let (brain, _, _) = try trainedBrain(steps: 3)
        let file = path("no-such-directory/brain.npz")

        XCTAssertThrowsError(try brain.saveCheckpoint(to: file)) { error in
            guard case .checkpointWriteFailed(let reportedPath, _)? = error as? BrainError else {
                return XCTFail("unexpected error \(error)")
            }
            XCTAssertEqual(reportedPath, file)
            XCTAssertTrue("\(error)".hasPrefix("cannot save brain checkpoint to '\(file)': "), "\(error)")
        }
    }

    /// Loads `file` into a trained brain, expects a failure whose message contains
    /// `expected`, and checks that the brain did not change.
    func assertLoadFails(_ file: String, contains expected: String, _ name: String, line: UInt = #line) throws {
        let (brain, _, _) = try trainedBrain(steps: 40)
        let before = brain.makeCheckpointArchive()
        let statusBefore = brain.status

        XCTAssertThrowsError(try brain.loadCheckpoint(from: file), name, line: line) { error in
            let message = "\(error)"
            XCTAssertTrue(message.hasPrefix("cannot load brain checkpoint '\(file)': "), "\(name): \(message)", line: line)
            XCTAssertTrue(message.contains(expected), "\(name): \(message)", line: line)
        }
        XCTAssertTrue(brain.makeCheckpointArchive() == before, "\(name): the brain changed", line: line)
        XCTAssertEqual(brain.status, statusBefore, "\(name)", line: line)
    }

    func testLoadRejectsBadFilesAndKeepsBrain() throws {
        let (source, _, _) = try trainedBrain()
        let good = source.makeCheckpointArchive()
        let goodBytes = NPZ.encode(good)

        let truncated = path("truncated.npz")
        try Data(goodBytes.prefix(goodBytes.count / 2)).write(to: URL(fileURLWithPath: truncated))
        try assertLoadFails(truncated, contains: "truncated", "truncated")

        var flipped = goodBytes
        flipped[goodBytes.count / 3] ^= 0xFF
        let corrupted = path("corrupted.npz")
        try Data(flipped).write(to: URL(fileURLWithPath: corrupted))
        try assertLoadFails(corrupted, contains: "CRC", "corrupted")

        let notZip = path("text.npz")
        try Data("hello".utf8).write(to: URL(fileURLWithPath: notZip))
        try assertLoadFails(notZip, contains: "not a ZIP archive", "not a zip")

        try assertLoadFails(path("missing.npz"), contains: "No such file", "missing file")

        let cases: [(String, (inout NPZArchive) -> Void, String)] = [
            ("missing array", { _ = $0.remove("adam_step") }, "array 'adam_step' is missing"),
            ("wrong dtype", { $0.set("baseline", NumPyArray(float32: Float(0.5))) }, "array 'baseline' has dtype float32 but"),
            ("wrong shape", {
                $0.set("policy_layer1_weight", NumPyArray(float32: [Float](repeating: 0, count: 64 * 31), shape: [31, 64]))
            }, "array 'policy_layer1_weight' has shape (31, 64) but this brain needs (32, 64)"),
            ("NaN weight", {
                var bias = [Float](repeating: 0, count: 64)
                bias[3] = .nan
                $0.set("policy_layer0_bias", NumPyArray(float32: bias))
            }, "array 'policy_layer0_bias' has the non-finite value nan at flat index 3"),
            ("future version", { $0.set("format_version", NumPyArray(int64: 3)) }, "format version 3 is not supported"),
            ("negative count", { $0.set("step", NumPyArray(int64: -4)) }, "array 'step' has the value -4"),
            ("knob out of range", {
                $0.set("knobs", NumPyArray(float32: [20, 1, 0, 1, 1, 0], shape: [2, 3]))
            }, "array 'knobs' has knobs out of range for group 0"),
        ]
        for (name, change, expected) in cases {
            var archive = good
            change(&archive)
            let file = path("\(name).npz")
            try NPZ.write(archive, to: file)
            try assertLoadFails(file, contains: expected, name)
        }
    }

    func testLoadRejectsOtherGroupCount() throws {
        let (threeGroups, _, _) = try trainedBrain(groups: ["a", "b", "c"])
        let file = path("three.npz")
        try threeGroups.saveCheckpoint(to: file)

        try assertLoadFails(file, contains: "layer sizes [24, 64, 32, 9] but this brain's are [18, 64, 32, 6] (2 groups)", "three groups")
    }

    func testLoadRejectsPickledArray() throws {
        let (source, _, _) = try trainedBrain()
        let good = path("good.npz")
        let pickled = path("pickled.npz")
        try source.saveCheckpoint(to: good)
        try runPython(
            """
            import numpy
            arrays = dict(numpy.load('\(good)'))
            arrays['baseline'] = numpy.array([{'x': 1}], dtype=object)
            numpy.savez('\(pickled)', **arrays)
            """)

        try assertLoadFails(pickled, contains: "baseline.npy", "pickled")
    }

    func testNumPyOpensCheckpointWithoutPickle() throws {
        let (brain, _, _) = try trainedBrain()
        let file = path("brain.npz")
        try brain.saveCheckpoint(to: file)
        let network = brain.learner.network
        let weight = network.parameters[network.weightOffsets[1] + 2 * 64 + 5]

        let output = try runPython(
            """
            import numpy
            data = numpy.load('\(file)')
            print(data['layer_sizes'].tolist())
            print(repr(float(data['policy_layer1_weight'][2, 5])))
            print(int(data['step']), data['group_log_norms'].shape, data['knobs'].dtype)
            """)

        let lines = output.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 3, output)
        XCTAssertEqual(lines.first, "[18, 64, 32, 6]")
        XCTAssertEqual(lines.dropFirst().first.flatMap { Double($0) }, Double(weight))
        XCTAssertEqual(lines.last, "\(brain.status.step) (2, 16) float32")
    }

    /// Runs `script` with python3 and returns its standard output. Skips the test when
    /// python3 or NumPy is not installed.
    @discardableResult
    func runPython(_ script: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw XCTSkip("python3 cannot be started: \(error)")
        }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()

        let errorText = String(decoding: errorData, as: UTF8.self)
        if process.terminationStatus == 127 || errorText.contains("No module named 'numpy'") {
            throw XCTSkip("python3 with NumPy is not installed")
        }
        XCTAssertEqual(process.terminationStatus, 0, errorText)
        return String(decoding: outputData, as: UTF8.self)
    }
}
