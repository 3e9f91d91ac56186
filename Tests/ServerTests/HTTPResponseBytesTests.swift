import NIOCore
import NIOHTTP1
@testable import Server
import XCTest

/// The bytes of answers as they go on the wire, exactly.
final class HTTPResponseBytesTests: XCTestCase {
    private func text(
        _ reply: HTTPReply, version: HTTPVersion = .http1_1, connection: StaticString? = nil, includeBody: Bool = true
    ) -> String {
        var buffer = ByteBuffer()
        HTTPResponseBytes.write(reply, version: version, connection: connection, includeBody: includeBody, into: &buffer)
        XCTAssertLessThanOrEqual(buffer.readableBytes, HTTPResponseBytes.capacity(for: reply), "capacity covers the whole answer")
        return String(buffer: buffer)
    }

    func testAdmissionAnswer() {
        let reply = HTTPReply(status: .ok, body: Array(#"{"a":1}"#.utf8))
        XCTAssertEqual(text(reply), "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 7\r\n\r\n{\"a\":1}")
    }

    func testErrorWithExtraHeaderClosingTheConnection() {
        let reply = HTTPReply(status: .methodNotAllowed, body: Array("{}".utf8), headers: [("allow", "POST")])
        XCTAssertEqual(
            text(reply, connection: "close"),
            "HTTP/1.1 405 Method Not Allowed\r\ncontent-type: application/json\r\ncontent-length: 2\r\nallow: POST\r\nconnection: close\r\n\r\n{}")
    }

    func testHTTP10KeepAliveAndOtherContentTypes() {
        let reply = HTTPReply(status: .ok, body: Array("x 1\n".utf8), contentType: "text/plain; version=0.0.4")
        XCTAssertEqual(
            text(reply, version: .http1_0, connection: "keep-alive"),
            "HTTP/1.0 200 OK\r\ncontent-type: text/plain; version=0.0.4\r\ncontent-length: 4\r\nconnection: keep-alive\r\n\r\nx 1\n")
    }

    func testHEADAnnouncesTheLengthWithoutTheBody() {
        let reply = HTTPReply(status: .ok, body: Array(repeating: 0x41, count: 1234))
        XCTAssertEqual(text(reply, includeBody: false), "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1234\r\n\r\n")
    }

    func testAdmissionAnswersWithEveryConnectionHeaderAndLength() {
        for count in [0, 1, 9, 10, 99, 100, 566, 4096, 100_000] {
            let body = Array(repeating: UInt8(ascii: "x"), count: count)
            let reply = HTTPReply(status: .ok, body: body)
            let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: \(count)\r\n"
            let text = String(decoding: body, as: UTF8.self)
            XCTAssertEqual(self.text(reply), head + "\r\n" + text)
            XCTAssertEqual(self.text(reply, connection: "close"), head + "connection: close\r\n\r\n" + text)
            XCTAssertEqual(self.text(reply, connection: "keep-alive", includeBody: false), head + "connection: keep-alive\r\n\r\n")
        }
        // Behind bytes already in the buffer.
        var buffer = ByteBuffer(string: "before|")
        HTTPResponseBytes.write(HTTPReply(status: .ok, body: [0x31]), version: .http1_1, connection: nil, includeBody: true, into: &buffer)
        XCTAssertEqual(String(buffer: buffer), "before|HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1\r\n\r\n1")
    }

    func testInterimAndBadRequest() {
        var buffer = ByteBuffer()
        HTTPResponseBytes.writeContinue(version: .http1_1, into: &buffer)
        HTTPResponseBytes.writeBadRequest(into: &buffer)
        XCTAssertEqual(
            String(buffer: buffer),
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
    }

    func testDecimals() {
        for value in [0, 7, 10, 566, 16 << 20, Int.max] {
            var buffer = ByteBuffer()
            HTTPResponseBytes.writeDecimal(value, into: &buffer)
            XCTAssertEqual(String(buffer: buffer), String(value))
        }
    }
}
