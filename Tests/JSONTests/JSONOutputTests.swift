import JSON
import XCTest

/// `JSONOutput` is the byte buffer the response path writes through: every way in must land the same
/// bytes as appending to an array would, across any number of growths.
final class JSONOutputTests: XCTestCase {
    func testAppendsOfEveryKindGrowPastTheStartingCapacity() {
        var output = JSONOutput(capacity: 1)
        var expected: [UInt8] = []
        for i in 0..<300 {
            output.append(UInt8(truncatingIfNeeded: i))
            expected.append(UInt8(truncatingIfNeeded: i))
            let piece = (0..<(i % 40)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ i) }
            piece.withUnsafeBufferPointer { output.append($0) }
            expected += piece
            output.append(ascii: "literal,")
            expected += Array("literal,".utf8)
        }
        XCTAssertEqual(output.count, expected.count)
        XCTAssertEqual(output.bytes(), expected)
    }

    func testAPieceLargerThanTwiceTheCapacityFitsInOneGrowth() {
        var output = JSONOutput(capacity: 16)
        let big = [UInt8](repeating: 0x61, count: 10_000)
        big.withUnsafeBufferPointer { output.append($0) }
        output.append(UInt8(ascii: "!"))
        XCTAssertEqual(output.bytes(), big + [UInt8(ascii: "!")])
    }

    func testEmptyOutputAndEmptyPieces() {
        var output = JSONOutput(capacity: 0)
        XCTAssertEqual(output.bytes(), [])
        [UInt8]().withUnsafeBufferPointer { output.append($0) }
        output.append(ascii: "")
        XCTAssertEqual(output.count, 0)
        var array = Array("kept".utf8)
        output.append(to: &array)
        XCTAssertEqual(array, Array("kept".utf8))
    }

    func testAppendToAddsAfterWhatIsThere() {
        var output = JSONOutput(capacity: 4)
        output.append(ascii: "tail bytes")
        var array = Array("head:".utf8)
        output.append(to: &array)
        XCTAssertEqual(String(decoding: array, as: UTF8.self), "head:tail bytes")
    }

    func testWriteUpToKeepsWhatTheBodyWroteAndNoMoreThanTheMaximum() {
        var output = JSONOutput(capacity: 2)
        output.append(ascii: "ab")
        output.write(upTo: 100) { start in
            for i in 0..<100 { start[i] = UInt8(ascii: "x") }
            return 3
        }
        XCTAssertEqual(String(decoding: output.bytes(), as: UTF8.self), "abxxx")
        output.write(upTo: 2) { _ in 50 }
        XCTAssertEqual(output.count, 7, "a count beyond the maximum is cut to it")
        output.write(upTo: 4) { _ in -1 }
        XCTAssertEqual(output.count, 7, "a negative count writes nothing")
    }

    func testRewriteReadsTheOldBytesAndLeavesTheNewCount() {
        var output = JSONOutput(capacity: 8)
        output.append(ascii: "keep:abc")
        output.rewrite(from: 5, toCount: 40) { bytes, oldCount in
            XCTAssertEqual(oldCount, 3)
            let old = Array(UnsafeBufferPointer(start: bytes, count: oldCount))
            for i in 0..<40 { bytes[i] = old[i % 3] }
        }
        XCTAssertEqual(String(decoding: output.bytes(), as: UTF8.self), "keep:" + String(repeating: "abc", count: 14).prefix(40))
        output.rewrite(from: 4, toCount: 1) { bytes, _ in bytes[0] = UInt8(ascii: "!") }
        XCTAssertEqual(String(decoding: output.bytes(), as: UTF8.self), "keep!")
        output.rewrite(from: 99, toCount: 0) { _, oldCount in XCTAssertEqual(oldCount, 0) }
        XCTAssertEqual(String(decoding: output.bytes(), as: UTF8.self), "keep!", "a start past the end is the end")
    }

    func testTruncateAndReadBack() {
        var output = JSONOutput(capacity: 4)
        output.append(ascii: "0123456789")
        XCTAssertEqual(output.withBytes(2..<5) { Array($0) }, Array("234".utf8))
        XCTAssertEqual(output.withBytes(8..<50) { Array($0) }, Array("89".utf8), "a range past the end is cut")
        output.truncate(to: 4)
        XCTAssertEqual(output.bytes(), Array("0123".utf8))
        output.truncate(to: 10)
        XCTAssertEqual(output.count, 4, "truncating never lengthens")
        output.append(ascii: "x")
        XCTAssertEqual(output.bytes(), Array("0123x".utf8))
    }

    func testStartingInTheCallersBufferAndMovingOutWhenItIsFull() {
        var storage = [UInt8](repeating: 0, count: 8)
        storage.withUnsafeMutableBufferPointer { buffer in
            var output = JSONOutput(startingIn: buffer)
            output.append(ascii: "12345678")
            XCTAssertEqual(Array(buffer), Array("12345678".utf8), "written in place while it fits")
            output.append(ascii: "9abcdef")
            XCTAssertEqual(output.bytes(), Array("123456789abcdef".utf8))
            output.append(ascii: "g")
            XCTAssertEqual(Array(buffer), Array("12345678".utf8), "the caller's buffer is left as it was once moved out")
            XCTAssertEqual(output.bytes(), Array("123456789abcdefg".utf8))
        }
        let empty = UnsafeMutableBufferPointer<UInt8>(start: nil, count: 0)
        var fromNothing = JSONOutput(startingIn: empty)
        fromNothing.append(ascii: "still works")
        XCTAssertEqual(fromNothing.bytes(), Array("still works".utf8))
    }

    /// The stack buffer is 1 KB: outputs below, at and above it.
    func testStaticEntryPointsAroundTheStackBufferSize() {
        for size in [0, 1, 1023, 1024, 1025, 5000] {
            let expected = (0..<size).map { UInt8(truncatingIfNeeded: $0 % 251) }
            let written = JSONOutput.bytes { output in expected.withUnsafeBufferPointer { output.append($0) } }
            XCTAssertEqual(written, expected, "size \(size)")
            var array = Array("head".utf8)
            JSONOutput.append(to: &array) { output in expected.withUnsafeBufferPointer { output.append($0) } }
            XCTAssertEqual(array, Array("head".utf8) + expected, "size \(size)")
        }
    }

    func testDecimalsAreWrittenAsStringWritesThem() {
        var numbers: [Int64] = [0, 1, -1, 9, 10, -10, 99, 100, 400, 403, Int64.max, Int64.min, Int64.max - 1, Int64.min + 1]
        for shift in stride(from: 0, to: 63, by: 5) { numbers += [Int64(1) << shift, -(Int64(1) << shift), (Int64(1) << shift) - 1] }
        for number in numbers {
            // Twice in one output, after a byte, so that each lands where the last one ended.
            var output = JSONOutput(capacity: 16)
            output.append(UInt8(ascii: "x"))
            output.append(decimal: number)
            output.append(decimal: number)
            XCTAssertEqual(String(decoding: output.bytes(), as: UTF8.self), "x\(number)\(number)")
        }
    }
}
