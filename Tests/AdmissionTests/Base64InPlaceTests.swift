import Admission
import Foundation
import JSON
import XCTest

/// A mutating response's patch is written into the response and base64-encoded where it stands,
/// from the last group of three bytes back to the first; it must equal the ordinary encoding.
final class Base64InPlaceTests: XCTestCase {
    private func inPlace(_ bytes: [UInt8], after prefix: String, capacity: Int) -> [UInt8] {
        var output = JSONOutput(capacity: capacity)
        prefix.utf8.withContiguousStorageIfAvailable { output.append($0) }
        let start = output.count
        bytes.withUnsafeBufferPointer { output.append($0) }
        Base64.encodeInPlace(&output, from: start)
        return output.bytes()
    }

    func testEveryByteValueAtEveryLengthAndPaddingCase() {
        var state: UInt32 = 0x1234_5678
        let source: [UInt8] = (0..<400).map { i in
            state = state &* 1_664_525 &+ 1_013_904_223
            return i < 256 ? UInt8(255 - i) : UInt8(truncatingIfNeeded: state >> 24)
        }
        for length in 0...source.count {
            let bytes = Array(source.prefix(length))
            let expected = Array(("p:" + Data(bytes).base64EncodedString()).utf8)
            // A capacity of 1 makes the encoding grow the buffer; 4096 leaves room to spare.
            XCTAssertEqual(inPlace(bytes, after: "p:", capacity: 1), expected, "length \(length)")
            XCTAssertEqual(inPlace(bytes, after: "p:", capacity: 4096), expected, "length \(length)")
        }
    }

    func testNothingAfterTheStartLeavesTheOutputAsItIs() {
        XCTAssertEqual(inPlace([], after: "unchanged", capacity: 16), Array("unchanged".utf8))
    }

    func testEncodingIntoAnOutputAppendsAtItsEnd() {
        var output = JSONOutput(capacity: 2)
        output.append(ascii: "x=")
        Array("foob".utf8).withUnsafeBufferPointer { Base64.encode($0, into: &output) }
        XCTAssertEqual(String(decoding: output.bytes(), as: UTF8.self), "x=Zm9vYg==")
        XCTAssertEqual(Base64.encodedCount(0), 0)
        XCTAssertEqual(Base64.encodedCount(1), 4)
        XCTAssertEqual(Base64.encodedCount(3), 4)
        XCTAssertEqual(Base64.encodedCount(4), 8)
    }
}
