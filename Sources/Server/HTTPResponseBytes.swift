import NIOCore
import NIOHTTP1

/// HTTP/1.1 responses written straight into one buffer: status line, headers, body.
///
/// The server writes its answers as bytes rather than through NIO's response encoder: a response
/// is then one write through the pipeline and one TLS record, instead of a head, a body and an end
/// passing four handlers each. Every header here is a constant or a number (the reply's extra
/// headers are constants too, e.g. `Allow`), never request data, so none needs checking for CR/LF.
enum HTTPResponseBytes {
    /// A complete response. `connection` is the Connection header's value when one is needed;
    /// `includeBody` is false for HEAD (Content-Length still gives the body's size).
    static func write(
        _ reply: HTTPReply, version: HTTPVersion, connection: StaticString?, includeBody: Bool, into buffer: inout ByteBuffer
    ) {
        if version == .http1_1, reply.status.code == 200, reply.headers.isEmpty, reply.contentType == "application/json" {
            writeAdmissionAnswer(reply.body, connection: connection, includeBody: includeBody, into: &buffer)
            return
        }
        writeStatusLine(version, reply.status, into: &buffer)
        buffer.writeStaticString("content-type: ")
        buffer.writeString(reply.contentType)
        buffer.writeStaticString("\r\ncontent-length: ")
        writeDecimal(reply.body.count, into: &buffer)
        buffer.writeStaticString("\r\n")
        for header in reply.headers {
            buffer.writeString(header.name)
            buffer.writeStaticString(": ")
            buffer.writeString(header.value)
            buffer.writeStaticString("\r\n")
        }
        if let connection {
            buffer.writeStaticString("connection: ")
            buffer.writeStaticString(connection)
            buffer.writeStaticString("\r\n")
        }
        buffer.writeStaticString("\r\n")
        if includeBody { buffer.writeBytes(reply.body) }
    }

    /// Every admission answer (HTTP/1.1, 200, JSON, no extra header) in one write into the buffer:
    /// the same bytes as the general path, without its dozen writes each checking the capacity.
    private static func writeAdmissionAnswer(
        _ body: [UInt8], connection: StaticString?, includeBody: Bool, into buffer: inout ByteBuffer
    ) {
        let head: StaticString = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: "
        let connectionName: StaticString = "\r\nconnection: "
        let bodyBytes = includeBody ? body.count : 0
        // At most 20 digits; then CR LF, the connection header, CR LF CR LF.
        let most = head.utf8CodeUnitCount + 20 + connectionName.utf8CodeUnitCount + (connection?.utf8CodeUnitCount ?? 0) + 4 + bodyBytes
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: most) { space in
            var at = copy(head, to: space, at: 0)
            at = decimal(body.count, to: space, at: at)
            if let connection {
                at = copy(connectionName, to: space, at: at)
                at = copy(connection, to: space, at: at)
            }
            at = copy("\r\n\r\n", to: space, at: at)
            if bodyBytes > 0 {
                body.withUnsafeBytes { bytes in
                    UnsafeMutableRawBufferPointer(rebasing: space[at...]).copyMemory(from: bytes)
                }
                at += bodyBytes
            }
            return at
        }
    }

    /// Copies `text` into `space` at `offset`; returns the offset after it. The caller made room.
    private static func copy(_ text: StaticString, to space: UnsafeMutableRawBufferPointer, at offset: Int) -> Int {
        UnsafeMutableRawBufferPointer(rebasing: space[offset...])
            .copyMemory(from: UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        return offset + text.utf8CodeUnitCount
    }

    /// A non-negative number in decimal into `space` at `offset` (room for 20 digits); returns the
    /// offset after it.
    private static func decimal(_ value: Int, to space: UnsafeMutableRawBufferPointer, at offset: Int) -> Int {
        var value = UInt(max(0, value))
        var count = 1
        var rest = value / 10
        while rest > 0 {
            count += 1
            rest /= 10
        }
        var index = offset + count
        repeat {
            index -= 1
            space[index] = UInt8(ascii: "0") + UInt8(value % 10)
            value /= 10
        } while value > 0
        return offset + count
    }

    /// `100 Continue`, the interim answer to `Expect: 100-continue`.
    static func writeContinue(version: HTTPVersion, into buffer: inout ByteBuffer) {
        writeStatusLine(version, .continue, into: &buffer)
        buffer.writeStaticString("\r\n")
    }

    /// What a request the HTTP parser refused gets: 400, no body, and the connection closes.
    static func writeBadRequest(into buffer: inout ByteBuffer) {
        buffer.writeStaticString("HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
    }

    /// The bytes a whole response needs, so its buffer is allocated once.
    static func capacity(for reply: HTTPReply) -> Int {
        var extra = 0
        for header in reply.headers { extra += header.name.utf8.count + header.value.utf8.count + 4 }
        return 128 + reply.contentType.utf8.count + extra + reply.body.count
    }

    private static func writeStatusLine(_ version: HTTPVersion, _ status: HTTPResponseStatus, into buffer: inout ByteBuffer) {
        buffer.writeStaticString("HTTP/")
        writeDecimal(version.major, into: &buffer)
        buffer.writeStaticString(".")
        writeDecimal(version.minor, into: &buffer)
        buffer.writeStaticString(" ")
        writeDecimal(Int(status.code), into: &buffer)
        buffer.writeStaticString(" ")
        buffer.writeString(status.reasonPhrase)
        buffer.writeStaticString("\r\n")
    }

    /// A non-negative number in decimal, without building a String.
    static func writeDecimal(_ value: Int, into buffer: inout ByteBuffer) {
        var value = max(0, value)
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { space in
            repeat {
                count += 1
                space[space.count - count] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
            } while value > 0
            buffer.writeBytes(UnsafeRawBufferPointer(rebasing: space[(space.count - count)...]))
        }
    }
}
