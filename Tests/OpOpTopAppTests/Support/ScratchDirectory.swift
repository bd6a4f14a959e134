import Foundation

/// A new, empty directory under the system's temporary folder, for one test.
struct ScratchDirectory {
    let path: String

    /// Creates the directory with `mkdtemp`, so parallel test processes never share one.
    init() throws {
        var parent = NSTemporaryDirectory()
        while parent.count > 1 && parent.hasSuffix("/") {
            parent.removeLast()
        }

        var template = Array((parent + "/opop-app-tests-XXXXXX").utf8CString)
        guard let created = mkdtemp(&template) else {
            throw SetupError("mkdtemp failed under '\(parent)' with errno \(errno). Set TMPDIR to a writable folder")
        }
        path = String(cString: created)
    }

    /// Returns the path of `name` inside the directory.
    func file(_ name: String) -> String {
        path + "/" + name
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
