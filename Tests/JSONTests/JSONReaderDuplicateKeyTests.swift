import JSON
import XCTest

/// The reader compares a new member name first by a fingerprint (length, first and last eight bytes)
/// and, past 32 members, through a hash table; neither may change the answer: names that share a
/// fingerprint or a table slot are still different names, and the same name written with escapes is
/// still the same name.
final class JSONReaderDuplicateKeyTests: XCTestCase {
    private func object(_ keys: [String]) -> String {
        "{" + keys.map { "\"\($0)\":0" }.joined(separator: ",") + "}"
    }

    private func assertDuplicate(_ text: String, key: String, offset: Int? = nil, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try JSONReader.parse(text), file: file, line: line) { error in
            guard let error = error as? JSONParseError else { return XCTFail("\(type(of: error))", file: file, line: line) }
            XCTAssertEqual(error.reason, "duplicate key \"\(key)\"", file: file, line: line)
            if let offset { XCTAssertEqual(error.offset, offset, file: file, line: line) }
        }
    }

    /// Same length, same first and last eight bytes, different middle: one fingerprint, two names.
    func testNamesSharingAFingerprintAreDifferent() throws {
        let keys = (0..<10).map { "aaaaaaaa\($0)bbbbbbbb" }
        let parsed = try JSONReader.parse(object(keys))
        XCTAssertEqual(parsed.objectValue?.keys, keys)
        assertDuplicate(object(keys + ["aaaaaaaa7bbbbbbbb"]), key: "aaaaaaaa7bbbbbbbb")
        // Short names differ in the bytes a one-word load masks in; long ones only in the middle.
        XCTAssertEqual(try JSONReader.parse(#"{"ab":1,"ac":2,"a":3,"":4}"#).objectValue?.count, 4)
        XCTAssertEqual(try JSONReader.parse(object(["abcdefgh", "abcdefghi", "bcdefghi", "abcdefgh_abcdefgh", "abcdefgh__abcdefgh"])).objectValue?.count, 5)
    }

    /// Names of different lengths cannot repeat, which settles most objects early; lengths of 63 bytes
    /// and more share one slot of that check, so long names still get compared.
    func testLongNamesAndEqualLengths() throws {
        let long = String(repeating: "x", count: 70)
        let longer = String(repeating: "x", count: 100)
        XCTAssertEqual(try JSONReader.parse(object([long, longer, long + "y", "a", "bb"])).objectValue?.count, 5)
        assertDuplicate(object([long, longer, long]), key: long)
        assertDuplicate(object(["a", "bb", longer, "ccc", longer]), key: longer)
        assertDuplicate(object(["ab", "cd", "ab"]), key: "ab")
        XCTAssertEqual(try JSONReader.parse(object(["ab", "cd", "ef", "a"])).objectValue?.count, 4)
    }

    /// Short names at the very end of the input, where no eight bytes can be read past their start.
    func testShortNamesAtTheEndOfTheInput() throws {
        assertDuplicate(#"{"x":0,"ab":1,"ab":2}"#, key: "ab", offset: 14)
        assertDuplicate(#"{"a":{},"a""#, key: "a", offset: 8)
        XCTAssertEqual(try JSONReader.parse(#"{"x":0,"ab":1,"ba":2}"#).objectValue?.count, 3)
    }

    /// Escaped and plain spellings of one name, short and long, first or second, are duplicates.
    func testEscapedAndPlainSpellingsAreTheSameName() {
        // (one spelling, another spelling, the name both spell)
        let pairs: [(String, String, String)] = [
            ("a", #"\u0061"#, "a"), ("A", #"\u0041"#, "A"), ("/", #"\/"#, "/"), ("é", #"\u00e9"#, "é"),
            ("😀", #"\uD83D\uDE00"#, "😀"), (#"tab\there"#, #"tab\u0009here"#, "tab\there"),
            ("abcdefghijklmnopq", #"\u0061bcdefghijklmnopq"#, "abcdefghijklmnopq"),
            ("abcdefghijklmnopq", #"abcdefghijklmnop\u0071"#, "abcdefghijklmnopq"),
            (#"k:{\"uid\":\"1\"}"#, #"k:{\u0022uid\u0022:\"1\"}"#, #"k:{"uid":"1"}"#),
        ]
        for (plainJSON, escaped, name) in pairs {
            assertDuplicate("{\"\(plainJSON)\":1,\"\(escaped)\":2}", key: name)
            assertDuplicate("{\"\(escaped)\":1,\"\(plainJSON)\":2}", key: name)
            assertDuplicate("{\"\(escaped)\":1,\"\(escaped)\":2}", key: name)
        }
        // Escapes that decode to different names are different names.
        XCTAssertNoThrow(try JSONReader.parse(#"{"\u0061":1,"\u0062":2,"\u00e9":3,"\u00e8":4,"e\u0301":5}"#))
    }

    /// Up to eight members, names that cannot decode to the same length end the check early: a plain
    /// name's length is its own, an escaped name's lies between a sixth of its raw length and its raw
    /// length less one. Names at both ends of that range still meet their plain spelling, among other
    /// members and in either order; names whose ranges miss each other are read as different.
    func testEscapedNamesAtTheEndsOfTheirLengthRange() throws {
        // (plain, escaped at the low end: every byte a \u escape, or at the high end: one short escape)
        let pairs: [(String, String)] = [
            ("A", #"\u0041"#), ("AB", #"\u0041\u0042"#), ("ABCDE", #"\u0041\u0042\u0043\u0044\u0045"#),
            ("😀", #"\uD83D\uDE00"#), ("é", #"\u00e9"#), ("a/", #"a\/"#), ("abcdefg/", #"abcdefg\/"#), ("/", #"\/"#),
        ]
        for (plain, escaped) in pairs {
            for others in [[], ["x"], ["xyz", "k:{\\\"uid\\\":\\\"1\\\"}", "."], ["1", "22", "333", "4444", "55555", "666666"],
                           ["1", "22", "333", "4444", "55555", "666666", "7777777"]] {
                for (first, second) in [(plain, escaped), (escaped, plain)] {
                    let text = object(Array(others.prefix(2)) + [first] + Array(others.dropFirst(2)) + [second])
                    assertDuplicate(text, key: plain)
                }
            }
        }
        // Ranges that miss each other: different names, read whole.
        let distinct = try JSONReader.parse(#"{".":{},"k:{\"uid\":\"0f4c2d9e\"}":{},"ab":1,"\u0041\u0042\u0043\u0044\u0045\u0046\u0047\u0048\u0049\u004A\u004B\u004C\u004D\u004E\u004F\u0050\u0051\u0052\u0053\u0054\u0055\u0056\u0057\u0058\u0059\u005A\u0061\u0062\u0063\u0064":2}"#)
        XCTAssertEqual(distinct.objectValue?.count, 4)
        XCTAssertEqual(distinct[#"k:{"uid":"0f4c2d9e"}"#], [:])
        XCTAssertEqual(distinct["ABCDEFGHIJKLMNOPQRSTUVWXYZabcd"], 2)
    }

    /// Many members: past 32 the check uses a table; every member is still checked against every other.
    func testManyMembersAreCheckedAgainstEachOther() throws {
        let keys = (0..<1000).map { "key\($0)" }
        XCTAssertEqual(try JSONReader.parse(object(keys)).objectValue?.keys, keys)
        for repeated in [0, 7, 30, 31, 32, 33, 500, 999] {
            for position in [31, 32, 33, 34, 100, 1000] where position > repeated {
                var withDuplicate = keys
                withDuplicate.insert(keys[repeated], at: position)
                let text = object(withDuplicate)
                let offset = text.utf8.count - object(Array(withDuplicate[position...])).utf8.count + 1
                assertDuplicate(text, key: keys[repeated], offset: offset)
            }
        }
        // Spelled with an escape, found through the table too.
        assertDuplicate(String(object(keys).dropLast()) + #","\u006bey7":1}"#, key: "key7")
    }

    /// Many names sharing one fingerprint: still exact, and still accepted when all differ.
    func testManyMembersSharingAFingerprint() throws {
        let keys = (100..<300).map { "aaaaaaaa\($0)bbbbbbbb" }
        XCTAssertEqual(try JSONReader.parse(object(keys)).objectValue?.count, 200)
        assertDuplicate(object(keys + [keys[150]]), key: keys[150])
        assertDuplicate(object(Array(keys[0..<20]) + [keys[3]]), key: keys[3])
    }

    /// Names are checked when an object is complete, or when reading fails inside it; the repeat that
    /// comes first in the document is reported, before any later error, as if checked name by name.
    func testTheFirstRepeatInTheDocumentWinsOverLaterErrors() {
        assertDuplicate(#"{"a":1,"a":2,"#, key: "a", offset: 7)
        assertDuplicate(#"{"a":1,"a""#, key: "a", offset: 7)
        assertDuplicate(#"{"a":1,"a" 2}"#, key: "a", offset: 7)
        assertDuplicate(#"{"a":1,"a":[1,]}"#, key: "a", offset: 7)
        assertDuplicate(#"{"a":1,"a":{"b":1,"b":2}}"#, key: "a", offset: 7)
        assertDuplicate(#"{"x":{"a":1,"a":2},"x":1}"#, key: "a", offset: 12)
        assertDuplicate(#"{"x":1,"x":{"a":1,"a":"#, key: "x", offset: 7)
        assertDuplicate(#"[{"a":1},{"b":{"c":1,"c":2,"d":tru}}]"#, key: "c", offset: 21)
        // A failure before the repeat is reported as that failure.
        XCTAssertThrowsError(try JSONReader.parse(#"{"a":tru,"a":1}"#)) { error in
            XCTAssertEqual((error as? JSONParseError)?.reason, "invalid literal: expected \"true\"")
        }
        XCTAssertThrowsError(try JSONReader.parse(#"{"a":1,"b\x":1,"a":2}"#)) { error in
            XCTAssertEqual((error as? JSONParseError)?.offset, 9)
        }
    }

    /// Nested objects each keep their own names, whether they are small or large, open or closed.
    func testNestedObjectsKeepTheirOwnNames() throws {
        let outer = (0..<40).map { "k\($0)" }
        let inner = object(outer)
        let members = outer.map { "\"\($0)\":0" } + ["\"inner\":\(inner)", "\"small\":{\"k1\":1}", "\"k40\":\(inner)"]
        let text = "{" + members.joined(separator: ",") + "}"
        XCTAssertEqual(try JSONReader.parse(text)["inner"]?.objectValue?.count, 40)
        assertDuplicate("{" + (members + ["\"k5\":1"]).joined(separator: ",") + "}", key: "k5")
        assertDuplicate("{" + (members + ["\"inner\":1"]).joined(separator: ",") + "}", key: "inner")
        assertDuplicate("{\"a\":" + object(outer + ["k39"]) + "}", key: "k39")
        XCTAssertNoThrow(try JSONReader.parse("[" + Array(repeating: inner, count: 3).joined(separator: ",") + "]"))
    }

    /// Names that share lengths are first told apart by a sketch (length, first, second and last bytes
    /// hashed to one bit of 512): names whose sketches differ are accepted without comparing them, and
    /// names whose sketches match (the same name, or different names alike in those bytes, or a chance
    /// collision) are compared exactly.
    func testNamesOfOneLengthAreToldApartExactly() throws {
        // All two-letter names over a small alphabet: many sketch collisions by chance among 49 names.
        let letters = "abcdefg".map(String.init)
        let names = letters.flatMap { first in letters.map { first + $0 } }
        XCTAssertEqual(try JSONReader.parse(object(Array(names.prefix(32)))).objectValue?.keys, Array(names.prefix(32)))
        for count in [2, 3, 8, 20, 32] {
            let keys = Array(names.prefix(count))
            XCTAssertEqual(try JSONReader.parse(object(keys)).objectValue?.count, count)
            for repeated in [0, count / 2, count - 1] {
                assertDuplicate(object(keys + [keys[repeated]]), key: keys[repeated])
                var inside = keys
                inside.insert(keys[repeated], at: repeated + 1)
                assertDuplicate(object(inside), key: keys[repeated])
            }
        }
        // Same length, first, second and last bytes: one sketch, different names.
        let alike = ["abXXz", "abYYz", "abZZz", "ab__z"]
        XCTAssertEqual(try JSONReader.parse(object(alike + ["kind", "name"])).objectValue?.count, 6)
        assertDuplicate(object(alike + ["kind", "abYYz"]), key: "abYYz")
        // A pod spec's names, which share lengths: accepted, and each repeat found.
        let spec = ["volumes", "containers", "restartPolicy", "terminationGracePeriodSeconds", "dnsPolicy",
                    "serviceAccountName", "serviceAccount", "securityContext", "schedulerName", "tolerations",
                    "priorityClassName", "priority", "enableServiceLinks", "preemptionPolicy"]
        XCTAssertEqual(try JSONReader.parse(object(spec)).objectValue?.keys, spec)
        for name in spec { assertDuplicate(object(spec + [name]), key: name) }
    }

    /// Empty and one-byte names: the sketch reads nothing of an empty name and the closing quote as a
    /// one-byte name's second byte, so what follows the name (spaces or not) does not change it.
    func testEmptyAndOneByteNamesWhateverFollowsThem() throws {
        assertDuplicate(#"{"":1, "" :2}"#, key: "", offset: 7)
        assertDuplicate("{\"\"\n:1,\"x\":2,\"\":3}", key: "", offset: 13)
        assertDuplicate(#"{"a" :1,"b":2,"a":3}"#, key: "a", offset: 14)
        assertDuplicate(#"{"b":0,"a":1,"a" :3}"#, key: "a", offset: 13)
        XCTAssertEqual(try JSONReader.parse(#"{"":1, "a" :2,"b":3,"c" : 4}"#).objectValue?.count, 4)
    }

    /// Escaped names are sketched by their decoded bytes, so that every spelling of a name has one
    /// sketch: managedFields' `k:{"name":…}` keys, names that start or end with an escape, `\u`
    /// escapes of one to four bytes, surrogate pairs, a decoded name of one byte.
    func testEscapedNamesAreSketchedByTheirDecodedBytes() throws {
        let managed = (0..<12).map { #"k:{\"name\":\"c\#($0)\"}"# }
        let decoded = (0..<12).map { #"k:{"name":"c\#($0)"}"# }
        XCTAssertEqual(try JSONReader.parse(object(managed + [".", "f:image"])).objectValue?.keys, decoded + [".", "f:image"])
        for (position, name) in [(0, #"k:{\u0022name\u0022:\u0022c0\u0022}"#), (5, #"k:{\"name\":\"c5\u0022}"#),
                                 (11, #"\u006b:{\"name\":\"c11\"}"#)] {
            assertDuplicate(object(managed + [name]), key: decoded[position])
            assertDuplicate(object([name] + managed), key: decoded[position])
        }
        // (one spelling, another): starting or ending with an escape, escapes of 1 to 4 bytes.
        let spellings: [(String, String)] = [
            (#"\n"#, "\\u000a"), (#"x\t"#, #"x\u0009"#), (#"\/ab"#, "/ab"), (#"ab\\"#, #"ab\u005c"#),
            ("é", #"\u00e9"#), ("中x", #"\u4e2dx"#), ("x中", #"x\u4E2D"#), ("😀", #"\uD83D\uDE00"#), ("a😀b", #"a\ud83d\ude00b"#),
            ("ab", #"\u0061\u0062"#), ("a", #"\u0061"#),
        ]
        let others = ["aa", "bb", "x", "y", "zz"]  // plain names of the same lengths, so the sketches decide
        for (one, other) in spellings {
            XCTAssertEqual(try JSONReader.parse(object(others + [other])).objectValue?.count, 6, other)
            assertDuplicate(object(others + [one, other]), key: try XCTUnwrap(JSONReader.parse("\"\(other)\"").stringValue))
            assertDuplicate(object([other] + others + [one]), key: try XCTUnwrap(JSONReader.parse("\"\(one)\"").stringValue))
        }
    }

    /// When an object closes, the reader walks its names, one bit of 64 per name from its length and
    /// last byte, and checks them exactly only when two share a bit: names that share one by having
    /// the same length and last byte, or by chance ("xxa" and 59 "y"s then "b"), are still told apart,
    /// and repeats found.
    func testNamesSharingTheLoopsBitAreCheckedExactly() throws {
        let long = String(repeating: "y", count: 59) + "b"
        for names in [["ab", "cb"], ["xxa", long], ["name", "kind", "time"], ["", "x"], ["namespace", "operation"]] {
            XCTAssertEqual(try JSONReader.parse(object(names)).objectValue?.keys, names)
            for name in names { assertDuplicate(object(names + [name]), key: name) }
        }
        assertDuplicate(object(["a", "", "b", ""]), key: "", offset: 18)
    }

    /// The walk over an object's names steps from each name over its value's whole subtree to the next
    /// name: values that are containers (empty, nested, arrays of objects), scalars of every kind and
    /// compact or spaced text between them leave every name found and every repeat reported, with the
    /// outer object's repeat found however much was opened and closed between its names.
    func testTheWalkOverNamesStepsOverEveryKindOfValue() throws {
        let values = ["{}", "[]", #"{"x":[1,{"y":2,"z":[]}],"w":{}}"#, #"[[],{},[{"a":1,"b":2}]]"#, "true", "false", "null",
                      "-1.5e3", "17", #""s""#, #""é""#]
        for value in values {
            for space in ["", " ", "\n  "] {
                let text = "{\"a\":\(value),\(space)\"b\":\(value),\(space)\"c\":\(value)}"
                XCTAssertEqual(try JSONReader.parse(text).objectValue?.keys, ["a", "b", "c"], text)
                assertDuplicate("{\"a\":\(value),\(space)\"b\":\(value),\(space)\"a\":\(value)}", key: "a")
                assertDuplicate("{\"a\":\(value),\(space)\"b\":\(value),\(space)\"c\":\(value),\"b\":0}", key: "b")
                // The same inside an array and inside another object's last member.
                assertDuplicate("[1,{\"k\":{\"a\":\(value),\"a\":\(value)}}]", key: "a")
            }
        }
        // Repeats in nested objects are reported where they are, before the outer object's.
        assertDuplicate(#"{"a":{"b":{"c":1,"c":2}},"a":1}"#, key: "c", offset: 17)
        assertDuplicate(#"{"a":{"b":{"c":1,"d":2}},"e":[{"f":1},{"f":1}],"a":1}"#, key: "a", offset: 47)
    }

    /// An escaped name's plain runs are skipped sixteen bytes at a time where the input has sixteen
    /// more bytes, a byte at a time near its end: escapes and multi-byte characters at every offset of
    /// two blocks, with the name early in the document or last in it, keep every spelling one name.
    func testEscapedNamesWithEscapesAtEveryOffset() throws {
        for offset in 0..<40 {
            let before = String(repeating: "a", count: offset)
            for (escaped, other) in [(#"\""#, #"\u0022"#), (#"\u00e9"#, "é"), (#"\n"#, #"\u000A"#)] {
                for after in ["", "é", "bbbbbbbbbbbbbbbbbbbb", "中bb"] {
                    let first = before + escaped + after
                    let second = before + other + after
                    let name = try XCTUnwrap(JSONReader.parse("\"\(first)\"").stringValue)
                    // Early in the document (whole blocks readable past the name), then last in it.
                    assertDuplicate("{\"\(first)\":1,\"x\":2,\"\(second)\":3,\"padding\":\"\(String(repeating: "p", count: 20))\"}", key: name)
                    assertDuplicate("{\"x\":1,\"\(second)\":2,\"\(first)\":3}", key: name)
                    XCTAssertNoThrow(try JSONReader.parse("{\"\(first)\":1,\"\(before)x\(after)\":2,\"\(first)x\":3}"))
                }
            }
        }
    }
}
