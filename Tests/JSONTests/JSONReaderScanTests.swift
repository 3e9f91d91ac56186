import JSON
import XCTest

/// The reader scans string text 16 bytes at a time and looks for the first byte that needs attention;
/// these put each kind of such byte at every offset of a block (and of the block after), at several
/// alignments of the string in the input, and near the end of the input where no whole block is left.
final class JSONReaderScanTests: XCTestCase {
    /// Special content, as written in JSON text and as decoded.
    private static let specials: [(json: String, decoded: String)] = [
        (#"\n"#, "\n"), (#"\""#, "\""), (#"\\"#, "\\"), (#"\/"#, "/"), (#"\u00e9"#, "é"), (#"\uD83D\uDE00"#, "😀"),
        ("é", "é"), ("中", "中"), ("😀", "😀"), ("\u{7F}", "\u{7F}"), (" ", " "), ("~", "~"),
    ]

    private func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSON { try JSONReader.parse(bytes) }

    func testSpecialContentAtEveryOffsetOfTwoBlocks() throws {
        for (json, decoded) in Self.specials {
            for offset in 0..<40 {
                for padding in [0, 1, 7, 15] {
                    let before = String(repeating: "a", count: offset)
                    for after in ["", "b", String(repeating: "b", count: 17)] {
                        let text = String(repeating: " ", count: padding) + "[\"\(before)\(json)\(after)\"]"
                        XCTAssertEqual(try JSONReader.parse(text), [.string(before + decoded + after)], text)
                        // The same string as the last thing in the input (no block left after it).
                        XCTAssertEqual(try JSONReader.parse("\"\(before)\(json)\(after)\""), .string(before + decoded + after))
                    }
                }
            }
        }
    }

    /// The one-character escapes are stepped over by the scan itself (the others by the escape
    /// checker): each, alone and several in a row, at every offset of two blocks, in the middle of the
    /// input and at its end, decodes to its character.
    func testEveryOneCharacterEscapeAtEveryOffset() throws {
        let escapes: [(json: String, decoded: String)] = [
            (#"\""#, "\""), (#"\\"#, "\\"), (#"\/"#, "/"), (#"\b"#, "\u{8}"), (#"\f"#, "\u{C}"), (#"\n"#, "\n"),
            (#"\r"#, "\r"), (#"\t"#, "\t"), (#"\t\"\\\u0041\/"#, "\t\"\\A/"),
        ]
        for (json, decoded) in escapes {
            for offset in 0..<34 {
                let before = String(repeating: "a", count: offset)
                for after in ["", "b", String(repeating: "b", count: 16)] {
                    let expected = before + decoded + after
                    XCTAssertEqual(try JSONReader.parse("[\"\(before)\(json)\(after)\",1]"), [.string(expected), 1])
                    XCTAssertEqual(try JSONReader.parse("\"\(before)\(json)\(after)\""), .string(expected))
                    XCTAssertEqual(try JSONReader.parse("{\"\(before)\(json)\(after)\":0}")[expected], 0)
                }
            }
        }
    }

    func testClosingQuoteAtEveryOffset() throws {
        for length in 0..<50 {
            let text = String(repeating: "x", count: length)
            XCTAssertEqual(try JSONReader.parse("{\"k\":\"\(text)\",\"n\":1}"), ["k": .string(text), "n": 1])
            XCTAssertEqual(try JSONReader.parse("\"\(text)\""), .string(text))
        }
    }

    /// A raw control character, a byte that starts no UTF-8 sequence, an overlong, an encoded surrogate,
    /// a truncated sequence and a bad escape are refused wherever they fall, with their exact offset.
    func testInvalidContentAtEveryOffsetIsRefusedWhereItIs() {
        let invalid: [(bytes: [UInt8], reason: String)] = [
            ([0x01], "control character"), ([0x1F], "control character"), ([0x0A], "control character"),
            ([0xFF], "invalid UTF-8 byte"), ([0x80], "invalid UTF-8 byte"), ([0xC0, 0xAF], "invalid UTF-8 byte"),
            ([0xE0, 0x80, 0xAF], "invalid UTF-8 sequence"), ([0xED, 0xA0, 0x80], "invalid UTF-8 sequence"),
            ([0xF4, 0x90, 0x80, 0x80], "invalid UTF-8 sequence"), ([0xE6, 0x61], "invalid UTF-8 sequence"),
            (Array(#"\x"#.utf8), "invalid escape"), (Array(#"\uD800x"#.utf8), "lone surrogate"),
            (Array(#"\u12G4"#.utf8), "four hex digits"),
        ]
        for (bytes, reason) in invalid {
            for offset in 0..<40 {
                let prefix = Array("[\"".utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: offset)
                let input = prefix + bytes + Array("bbbbbbbbbbbbbbbbbbbb\"]".utf8)
                XCTAssertThrowsError(try parse(input), "\(bytes) at \(offset)") { error in
                    guard let error = error as? JSONParseError else { return XCTFail("\(type(of: error))") }
                    XCTAssertTrue(error.reason.contains(reason), "\(bytes) at \(offset): \(error.reason)")
                    let expected = reason == "four hex digits" ? prefix.count + 4 : prefix.count
                    XCTAssertEqual(error.offset, expected, "\(bytes) at \(offset): \(error.reason)")
                }
            }
        }
    }

    func testTruncatedSequencesAndUnclosedStringsAtTheEndOfInput() {
        for offset in 0..<40 {
            let prefix = Array("\"".utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: offset)
            for (tail, reason) in [([UInt8](), "unexpected end of input in a string"), ([0xE6, 0x97], "truncated sequence"),
                                   ([0xF0, 0x9F, 0x98], "truncated sequence"), (Array(#"\"#.utf8), "end of input in an escape"),
                                   (Array(#"\u00"#.utf8), "end of input in a \\u escape")] {
                XCTAssertThrowsError(try parse(prefix + tail)) { error in
                    XCTAssertTrue((error as? JSONParseError)?.reason.contains(reason) == true, "\(offset) \(tail): \(error)")
                }
            }
        }
    }

    func testCompactAndSpacedDocumentsReadAlike() throws {
        let compact = #"{"a":[1,true,null,{"b":"c"}],"d":{},"e":[],"f":-0.5e+2}"#
        let spaced = " {\n \"a\" : [ 1 ,\ttrue , null , { \"b\" : \"c\" } ] ,\r\n \"d\" : { } , \"e\" : [ ] , \"f\" : -0.5e+2 \n} "
        XCTAssertEqual(try JSONReader.parse(compact), try JSONReader.parse(spaced))
        XCTAssertEqual(try JSONReader.parse(spaced)["f"]?.numberValue?.text, "-0.5e+2")
    }

    func testDepthLimitIsExactForMixedNesting() throws {
        var limits = JSONLimits.default
        limits.maxDepth = 6
        let open = #"[{"a":[{"b":[{"c":"#
        let close = "}]}]}]"
        XCTAssertEqual(try JSONReader.parse(open + "1" + close, limits: limits)[0]?["a"]?[0]?["b"]?[0]?["c"], 1)
        let tooDeep = open + "[1]" + close
        XCTAssertThrowsError(try JSONReader.parse(tooDeep, limits: limits)) { error in
            XCTAssertEqual((error as? JSONParseError)?.offset, open.utf8.count)
            XCTAssertTrue((error as? JSONParseError)?.reason.contains("maximum depth of 6") == true)
        }
        // Siblings do not add up: depth is nesting, not the number of containers.
        let wide = "[" + Array(repeating: open + "1" + close, count: 50).joined(separator: ",") + "]"
        limits.maxDepth = 7
        XCTAssertEqual(try JSONReader.parse(wide, limits: limits).arrayValue?.count, 50)
    }

    /// A compact member whose value is a string (`"name":"value"`) is read by the object loop itself:
    /// special content at every offset of two blocks, the member first, in the middle and last, and
    /// the same errors at the same offsets as anywhere else.
    func testCompactStringMembersWithSpecialContentAtEveryOffset() throws {
        for (json, decoded) in Self.specials {
            for offset in 0..<34 {
                let value = String(repeating: "a", count: offset) + json + "b"
                let expected = String(repeating: "a", count: offset) + decoded + "b"
                let parsed = try JSONReader.parse("{\"k\":\"\(value)\",\"m\":\"\(value)\",\"n\":1,\"z\":\"\(value)\"}")
                XCTAssertEqual(parsed["k"], .string(expected))
                XCTAssertEqual(parsed["m"], .string(expected))
                XCTAssertEqual(parsed["z"], .string(expected))
            }
        }
        for offset in 0..<34 {
            let prefix = "{\"k\":\"" + String(repeating: "a", count: offset)
            for (tail, reason, at) in [("\u{01}\"}", "control character", prefix.utf8.count),
                                       ("", "unexpected end of input in a string", prefix.utf8.count),
                                       ("\\x\"}", "invalid escape", prefix.utf8.count)] {
                XCTAssertThrowsError(try JSONReader.parse(prefix + tail)) { error in
                    XCTAssertTrue((error as? JSONParseError)?.reason.contains(reason) == true, "\(offset): \(error)")
                    XCTAssertEqual((error as? JSONParseError)?.offset, at, "\(offset) \(reason)")
                }
            }
            // After the string, what may follow it in an object, and what may not.
            XCTAssertThrowsError(try JSONReader.parse(prefix + "\"]")) { error in
                XCTAssertEqual((error as? JSONParseError)?.reason, "unexpected \"]\": expected \",\" or \"}\" in an object")
                XCTAssertEqual((error as? JSONParseError)?.offset, prefix.utf8.count + 1)
            }
            XCTAssertEqual(try JSONReader.parse(prefix + "\" }")["k"]?.stringValue?.utf8.count, offset)
        }
    }

    /// A compact member whose value is an object is read without the value dispatch: the depth limit,
    /// repeated names and errors inside it are as for any other value.
    func testCompactObjectMembersNestedToTheLimit() throws {
        var limits = JSONLimits.default
        for depth in 1...8 {
            limits.maxDepth = depth
            let open = String(repeating: #"{"a":"#, count: depth - 1) + "{"
            let close = String(repeating: "}", count: depth)
            XCTAssertNotNil(try JSONReader.parse(open + #""b":1"# + close, limits: limits).objectValue)
            let tooDeep = open + #""b":{"c":1}"# + close + "}"
            XCTAssertThrowsError(try JSONReader.parse(tooDeep, limits: limits)) { error in
                XCTAssertEqual((error as? JSONParseError)?.reason, "nesting exceeds the maximum depth of \(depth)")
                XCTAssertEqual((error as? JSONParseError)?.offset, open.utf8.count + 4)
            }
        }
        XCTAssertEqual(try JSONReader.parse(#"{"a":{},"b":{"c":{}},"d":{"e":1}}"#)["d"]?["e"], 1)
        XCTAssertThrowsError(try JSONReader.parse(#"{"a":{"x":1,"x":2}}"#)) { error in
            XCTAssertEqual((error as? JSONParseError)?.reason, "duplicate key \"x\"")
            XCTAssertEqual((error as? JSONParseError)?.offset, 12)
        }
        XCTAssertThrowsError(try JSONReader.parse(#"{"a":{"x":1,}}"#)) { error in
            XCTAssertEqual((error as? JSONParseError)?.reason, "trailing comma before \"}\"")
            XCTAssertEqual((error as? JSONParseError)?.offset, 12)
        }
    }

    /// A member name is checked for before the first member and after each "," followed by whitespace;
    /// after a "," with a quote right behind it, the quote is the check. Each way, the same errors.
    func testMemberNamesExpectedWhereverAMemberStarts() {
        let cases: [(text: String, offset: Int, reason: String)] = [
            ("{", 1, "unexpected end of input: expected a member name"),
            ("{ ", 2, "unexpected end of input: expected a member name"),
            ("{a:1}", 1, "unexpected \"a\": expected a member name in double quotes"),
            (#"{"a":1,"#, 7, "unexpected end of input: expected a member name"),
            (#"{"a":1, "#, 8, "unexpected end of input: expected a member name"),
            (#"{"a":1,}"#, 7, "trailing comma before \"}\""),
            (#"{"a":1, }"#, 8, "trailing comma before \"}\""),
            (#"{"a":1,b:2}"#, 7, "unexpected \"b\": expected a member name in double quotes"),
            ("{\"a\":1,\t'b':2}", 8, "unexpected \"'\": expected a member name in double quotes"),
            (#"{"a":"x",,"b":1}"#, 9, "unexpected \",\": expected a member name in double quotes"),
            (#"{"a":{},}"#, 8, "trailing comma before \"}\""),
        ]
        for (text, offset, reason) in cases {
            XCTAssertThrowsError(try JSONReader.parse(text), text) { error in
                XCTAssertEqual((error as? JSONParseError)?.reason, reason, text)
                XCTAssertEqual((error as? JSONParseError)?.offset, offset, text)
            }
        }
        XCTAssertEqual(try JSONReader.parse(#"{"a":1, "b":2,"c":3 ,"d":4}"#).objectValue?.keys, ["a", "b", "c", "d"])
    }

    /// Whole numbers without sign or leading zero are read by the value reader itself; a "." or an
    /// exponent after their digits, and every other number, go through the full number grammar. Either
    /// way the text and the errors are the same.
    func testWholeNumbersAndWhatFollowsTheirDigits() throws {
        for digits in ["1", "7", "42", "8080", "1234567890123456789012345"] {
            for (after, number) in [("", digits), (".5", digits + ".5"), ("e3", digits + "e3"), ("E+3", digits + "E+3"),
                                    (".25e-1", digits + ".25e-1")] {
                let text = digits + after
                XCTAssertEqual(try JSONReader.parse(text).numberValue?.text, number)
                XCTAssertEqual(try JSONReader.parse("[\(text),\(text)]")[1]?.numberValue?.text, number)
                XCTAssertEqual(try JSONReader.parse("{\"n\":\(text)}")["n"]?.numberValue?.text, number)
                XCTAssertEqual(try JSONReader.parse("{\"n\":\(text) ,\"m\":\(text)}")["m"]?.numberValue?.text, number)
            }
            let cases: [(text: String, offset: Int, reason: String)] = [
                (digits + ".", digits.utf8.count + 1, "invalid number: expected a digit after the decimal point"),
                ("[" + digits + ".]", digits.utf8.count + 2, "invalid number: expected a digit after the decimal point"),
                ("[" + digits + "e]", digits.utf8.count + 2, "invalid number: expected a digit in the exponent"),
                ("[" + digits + "E-]", digits.utf8.count + 3, "invalid number: expected a digit in the exponent"),
                ("[" + digits + "x]", digits.utf8.count + 1, "unexpected \"x\": expected \",\" or \"]\" in an array"),
                ("{\"n\":" + digits + "-1}", digits.utf8.count + 5, "unexpected \"-\": expected \",\" or \"}\" in an object"),
            ]
            for (text, offset, reason) in cases {
                XCTAssertThrowsError(try JSONReader.parse(text), text) { error in
                    XCTAssertEqual((error as? JSONParseError)?.reason, reason, text)
                    XCTAssertEqual((error as? JSONParseError)?.offset, offset, text)
                }
            }
        }
    }
}
