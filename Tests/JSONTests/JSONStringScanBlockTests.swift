@testable import JSON
import XCTest

/// The string scan's 16-byte block test (`JSONStringScan.specialBytes`, SSE2 compares and a move mask
/// on x86_64): every byte value at every lane of a block, alone among plain bytes and behind another
/// special byte, is flagged exactly when it may not be copied as it is.
final class JSONStringScanBlockTests: XCTestCase {
    /// What the scan must stop at: a quote, a backslash, a control character, a byte from 0x80.
    private func isSpecial(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 || byte >= 0x80
    }

    func testEveryByteValueAtEveryLane() {
        forEveryByteAtEveryLane { byte, lane, block in
            let expected = isSpecial(byte) ? lane : 16
            XCTAssertEqual(JSONStringScan.firstSpecialByte(block), expected, "byte 0x\(String(byte, radix: 16)) at lane \(lane)")
            let mask = JSONStringScan.specialBytes(block)
            XCTAssertEqual(mask == 0 ? 16 : mask.trailingZeroBitCount, expected)
        }
    }

    func testTheFirstOfSeveralSpecialBytesIsTheLowestBit() {
        for first in 0..<16 {
            for second in (first + 1)..<17 {
                var bytes = [UInt8](repeating: UInt8(ascii: "z"), count: 17)
                bytes[first] = UInt8(ascii: "\\")
                bytes[second] = UInt8(ascii: "\"")
                let mask = bytes.withUnsafeBufferPointer { JSONStringScan.specialBytes($0.baseAddress!) }
                XCTAssertEqual(mask.trailingZeroBitCount, first)
                XCTAssertEqual(bytes.withUnsafeBufferPointer { JSONStringScan.firstSpecialByte($0.baseAddress!) }, first)
            }
        }
    }

    func testPlainPrintableASCIIIsNeverFlagged() {
        let plain = (UInt8(0x20)...UInt8(0x7F)).filter { !isSpecial($0) }
        XCTAssertEqual(plain.count, 94)
        for start in stride(from: 0, to: plain.count - 16, by: 3) {
            let block = Array(plain[start..<(start + 16)])
            XCTAssertEqual(block.withUnsafeBufferPointer { JSONStringScan.specialBytes($0.baseAddress!) }, 0)
            XCTAssertEqual(block.withUnsafeBufferPointer { JSONStringScan.firstSpecialByte($0.baseAddress!) }, 16)
        }
    }
}
