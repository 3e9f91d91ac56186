import XCTest
@testable import Policy

/// The content hash's SHA-256 against the FIPS 180-2 examples, and its block handling.
final class SHA256Tests: XCTestCase {
    func testABC() {
        XCTAssertEqual(SHA256.hex(of: Array("abc".utf8)),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    func testEmptyMessage() {
        XCTAssertEqual(SHA256.hex(of: [UInt8]()),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    /// 448 bits: the padding no longer fits in the message's block, so a second block is needed.
    func testTwoBlockMessage() {
        XCTAssertEqual(SHA256.hex(of: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    func testMillionAs() {
        XCTAssertEqual(SHA256.hex(of: [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Feeding the message in pieces of every size crosses block boundaries in every way; the digest
    /// must not depend on how the bytes arrive.
    func testIncrementalUpdatesMatchOneShot() {
        let message = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let expected = SHA256.hex(of: message)
        for piece in [1, 3, 55, 56, 63, 64, 65, 128, 299] {
            var hasher = SHA256()
            var index = 0
            while index < message.count {
                let end = min(index + piece, message.count)
                hasher.update(message[index..<end])
                index = end
            }
            XCTAssertEqual(SHA256.hexString(hasher.finalize()), expected, "pieces of \(piece)")
        }
        // A sequence without contiguous storage takes the copying path.
        var lazy = SHA256()
        lazy.update(message.lazy.map { $0 })
        XCTAssertEqual(SHA256.hexString(lazy.finalize()), expected)
    }

    func testPaddingBoundaries() {
        // 55 bytes: length fits in the same block; 56 bytes: it does not.
        XCTAssertEqual(SHA256.hex(of: [UInt8](repeating: 0x61, count: 55)),
            "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318")
        XCTAssertEqual(SHA256.hex(of: [UInt8](repeating: 0x61, count: 56)),
            "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a")
        XCTAssertEqual(SHA256.hex(of: [UInt8](repeating: 0x61, count: 64)),
            "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb")
    }
}
