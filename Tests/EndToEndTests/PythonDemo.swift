import Foundation
import XCTest

/// Locates the repository's Python demos and the interpreter that runs them, and loads
/// snapshot archives with numpy.
enum PythonDemo {
    /// The variable that turns a missing Python setup from a skip into a failure, for CI
    /// machines that install it.
    static let requireVariable = "OPOP_REQUIRE_PYTHON"

    static let directory = Checkout.root.appendingPathComponent("demos/python")
    static let numpyDemo = directory.appendingPathComponent("numpy_demo.py").path
    /// The numpy demo's parameter groups, in table order.
    static let numpyDemoGroups = ["layer1.weight", "layer1.bias", "layer2.weight", "layer2.bias"]

    /// Returns the path of a `python3` that imports every module of `modules`, by default
    /// numpy and opop.
    ///
    /// - Throws: `XCTSkip` naming what is missing, or `HarnessError` instead when
    ///   `OPOP_REQUIRE_PYTHON=1` is set.
    static func interpreter(importing modules: [String] = ["numpy", "opop"]) throws -> String {
        let python: String
        switch pythonPath {
        case .success(let path):
            python = path
        case .failure(let message):
            throw missing(message)
        }

        let environment = ProcessInfo.processInfo.environment
        let check = try Subprocess.run(python, arguments: ["-c", "import " + modules.joined(separator: ", ")], environment: environment)
        guard check.status == 0 else {
            let reason = check.errors.split(separator: "\n").last.map(String.init) ?? "exit status \(check.status)"
            throw missing("\(python) cannot import \(modules.joined(separator: " and ")) (\(reason)); install them with 'pip install numpy opop==0.3.0'")
        }
        return python
    }

    private static func missing(_ message: String) -> Error {
        if ProcessInfo.processInfo.environment[requireVariable] == "1" {
            return HarnessError("\(message); \(requireVariable)=1 is set, so the Python tests fail instead of skipping")
        }
        return XCTSkip(message)
    }

    private enum Lookup {
        case success(String)
        case failure(String)
    }

    private static let pythonPath: Lookup = {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        guard let python = directories.map({ "\($0)/python3" }).first(where: FileManager.default.isExecutableFile) else {
            return .failure("python3 was not found in PATH; install Python 3 with numpy and opop 0.3.0 (pip install numpy opop==0.3.0)")
        }
        return .success(python)
    }()

    /// The environment for a trainer the test starts itself: the test runner's, without
    /// an `OPOP_RUN_DIR` that would override `--run-dir`, and with unbuffered output.
    static var trainerEnvironment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "OPOP_RUN_DIR")
        environment["PYTHONUNBUFFERED"] = "1"
        return environment
    }

    /// The arrays of a snapshot archive that numpy loaded.
    struct Archive: Decodable {
        /// The array names, in archive order.
        var names: [String]
        /// The value of every array that contains a single integer, by name.
        var integers: [String: Int]
    }

    /// Loads every array of the `.npz` archive at `path` with `numpy.load`, which rejects
    /// pickled object arrays by default.
    ///
    /// - Throws: `HarnessError` with Python's error output when numpy cannot load it.
    static func loadArchive(_ path: String, python: String) throws -> Archive {
        let script = """
            import json, sys, numpy
            archive = numpy.load(sys.argv[1])
            names, integers = [], {}
            for name in archive.files:
                array = archive[name]
                names.append(name)
                if array.size == 1 and array.dtype.kind in "iu":
                    integers[name] = int(array.reshape(-1)[0])
            print(json.dumps({"names": names, "integers": integers}))
            """
        let result = try Subprocess.run(python, arguments: ["-c", script, path], environment: ProcessInfo.processInfo.environment)
        guard result.status == 0 else {
            throw HarnessError("numpy could not load \(path) (python3 exited with status \(result.status)): \(result.errors)")
        }
        return try JSONDecoder().decode(Archive.self, from: Data(result.output.utf8))
    }
}
