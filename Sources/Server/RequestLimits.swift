import NIOHTTP1

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The checks a request head must pass before its body is read, in the order a client needs to hear
/// about them: wrong path (404), wrong method (405), no length (411), too long (413), not JSON (415).
enum RequestCheck {
    /// The error for this head on this route, or nil when its body should be read.
    static func admissionHead(_ head: HTTPRequestHead, maxBodyBytes: Int) -> HTTPReply? {
        admissionHead(head, RequestHeaders(head.headers), maxBodyBytes: maxBodyBytes)
    }

    /// The same, with the head's headers already read (`RequestHeaders(head.headers)`).
    static func admissionHead(_ head: HTTPRequestHead, _ headers: RequestHeaders, maxBodyBytes: Int) -> HTTPReply? {
        guard isMethod(head.method, .POST) else {
            return .error(
                .methodNotAllowed, reason: "MethodNotAllowed", "\(head.method.rawValue) \(path(head.uri)): only POST is allowed",
                headers: [("allow", "POST")])
        }
        let length = headers.contentLength
        if length == nil, !headers.isChunked(head.headers) {
            return .error(.lengthRequired, reason: "LengthRequired", "POST \(path(head.uri)) needs a Content-Length (or a chunked body)")
        }
        if let length, length > maxBodyBytes {
            return .error(.payloadTooLarge, reason: "RequestEntityTooLarge", "request body of \(length) bytes exceeds the limit of \(maxBodyBytes) bytes")
        }
        if let type = headers.contentType, !isJSON(type) {
            return .error(.unsupportedMediaType, reason: "UnsupportedMediaType", "Content-Type \"\(type)\" is not supported: send application/json")
        }
        return nil
    }

    static func healthHead(_ head: HTTPRequestHead) -> HTTPReply? {
        guard isMethod(head.method, .GET) || isMethod(head.method, .HEAD) else {
            return .error(
                .methodNotAllowed, reason: "MethodNotAllowed", "\(head.method.rawValue) \(path(head.uri)): only GET and HEAD are allowed",
                headers: [("allow", "GET, HEAD")])
        }
        return nil
    }

    static func notFound(_ head: HTTPRequestHead) -> HTTPReply {
        .error(.notFound, reason: "NotFound", "no endpoint at \(path(head.uri))")
    }

    /// The declared length. The HTTP parser has already refused a malformed or conflicting one, so a
    /// value here is a plain decimal number.
    static func contentLength(_ headers: HTTPHeaders) -> Int? {
        headers.first(name: "content-length").flatMap { Int($0) }
    }

    static func isChunked(_ headers: HTTPHeaders) -> Bool {
        headers[canonicalForm: "transfer-encoding"].contains { $0.lowercased() == "chunked" }
    }

    /// Whether a request declares a body the server would have to read past.
    static func hasBody(_ headers: HTTPHeaders) -> Bool {
        RequestHeaders(headers).hasBody(headers)
    }

    /// `application/json`, any case, with or without parameters (`; charset=utf-8`) and spaces or tabs
    /// around the media type. Checked on every admission request, so a byte scan that builds nothing.
    static func isJSON(_ contentType: String) -> Bool {
        var contentType = contentType
        // withUTF8 hands over the native string's own bytes (no copy), so the scan is over raw bytes.
        return contentType.withUTF8 { bytes in
            let expected: StaticString = "application/json"
            let count = expected.utf8CodeUnitCount
            if bytes.count == count, let base = bytes.baseAddress, memcmp(base, expected.utf8Start, count) == 0 {
                // What clients send nearly always: nothing to trim, nothing to fold.
                return true
            }
            var start = 0
            var end = bytes.firstIndex(of: UInt8(ascii: ";")) ?? bytes.count
            while start < end, isSpaceOrTab(bytes[start]) { start += 1 }
            while start < end, isSpaceOrTab(bytes[end - 1]) { end -= 1 }
            guard end - start == count else { return false }
            for offset in 0..<count {
                var byte = bytes[start + offset]
                if byte >= UInt8(ascii: "A"), byte <= UInt8(ascii: "Z") { byte += 0x20 }
                guard byte == expected.utf8Start[offset] else { return false }
            }
            return true
        }
    }

    /// `method == expected`, which compares the methods' raw strings (so `.RAW(value: "POST")` is
    /// `.POST`). For the methods the server looks for, the cases are compared: two different named
    /// methods never share a raw string, so only a `.RAW` one needs the strings.
    static func isMethod(_ method: HTTPMethod, _ expected: HTTPMethod) -> Bool {
        switch expected {
        case .POST: if case .POST = method { return true }
        case .HEAD: if case .HEAD = method { return true }
        case .GET: if case .GET = method { return true }
        default: return method == expected
        }
        if case .RAW = method { return method == expected }
        return false
    }

    private static func isSpaceOrTab(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
    }

    /// The path without its query, for messages. Control characters are dropped so a hostile URI
    /// can't break a log line.
    static func path(_ uri: String) -> String {
        let path = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return String(path.prefix(200).unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
    }
}
