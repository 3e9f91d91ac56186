import JSON
import XCTest

/// The writers into `JSONOutput` against a plain reference: every string, whatever it holds and
/// wherever its escapes sit, comes out as RFC 8259 requires and the same through every entry point.
final class JSONWriterOutputTests: XCTestCase {
    private func viaOutput(_ s: String) -> [UInt8] {
        var output = JSONOutput(capacity: 1)
        JSONWriter.writeString(s, into: &output)
        return output.bytes()
    }

    private func viaArray(_ s: String) -> [UInt8] {
        var out: [UInt8] = []
        JSONWriter.writeString(s, into: &out)
        return out
    }

    /// Two special bytes at every pair of positions of a 26-byte string: after the first escape the
    /// writer looks for the next eight bytes at a time, so each gap length and alignment matters.
    func testEveryPairOfEscapePositions() {
        let specials: [Character] = ["\"", "\\", "\n", "\u{1}", "\u{1F}"]
        for first in specials {
            for second in specials {
                for i in 0..<26 {
                    for j in i..<26 {
                        var characters = Array(String(repeating: "p", count: 26))
                        characters[i] = first
                        characters[j] = second
                        let s = String(characters)
                        XCTAssertEqual(viaOutput(s), Fixtures.referenceLiteral(s.utf8), s.debugDescription)
                    }
                }
            }
        }
    }

    func testEntryPointsAgreeOnHardStrings() {
        let strings = [
            "", "plain", "\"", "\\", "ends with quote\"", "\"starts", "a\"b\\c\nd\te\u{0}f\u{7F}g",
            "ünïcödé and 中文 and 😀 and \u{2028}", String(repeating: "\"x", count: 300),
            String(repeating: "long plain text ", count: 100) + "\n",
        ]
        for s in strings {
            XCTAssertEqual(viaOutput(s), Fixtures.referenceLiteral(s.utf8), s.debugDescription)
            XCTAssertEqual(viaArray(s), Fixtures.referenceLiteral(s.utf8), s.debugDescription)
            var prefixed = Array("prefix".utf8)
            JSONWriter.writeString(s, into: &prefixed)
            XCTAssertEqual(prefixed, Array("prefix".utf8) + Fixtures.referenceLiteral(s.utf8))
        }
    }

    /// Values written from the tape (untouched objects), from changed objects whose other members stay
    /// in the tape, and from built values come out as the same compact text.
    func testTapeChangedAndBuiltObjectsWriteTheSameText() throws {
        let text = #"{ "a" : 1.50, "esc\"aped" : "v\u00e9\n", "nested" : { "list" : [ true, false, null, -2e3, "" ] }, "z" : {} }"#
        let compact = #"{"a":1.50,"esc\"aped":"vé\n","nested":{"list":[true,false,null,-2e3,""]},"z":{}}"#
        let parsed = try JSONReader.parse(text)
        XCTAssertEqual(String(decoding: JSONWriter.bytes(parsed), as: UTF8.self), compact)

        guard case .object(var object) = parsed else { return XCTFail("not an object") }
        object["added"] = ["k": "v\"", "n": 7]
        object["a"] = "changed"
        let changed = #"{"a":"changed","esc\"aped":"vé\n","nested":{"list":[true,false,null,-2e3,""]},"z":{},"added":{"k":"v\"","n":7}}"#
        XCTAssertEqual(String(decoding: JSONWriter.bytes(.object(object)), as: UTF8.self), changed)
        var output = JSONOutput(capacity: 1)
        JSONWriter.write(.object(object), into: &output)
        XCTAssertEqual(String(decoding: output.bytes(), as: UTF8.self), changed)
        var appended = Array("[".utf8)
        JSONWriter.write(.object(object), into: &appended)
        XCTAssertEqual(String(decoding: appended, as: UTF8.self), "[" + changed)
    }

    /// Multi-byte characters around an escape, at every offset of the 16-byte blocks and the words
    /// after them: their bytes (0x80 and up) are never escaped and must not hide or fake an escape.
    func testNonASCIIBytesAroundEscapesAtEveryOffset() {
        for special in ["\"", "\\", "\u{1}", "\u{7F}"] {
            for filler in ["é", "中", "😀", "\u{A0}"] {
                for length in 0..<24 {
                    for position in 0...length {
                        var characters = Array(repeating: filler, count: length)
                        characters.insert(special, at: position)
                        let s = characters.joined()
                        XCTAssertEqual(viaOutput(s), Fixtures.referenceLiteral(s.utf8), s.debugDescription)
                    }
                    let plain = String(repeating: filler, count: length) + "x"
                    XCTAssertEqual(viaOutput(plain), Fixtures.referenceLiteral(plain.utf8))
                }
            }
        }
    }

    /// A message's shape: several escapes with plain runs of every length between them, long enough
    /// that the runs after an escape are copied as 16-byte blocks (a block kept in part, whole, or
    /// ending just before the last bytes), written after 0 to 19 bytes of text into an output of 16, so
    /// that blocks are stored with every amount of room left, and across the output's growth.
    func testEscapesBetweenPlainRunsOfEveryLength() {
        for gap in 0..<40 {
            for tail in [0, 1, 7, 15, 16, 17, 33] {
                let run = String(repeating: "r", count: gap)
                let s = "tenantry: [rule] \"a\"" + run + "\\" + run + "\n" + run + "\u{1}" + String(repeating: "t", count: tail)
                XCTAssertEqual(viaOutput(s), Fixtures.referenceLiteral(s.utf8), s.debugDescription)
                for lead in 0..<20 {
                    var prefix = Array("0123456789abcdefghij".utf8)
                    prefix.removeLast(20 - lead)
                    var exact = JSONOutput(capacity: 16)
                    prefix.withUnsafeBufferPointer { exact.append($0) }
                    JSONWriter.writeString(s, into: &exact)
                    XCTAssertEqual(exact.bytes(), prefix + Fixtures.referenceLiteral(s.utf8), "\(lead) \(s.debugDescription)")
                }
            }
        }
    }
}
