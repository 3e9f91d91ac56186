import NIOHTTP1

/// What the admission checks need of a request's headers, found in one pass over them: each of NIO's
/// lookups by name (`first(name:)`, `contains(name:)`) is a pass of its own comparing every name.
///
/// Names are matched as NIO matches them (ASCII letters in any case). The rare headers whose values
/// need NIO's splitting into a list (Transfer-Encoding, Expect) are only noted here; their values are
/// read through `HTTPHeaders` when present.
struct RequestHeaders {
    /// The first Content-Length as a number; nil when there is none or it is not a number `Int` holds.
    var contentLength: Int?
    /// The first Content-Type.
    var contentType: String?
    var hasTransferEncoding = false
    var hasExpect = false

    init(_ headers: HTTPHeaders) {
        var sawLength = false
        for header in headers {
            // The names' lengths differ, so the length picks the one name to compare with.
            switch header.name.utf8.count {
            case 14 where !sawLength && Self.nameIs(header.name, "content-length"):
                sawLength = true
                contentLength = Self.decimal(header.value)
            case 12 where contentType == nil && Self.nameIs(header.name, "content-type"):
                contentType = header.value
            case 17 where Self.nameIs(header.name, "transfer-encoding"):
                hasTransferEncoding = true
            case 6 where Self.nameIs(header.name, "expect"):
                hasExpect = true
            default:
                break
            }
        }
    }

    /// A Transfer-Encoding lists `chunked` (`RequestCheck.isChunked`, only looked at when one was sent).
    func isChunked(_ headers: HTTPHeaders) -> Bool {
        hasTransferEncoding && RequestCheck.isChunked(headers)
    }

    /// Whether a request declares a body the server would have to read past.
    func hasBody(_ headers: HTTPHeaders) -> Bool {
        (contentLength ?? 0) > 0 || isChunked(headers)
    }

    /// `Expect: 100-continue`, in any case, among the listed expectations.
    func expectsContinue(_ headers: HTTPHeaders) -> Bool {
        hasExpect && headers[canonicalForm: "expect"].contains { $0.lowercased() == "100-continue" }
    }

    /// NIO's name comparison: equal lengths and equal bytes with the ASCII case bit (0x20) ignored.
    static func nameIs(_ name: String, _ lowercased: StaticString) -> Bool {
        let compare = { (bytes: UnsafeBufferPointer<UInt8>) -> Bool in
            let count = lowercased.utf8CodeUnitCount
            guard bytes.count == count, let base = bytes.baseAddress else { return bytes.count == count }
            let expected = lowercased.utf8Start
            guard count >= 8 else {
                for index in 0..<count where base[index] & 0xDF != expected[index] & 0xDF { return false }
                return true
            }
            // Eight bytes at a time, the last word overlapping the one before it.
            let mask: UInt64 = 0xDFDF_DFDF_DFDF_DFDF
            var offset = 0
            while true {
                let word = UnsafeRawPointer(base).loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                let wanted = UnsafeRawPointer(expected).loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                if (word ^ wanted) & mask != 0 { return false }
                if offset + 8 == count { return true }
                offset = min(offset + 8, count - 8)
            }
        }
        if let same = name.utf8.withContiguousStorageIfAvailable(compare) { return same }
        var name = name
        return name.withUTF8(compare)
    }

    /// `Int(text)` for a value of decimal digits, read from the bytes; anything else (which the HTTP
    /// parser lets through only rarely, if ever) goes to `Int(text)` itself, so the answer is the same.
    static func decimal(_ text: String) -> Int? {
        var text = text
        // -1: not 1 to 18 digits (18 digits cannot overflow an Int).
        let digits = text.withUTF8 { bytes -> Int in
            guard !bytes.isEmpty, bytes.count <= 18 else { return -1 }
            var value = 0
            for byte in bytes {
                let digit = byte &- UInt8(ascii: "0")
                guard digit < 10 else { return -1 }
                value = value &* 10 &+ Int(digit)
            }
            return value
        }
        return digits >= 0 ? digits : Int(text)
    }
}
