import JSON
import XCTest

final class JSONPointerTests: XCTestCase {
    /// The document of RFC 6901 §5.
    private let rfcDocument: JSON = [
        "foo": ["bar", "baz"],
        "": 0,
        "a/b": 1,
        "c%d": 2,
        "e^f": 3,
        "g|h": 4,
        "i\\j": 5,
        "k\"l": 6,
        " ": 7,
        "m~n": 8,
    ]

    /// RFC 6901 §5, JSON string representation: every pointer in the table, what it resolves to,
    /// and that printing the parsed pointer gives back the same text.
    func testRFC6901Section5Table() throws {
        let table: [(String, JSON)] = [
            ("", rfcDocument),
            ("/foo", ["bar", "baz"]),
            ("/foo/0", "bar"),
            ("/", 0),
            ("/a~1b", 1),
            ("/c%d", 2),
            ("/e^f", 3),
            ("/g|h", 4),
            ("/i\\j", 5),
            ("/k\"l", 6),
            ("/ ", 7),
            ("/m~0n", 8),
        ]
        for (text, expected) in table {
            let pointer = try JSONPointer(parsing: text)
            XCTAssertEqual(rfcDocument.value(at: pointer), expected, "pointer \(text)")
            XCTAssertEqual(pointer.description, text, "pointer \(text) should print as it was written")
        }
    }

    func testParsingUnescapesTokens() throws {
        XCTAssertEqual(try JSONPointer(parsing: "").tokens, [])
        XCTAssertEqual(try JSONPointer(parsing: "/").tokens, [""])
        XCTAssertEqual(try JSONPointer(parsing: "//").tokens, ["", ""])
        XCTAssertEqual(try JSONPointer(parsing: "/a~1b").tokens, ["a/b"])
        XCTAssertEqual(try JSONPointer(parsing: "/m~0n").tokens, ["m~n"])
        XCTAssertEqual(try JSONPointer(parsing: "/metadata/labels/example.com~1owner").tokens,
                       ["metadata", "labels", "example.com/owner"])
        // "~01" is "~" then "1", not "/": ~0 is decoded in the same single pass as ~1.
        XCTAssertEqual(try JSONPointer(parsing: "/~01").tokens, ["~1"])
        XCTAssertEqual(try JSONPointer(parsing: "/~10").tokens, ["/0"])
        XCTAssertEqual(try JSONPointer(parsing: "/~0~1~0~1").tokens, ["~/~/"])
    }

    func testDescriptionEscapesTildeBeforeSlash() throws {
        let cases: [([String], String)] = [
            (["~1"], "/~01"),
            (["a/b~"], "/a~1b~0"),
            (["~/"], "/~0~1"),
            (["", ""], "//"),
            (["metadata", "annotations", "example.com/owner"], "/metadata/annotations/example.com~1owner"),
        ]
        for (tokens, text) in cases {
            let pointer = JSONPointer(tokens: tokens)
            XCTAssertEqual(pointer.description, text)
            XCTAssertEqual(try JSONPointer(parsing: text), pointer, "\(text) should read back as \(tokens)")
        }
        XCTAssertEqual(JSONPointer.root.description, "")
    }

    /// A combining mark after "/" makes one Character with it; the separator must still count.
    func testSeparatorFollowedByCombiningMarkStillSplits() throws {
        let pointer = try JSONPointer(parsing: "/a/\u{301}b")
        XCTAssertEqual(pointer.tokens, ["a", "\u{301}b"])
        XCTAssertEqual(pointer.description, "/a/\u{301}b")
    }

    func testNonASCIITokens() throws {
        let document: JSON = ["métadonnées": ["日本": "😀"]]
        let pointer = try JSONPointer(parsing: "/métadonnées/日本")
        XCTAssertEqual(document.value(at: pointer), "😀")
    }

    func testInvalidPointersAreRejectedWithAReason() {
        let cases: [(text: String, reasonFragment: String)] = [
            ("a", "start with \"/\""),
            ("foo/bar", "start with \"/\""),
            ("#/foo", "start with \"/\""),
            (" /a", "start with \"/\""),
            ("/~", "ends with \"~\""),
            ("/a/b~", "ends with \"~\""),
            ("/a~2b", "\"~2\""),
            ("/~x", "\"~x\""),
            ("/a~/b", "\"~/\""),
            ("/~~0", "\"~~\""),
            ("/~é", "\"~é\""),
        ]
        for (text, fragment) in cases {
            XCTAssertThrowsError(try JSONPointer(parsing: text), "\(text) should be rejected") { error in
                guard let error = error as? JSONPointerError else {
                    return XCTFail("unexpected error type \(type(of: error))")
                }
                XCTAssertEqual(error.pointer, text)
                XCTAssertTrue(error.reason.contains(fragment), "\(text): reason \"\(error.reason)\"")
                XCTAssertTrue(error.description.contains("\"\(text)\""), "message names the pointer: \(error)")
            }
        }
    }

