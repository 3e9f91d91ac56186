import JSON
import XCTest

/// The writer's output is what the API server and capture files see, so it is pinned byte for byte.
final class JSONWriterTests: XCTestCase {
    func testShortEscapesForCommonControlCharacters() {
        XCTAssertEqual(JSONWriter.string("\n\t\r\u{8}\u{C}"), #""\n\t\r\b\f""#)
    }

    func testOtherControlCharactersUseUnicodeEscapes() {
        let shortForms: Set<UInt8> = [0x08, 0x09, 0x0A, 0x0C, 0x0D]
        for byte in UInt8(0)..<0x20 where !shortForms.contains(byte) {
            let written = JSONWriter.string(.string(String(UnicodeScalar(byte))))
            let hex = String(byte, radix: 16)
            let expected = "\"\\u00" + (hex.count == 1 ? "0" + hex : hex) + "\""
            XCTAssertEqual(written.lowercased(), expected, "byte \(byte)")
            XCTAssertTrue(written.hasPrefix(#""\u00"#), "byte \(byte): \(written)")
        }
        XCTAssertEqual(JSONWriter.string("a\u{0}b\u{1F}c").lowercased(), #""a\u0000b\u001fc""#)
    }

    func testQuotesAndBackslashesAreEscaped() {
        XCTAssertEqual(JSONWriter.string(#"say "hi" \ bye"#), #""say \"hi\" \\ bye""#)
        XCTAssertEqual(JSONWriter.string(#"\""#), #""\\\"""#)
        XCTAssertEqual(JSONWriter.string(#"C:\path\n"#), #""C:\\path\\n""#, "a backslash then n is not a newline")
    }

    /// The writer scans eight bytes at a time; a byte to escape must be found at every offset within
    /// and across those words, next to non-ASCII text and bytes just above and below the special ones.
    func testEscapesAreFoundAtEveryPositionOfTheWordScan() {
        let specials: [UInt8] = [0x00, 0x08, 0x0A, 0x1F, 0x22, 0x5C]
        let plain: [UInt8] = [0x20, 0x21, 0x23, 0x5B, 0x5D, 0x7E, 0x7F, UInt8(ascii: "a")]
        for length in 0...20 {
            for position in 0..<max(length, 1) {
                for special in specials {
                    for filler in plain {
                        var bytes = [UInt8](repeating: filler, count: length)
                        if length > 0 { bytes[position] = special }
                        let text = String(decoding: bytes, as: UTF8.self)
                        XCTAssertEqual(JSONWriter.string(.string(text)), String(decoding: Fixtures.referenceLiteral(bytes), as: UTF8.self), "\(bytes)")
                    }
                }
            }
        }
        let mixed = "é日本\u{1F600}" + "abcdefgh\"x\u{1}" + "ü"
        XCTAssertEqual(JSONWriter.string(.string(mixed)), String(decoding: Fixtures.referenceLiteral(mixed.utf8), as: UTF8.self))
    }

    func testNothingElseIsEscaped() {
        XCTAssertEqual(JSONWriter.string("a/b</script>'&"), #""a/b</script>'&""#)
        XCTAssertEqual(JSONWriter.string("\u{7F}"), "\"\u{7F}\"")
    }

    func testUnicodePassesThroughAsUTF8() {
        let text = "café 日本語 😀 \u{10FFFF} e\u{301}"
        XCTAssertEqual(JSONWriter.bytes(.string(text)), [0x22] + Array(text.utf8) + [0x22])
        XCTAssertEqual(JSONWriter.string(["ключ": "значение"]), #"{"ключ":"значение"}"#)
    }

    func testKeysAreEscapedLikeStrings() {
        XCTAssertEqual(JSONWriter.string(["a\"b\\c\nd": 1]), #"{"a\"b\\c\nd":1}"#)
    }

    func testNumbersAreWrittenVerbatim() {
        for text in ["0", "-0", "1.50", "1E+2", "0.5e-3", "1e400", "123456789012345678901234567890", "-0.0"] {
            XCTAssertEqual(JSONWriter.string(.number(JSONNumber(uncheckedText: text))), text)
        }
        XCTAssertEqual(JSONWriter.string(42), "42")
        XCTAssertEqual(JSONWriter.string(.number(JSONNumber(Int.min))), "-9223372036854775808")
    }

    func testMemberOrderIsKept() {
        let object = JSON.object(JSONObject([
            .init(key: "zeta", value: 1), .init(key: "alpha", value: 2), .init(key: "mid", value: 3),
        ]))
        XCTAssertEqual(JSONWriter.string(object), #"{"zeta":1,"alpha":2,"mid":3}"#)
        XCTAssertEqual(JSONWriter.string(["b": ["d": 1, "c": 2], "a": nil]), #"{"b":{"d":1,"c":2},"a":null}"#)
    }

    func testCompactOutput() {
        let value: JSON = [1, [2, [:]], ["a": nil, "b": true, "c": false], "", []]
        XCTAssertEqual(JSONWriter.string(value), #"[1,[2,{}],{"a":null,"b":true,"c":false},"",[]]"#)
        XCTAssertEqual(JSONWriter.string(nil), "null")
        XCTAssertEqual(JSONWriter.string([:]), "{}")
    }

    func testEntryPointsAgree() {
        let value: JSON = ["k": ["v", 1, nil]]
        var out: [UInt8] = Array("prefix:".utf8)
        JSONWriter.write(value, into: &out)
        XCTAssertEqual(out, Array("prefix:".utf8) + JSONWriter.bytes(value), "write appends to what is there")
        XCTAssertEqual(JSONWriter.bytes(value), Array(JSONWriter.string(value).utf8))
    }

    /// Every string the writer produces reads back as the same string, whatever it contains.
    func testEveryEscapeReadsBack() throws {
        var text = String(String.UnicodeScalarView((UInt32(0)..<0x80).compactMap { Unicode.Scalar($0) }))
        text += "é中😀\u{2028}\u{FEFF}"
        let written = JSONWriter.bytes(["k\u{1}": .string(text)])
        XCTAssertEqual(try JSONReader.parse(written), ["k\u{1}": .string(text)])
        XCTAssertEqual(try JSONReader.parse(written)["k\u{1}"]?.stringValue?.unicodeScalars.elementsEqual(text.unicodeScalars),
                       true, "same scalars, not just canonically equivalent")
    }
}
