@testable import JSON
import XCTest

/// The writer's 16-byte block test (`JSONWriter.escapesInBlock`, SSE2 compares and a move mask on
/// x86_64): every byte value at every lane of a block is flagged exactly when it needs an escape, and
/// bytes from 0x80 (UTF-8 sequences, written as they are) never are.
final class JSONWriterEscapeBlockTests: XCTestCase {
    private func needsEscape(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20
    }

    func testEveryByteValueAtEveryLane() {
        forEveryByteAtEveryLane { byte, lane, block in
            let expected = needsEscape(byte) ? lane : 16
            XCTAssertEqual(JSONWriter.firstEscapeInBlock(block), expected, "byte 0x\(String(byte, radix: 16)) at lane \(lane)")
            let mask = JSONWriter.escapesInBlock(block)
            XCTAssertEqual(mask == 0 ? 16 : mask.trailingZeroBitCount, expected)
        }
    }

    func testTheFirstOfSeveralEscapesIsTheLowestBit() {
        for first in 0..<16 {
            for second in (first + 1)..<17 {
                var bytes = [UInt8](repeating: 0xC3, count: 17)  // UTF-8 lead bytes around them: never flagged
                bytes[first] = 0x1F
                bytes[second] = UInt8(ascii: "\"")
                let mask = bytes.withUnsafeBufferPointer { JSONWriter.escapesInBlock($0.baseAddress!) }
                XCTAssertEqual(mask.trailingZeroBitCount, first)
                XCTAssertEqual(bytes.withUnsafeBufferPointer { JSONWriter.firstEscapeInBlock($0.baseAddress!) }, first)
            }
        }
    }

    func testStringsWriteAsTheByteByByteRuleSays() {
        // Every byte value at several offsets of strings long enough for the block path, written and
        // compared with an escape applied byte by byte.
        for value in 0...255 {
            for offset in [0, 7, 15, 16, 31, 39] {
                var bytes = [UInt8](repeating: UInt8(ascii: "x"), count: 40)
                bytes[offset] = UInt8(value)
                let text = String(decoding: bytes, as: UTF8.self)
                var out: [UInt8] = []
                JSONWriter.write(.string(text), into: &out)
                var expected: [UInt8] = [UInt8(ascii: "\"")]
                for byte in text.utf8 {
                    switch byte {
                    case UInt8(ascii: "\""): expected += Array(#"\""#.utf8)
                    case UInt8(ascii: "\\"): expected += Array(#"\\"#.utf8)
                    case 0x08: expected += Array(#"\b"#.utf8)
                    case 0x0C: expected += Array(#"\f"#.utf8)
                    case 0x0A: expected += Array(#"\n"#.utf8)
                    case 0x0D: expected += Array(#"\r"#.utf8)
                    case 0x09: expected += Array(#"\t"#.utf8)
                    case ..<0x20:
                        let hex = Array("0123456789abcdef".utf8)
                        expected += Array(#"\u00"#.utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
                    default: expected.append(byte)
                    }
                }
                expected.append(UInt8(ascii: "\""))
                XCTAssertEqual(out, expected, "byte 0x\(String(value, radix: 16)) at \(offset)")
            }
        }
    }
}