    func testArrayTokensMustBeCanonicalExistingIndexes() throws {
        let document: JSON = ["list": ["zero", "one", "two"]]
        let resolving: [(String, JSON?)] = [
            ("/list/0", "zero"),
            ("/list/2", "two"),
            ("/list/3", nil),
            ("/list/-", nil),
            ("/list/01", nil),
            ("/list/00", nil),
            ("/list/+1", nil),
            ("/list/-1", nil),
            ("/list/1.0", nil),
            ("/list/ 1", nil),
            ("/list/1e0", nil),
            ("/list/", nil),
            ("/list/99999999999999999999999999", nil),
            ("/list/١", nil),  // Arabic-Indic digit one: RFC 6901 indexes are ASCII digits
        ]
        for (text, expected) in resolving {
            XCTAssertEqual(document.value(at: try JSONPointer(parsing: text)), expected, text)
        }
    }

    func testArrayIndexParsing() {
        XCTAssertEqual(JSONPointer.arrayIndex("0"), 0)
        XCTAssertEqual(JSONPointer.arrayIndex("7"), 7)
        XCTAssertEqual(JSONPointer.arrayIndex("1234"), 1234)
        XCTAssertEqual(JSONPointer.arrayIndex(String(Int.max)), Int.max)
        XCTAssertNil(JSONPointer.arrayIndex("9223372036854775808"))  // Int.max + 1
        XCTAssertNil(JSONPointer.arrayIndex(""))
        XCTAssertNil(JSONPointer.arrayIndex("-"))
        XCTAssertNil(JSONPointer.arrayIndex("01"))
        XCTAssertNil(JSONPointer.arrayIndex("1a"))
        XCTAssertNil(JSONPointer.arrayIndex("a1"))
    }

    func testResolvingThroughScalarsAndMissingMembers() throws {
        let document: JSON = ["a": ["b": "text", "n": nil], "list": [1]]
        XCTAssertNil(document.value(at: try JSONPointer(parsing: "/missing")))
        XCTAssertNil(document.value(at: try JSONPointer(parsing: "/a/b/c")))
        XCTAssertNil(document.value(at: try JSONPointer(parsing: "/a/n/x")))
        XCTAssertNil(document.value(at: try JSONPointer(parsing: "/list/0/x")))
        XCTAssertEqual(document.value(at: try JSONPointer(parsing: "/a/n")), JSON.null)
        XCTAssertNil(JSON.string("s").value(at: try JSONPointer(parsing: "/0")))
        XCTAssertEqual(JSON.string("s").value(at: .root), "s")
    }

    func testParentLastTokenAndAppending() throws {
        let pointer = try JSONPointer(parsing: "/metadata/labels")
        XCTAssertEqual(pointer.lastToken, "labels")
        XCTAssertEqual(pointer.parent, try JSONPointer(parsing: "/metadata"))
        XCTAssertEqual(pointer.parent?.parent, JSONPointer.root)
        XCTAssertNil(JSONPointer.root.parent)
        XCTAssertNil(JSONPointer.root.lastToken)
        XCTAssertTrue(JSONPointer.root.isRoot)
        XCTAssertFalse(pointer.isRoot)

        let owner = pointer.appending("example.com/owner")
        XCTAssertEqual(owner.tokens, ["metadata", "labels", "example.com/owner"])
        XCTAssertEqual(owner.description, "/metadata/labels/example.com~1owner")
        XCTAssertEqual(owner.parent, pointer)
        XCTAssertEqual(JSONPointer.root.appending("").description, "/")
    }

    func testProperPrefix() throws {
        let a = try JSONPointer(parsing: "/a")
        XCTAssertTrue(JSONPointer.root.isProperPrefix(of: a))
        XCTAssertTrue(a.isProperPrefix(of: try JSONPointer(parsing: "/a/b")))
        XCTAssertFalse(a.isProperPrefix(of: a))
        XCTAssertFalse(a.isProperPrefix(of: try JSONPointer(parsing: "/ab")))
        XCTAssertFalse(try JSONPointer(parsing: "/a/b").isProperPrefix(of: a))
        XCTAssertFalse(JSONPointer.root.isProperPrefix(of: .root))
    }

    func testHashableByTokens() throws {
        let set: Set<JSONPointer> = [
            try JSONPointer(parsing: "/a~1b"), JSONPointer(tokens: ["a/b"]), try JSONPointer(parsing: "/a/b"),
        ]
        XCTAssertEqual(set.count, 2)
        XCTAssertTrue(set.contains(JSONPointer(tokens: ["a", "b"])))
    }
}
