import XCTest

@testable import OpOpNumPy

final class NPZArchiveTests: XCTestCase {
    func testSetAppendsAndReplacesInPlace() {
        var archive = NPZArchive()
        archive.set("a", NumPyArray(int32: [1]))
        archive.set("b", NumPyArray(int32: [2]))
        archive.set("a", NumPyArray(int32: [3]))

        XCTAssertEqual(archive.names, ["a", "b"])
        XCTAssertEqual(archive["a"], NumPyArray(int32: [3]))
        XCTAssertEqual(archive["b"], NumPyArray(int32: [2]))
        XCTAssertNil(archive["c"])
    }

    func testRemoveReturnsArray() {
        var archive = NPZArchive([("x", NumPyArray(bool: true)), ("y", NumPyArray(bool: false))])

        XCTAssertEqual(archive.remove("x"), NumPyArray(bool: true))
        XCTAssertNil(archive.remove("x"))
        XCTAssertEqual(archive.names, ["y"])
    }

    func testInitWithRepeatedNameKeepsFirstPosition() {
        let archive = NPZArchive([
            ("a", NumPyArray(uint8: 1)), ("b", NumPyArray(uint8: 2)), ("a", NumPyArray(uint8: 3)),
        ])

        XCTAssertEqual(archive.names, ["a", "b"])
        XCTAssertEqual(archive["a"], NumPyArray(uint8: 3))
    }

    func testEqualityDependsOnOrder() {
        let first = NPZArchive([("a", NumPyArray(uint8: 1)), ("b", NumPyArray(uint8: 2))])
        let second = NPZArchive([("b", NumPyArray(uint8: 2)), ("a", NumPyArray(uint8: 1))])

        XCTAssertNotEqual(first, second)
        XCTAssertEqual(first, NPZArchive([("a", NumPyArray(uint8: 1)), ("b", NumPyArray(uint8: 2))]))
    }

    func testValidateNameRejectsNUL() {
        XCTAssertThrowsError(try NPZArchive.validateName("a\u{0}b")) { error in
            XCTAssertEqual((error as! NumPyFormatError).kind, .invalidMemberName)
            XCTAssertTrue("\(error)".contains("\"a\\x00b\""), "\(error)")
        }
    }

    func testValidateNameRejectsOverlongName() {
        XCTAssertNoThrow(try NPZArchive.validateName(String(repeating: "n", count: 65_531)))
        XCTAssertThrowsError(try NPZArchive.validateName(String(repeating: "n", count: 65_532))) { error in
            XCTAssertTrue("\(error)".contains("65532 UTF-8 bytes"), "\(error)")
        }
    }

    func testValidateNameAcceptsUnusualNames() {
        for name in ["", "layer/0.weight", "gewicht_ä", "名前", "x.npy", " spaced "] {
            XCTAssertNoThrow(try NPZArchive.validateName(name), name)
        }
    }
}
