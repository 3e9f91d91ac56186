import NIOHTTP1
@testable import Server
import XCTest

final class RoutingTests: XCTestCase {
    func testAdmissionPathsIgnoreTheTimeoutQuery() {
        let routes = RouteTable.admission
        XCTAssertEqual(routes.route(uri: "/validate?timeout=10s"), .admission(.validate))
        XCTAssertEqual(routes.route(uri: "/mutate?timeout=30s"), .admission(.mutate))
        XCTAssertEqual(routes.route(uri: "/validate"), .admission(.validate))
        XCTAssertEqual(routes.route(uri: "/healthz"), .healthz)
        XCTAssertEqual(routes.route(uri: "/readyz?verbose"), .readyz)
    }

    func testUnknownPathsHaveNoRoute() {
        let routes = RouteTable.admission
        for uri in ["/", "/validate/", "/Validate", "/validatex", "//validate", "/mutate/x", "", "*", "validate", "/validatf", "/healthy", "?/validate"] {
            XCTAssertNil(routes.route(uri: uri), uri)
        }
    }

    func testHealthListenerServesNoAdmission() {
        XCTAssertNil(RouteTable.health.route(uri: "/validate"))
        XCTAssertNil(RouteTable.health.route(uri: "/mutate"))
        XCTAssertEqual(RouteTable.health.route(uri: "/healthz"), .healthz)
        XCTAssertEqual(RouteTable.health.route(uri: "/readyz"), .readyz)
    }

    func testJSONContentTypes() {
        for type in ["application/json", "application/json; charset=utf-8", "Application/JSON", " application/json ;x=y"] {
            XCTAssertTrue(RequestCheck.isJSON(type), type)
        }
        for type in ["text/plain", "application/x-www-form-urlencoded", "application/jsonx", "application/yaml", "", "json"] {
            XCTAssertFalse(RequestCheck.isJSON(type), type)
        }
    }

    func testHeadChecksInOrder() {
        func head(_ method: HTTPMethod, _ headers: [(String, String)]) -> HTTPRequestHead {
            HTTPRequestHead(version: .http1_1, method: method, uri: "/validate?timeout=10s", headers: HTTPHeaders(headers))
        }
        let limit = 1000
        XCTAssertEqual(RequestCheck.admissionHead(head(.GET, []), maxBodyBytes: limit)?.status, .methodNotAllowed)
        XCTAssertEqual(RequestCheck.admissionHead(head(.POST, []), maxBodyBytes: limit)?.status, .lengthRequired)
        XCTAssertEqual(RequestCheck.admissionHead(head(.POST, [("content-length", "1001")]), maxBodyBytes: limit)?.status, .payloadTooLarge)
        XCTAssertEqual(
            RequestCheck.admissionHead(head(.POST, [("content-length", "10"), ("content-type", "text/plain")]), maxBodyBytes: limit)?.status,
            .unsupportedMediaType)
        XCTAssertNil(RequestCheck.admissionHead(head(.POST, [("content-length", "1000"), ("content-type", "application/json")]), maxBodyBytes: limit))
        XCTAssertNil(RequestCheck.admissionHead(head(.POST, [("transfer-encoding", "chunked")]), maxBodyBytes: limit))
        // No Content-Type at all is read as JSON: only a type that says otherwise is refused.
        XCTAssertNil(RequestCheck.admissionHead(head(.POST, [("content-length", "10")]), maxBodyBytes: limit))
    }

    func testPathsInMessagesAreCleaned() {
        XCTAssertEqual(RequestCheck.path("/a?b=c"), "/a")
        XCTAssertEqual(RequestCheck.path("/a\u{1B}[31mred"), "/a[31mred")
        XCTAssertEqual(RequestCheck.path(String(repeating: "x", count: 500)).count, 200)
    }
}
