import Foundation
import XCTest

/// A fresh directory under the system's temporary folder, removed by `remove()`.
struct TemporaryDirectory {
    let path: String

    init(file: StaticString = #filePath, line: UInt = #line) throws {
        var parent = NSTemporaryDirectory()
        while parent.count > 1 && parent.hasSuffix("/") {
            parent.removeLast()
        }
        let template = parent + "/opop-trace-tests-XXXXXX"
        var bytes = Array(template.utf8CString)
        guard let created = mkdtemp(&bytes) else {
            throw XCTSkip("mkdtemp failed for '\(template)'")
        }
        path = String(cString: created)
    }

    func file(_ name: String) -> String {
        path + "/" + name
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
