import Admission
import Foundation
import XCTest

/// `response.patch` is a Go `[]byte`, so it travels as standard, padded base64.
final class Base64Tests: XCTestCase {
    /// RFC 4648 §10.
    private let rfcVectors: [(plain: String, encoded: String)] = [
        ("", ""),
        ("f", "Zg=="),
        ("fo", "Zm8="),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ]

    func testRFC4648TestVectorsEncode() {
        for vector in rfcVectors {
            XCTAssertEqual(Base64.encode(Array(vector.plain.utf8)), vector.encoded, vector.plain)
        }
    }

    func testRFC4648TestVectorsDecode() {
        for vector in rfcVectors {
            XCTAssertEqual(Base64.decode(vector.encoded), Array(vector.plain.utf8), vector.encoded)
        }
    }

    func testEncodingAppendsToTheBuffer() {
        var out = Array("x=".utf8)
        Base64.encode(Array("foob".utf8), into: &out)
        XCTAssertEqual(String(decoding: out, as: UTF8.self), "x=Zm9vYg==")
    }

    func testTheWholeAlphabetIncludingPlusAndSlash() {
        let bytes: [UInt8] = [0x00, 0x10, 0x83, 0x10, 0x51, 0x87, 0x20, 0x92, 0x8B, 0x30, 0xD3, 0x8F, 0x41, 0x14, 0x93, 0x51, 0x55, 0x97,
                              0x61, 0x96, 0x9B, 0x71, 0xD7, 0x9F, 0x82, 0x18, 0xA3, 0x92, 0x59, 0xA7, 0xA2, 0x9A, 0xAB, 0xB2, 0xDB, 0xAF,
                              0xC3, 0x1C, 0xB3, 0xD3, 0x5D, 0xB7, 0xE3, 0x9E, 0xBB, 0xF3, 0xDF, 0xBF]
        let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
        XCTAssertEqual(Base64.encode(bytes), alphabet)
        XCTAssertEqual(Base64.decode(alphabet), bytes)
    }

    func testAgreesWithFoundationForEveryByteValueAndLength() {
        // Deterministic bytes covering all 256 values, at every length up to 300 (all three padding cases).
        var state: UInt32 = 0x9E37_79B9
        let source: [UInt8] = (0..<300).map { i in
            state = state &* 1_664_525 &+ 1_013_904_223
            return i < 256 ? UInt8(i) : UInt8(truncatingIfNeeded: state >> 24)
        }
        for length in 0...source.count {
            let bytes = Array(source.prefix(length))
            let expected = Data(bytes).base64EncodedString()
            XCTAssertEqual(Base64.encode(bytes), expected, "length \(length)")
            XCTAssertEqual(Base64.decode(expected), bytes, "length \(length)")
        }
    }

    func testRoundTripsOfPatchText() {
        for text in [#"[]"#, #"[{"op":"add","path":"/metadata/labels/tenant","value":"acme"}]"#, "ünïcödé ✓ \u{1F600}"] {
            let bytes = Array(text.utf8)
            XCTAssertEqual(Base64.decode(Base64.encode(bytes)), bytes)
        }
    }

    func testRejectsWhatIsNotStandardPaddedBase64() {
        let invalid = [
            "Zg",  // padding left out
            "Zg=",  // too little padding
            "Zm9",
            "Z===",  // one character cannot carry a byte
            "Zg===",
            "Zm9v=",
            "Zg==Zg==",  // data after padding
            "Zm9v Yg==",  // whitespace
            "Zm9vYg==\n",
            "-_-_",  // the URL-safe alphabet
            "Zm9!",
            "Zm9vY",
        ]
        for text in invalid {
            XCTAssertNil(Base64.decode(text), text)
        }
    }
}
