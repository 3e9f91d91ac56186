import Admission
import Foundation
import JSON
import ReviewFixtures
import XCTest

/// Every way a body can fail to be a review, each naming the field (or the place in the text) at fault.
final class ReviewDecodingErrorTests: XCTestCase {
    /// An envelope around `request`; each test breaks exactly one thing of an otherwise valid review.
    private func review(request: String = ReviewDecodingErrorTests.validRequest, apiVersion: String = #""admission.k8s.io/v1""#, kind: String = #""AdmissionReview""#) -> String {
        #"{"apiVersion": \#(apiVersion), "kind": \#(kind), "request": \#(request)}"#
    }

    private static let validRequest = #"""
        {"uid": "u-1", "kind": {"group": "", "version": "v1", "kind": "Pod"},
         "resource": {"group": "", "version": "v1", "resource": "pods"}, "namespace": "tenant-acme",
         "operation": "CREATE", "userInfo": {"username": "alice", "groups": ["a", "b"]}, "object": {}, "dryRun": false}
        """#

    func testTheBaseOfTheseTestsDecodes() throws {
        let request = try decodeReview(review()).request
        XCTAssertEqual(request.uid, "u-1")
        XCTAssertEqual(request.userInfo.groups, ["a", "b"])
    }

    func testNotJSONSaysWhere() throws {
        let error = try XCTUnwrap(decodeError("{\n  \"kind\": \"AdmissionReview\",\n  \"request\": nope\n}"))
        XCTAssertEqual(error.path, "")
        XCTAssertTrue(error.reason.hasPrefix("malformed JSON at line 3, column "), error.reason)
        XCTAssertTrue(error.description.contains("line 3"), error.description)
    }

    func testTruncatedBodyIsMalformed() throws {
        let truncated = String(ReviewFixtures.podCreate.prefix(200))
        let error = try XCTUnwrap(decodeError(truncated))
        XCTAssertTrue(error.reason.hasPrefix("malformed JSON at line "), error.reason)
    }

    func testEmptyBodyIsMalformed() throws {
        let error = try XCTUnwrap(decodeError(""))
        XCTAssertTrue(error.reason.hasPrefix("malformed JSON"), error.reason)
    }

    func testDuplicateMembersAreRejectedNotResolved() throws {
        // A lenient reader keeping the first "namespace" would check a different namespace than the API
        // server (which keeps the last) acts on.
        let error = try XCTUnwrap(decodeError(
            #"{"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {"uid": "u", "namespace": "a", "namespace": "b"}}"#))
        XCTAssertTrue(error.reason.hasPrefix("malformed JSON"), error.reason)
    }

    func testNotAnObject() throws {
        for (text, found) in [("[1, 2]", "array"), (#""AdmissionReview""#, "string"), ("null", "null"), ("42", "number")] {
            let error = try XCTUnwrap(decodeError(text))
            XCTAssertEqual(error.path, "")
            XCTAssertEqual(error.reason, "expected an AdmissionReview object, found \(found)")
        }
    }

    func testWrongAPIVersionIsNamed() throws {
        let error = try XCTUnwrap(decodeError(review(apiVersion: #""admission.k8s.io/v2""#)))
        XCTAssertEqual(error.path, "apiVersion")
        XCTAssertTrue(error.reason.contains(#"found "admission.k8s.io/v2""#), error.reason)
        XCTAssertTrue(error.reason.contains("admission.k8s.io/v1"), error.reason)
        XCTAssertEqual(error.description, "apiVersion: \(error.reason)")
    }

    func testMissingAPIVersionIsNamed() throws {
        let error = try XCTUnwrap(decodeError(#"{"kind": "AdmissionReview", "request": \#(Self.validRequest)}"#))
        XCTAssertEqual(error.path, "apiVersion")
        XCTAssertTrue(error.reason.hasSuffix("found none"), error.reason)
    }

    func testAPIVersionOfTheWrongType() throws {
        let error = try XCTUnwrap(decodeError(review(apiVersion: "1")))
        XCTAssertEqual(error.path, "apiVersion")
        XCTAssertEqual(error.reason, "expected a string, found number")
    }

    func testKindOtherThanAdmissionReview() throws {
        let error = try XCTUnwrap(decodeError(review(kind: #""ConfigMap""#)))
        XCTAssertEqual(error.path, "kind")
        XCTAssertEqual(error.reason, #"expected "AdmissionReview", found "ConfigMap""#)
        let missing = try XCTUnwrap(decodeError(#"{"apiVersion": "admission.k8s.io/v1", "request": \#(Self.validRequest)}"#))
        XCTAssertEqual(missing.path, "kind")
        XCTAssertTrue(missing.reason.hasSuffix("found none"), missing.reason)
    }

    func testRequestNotAnObject() throws {
        let error = try XCTUnwrap(decodeError(review(request: #"["uid"]"#)))
        XCTAssertEqual(error.path, "request")
        XCTAssertEqual(error.reason, "expected an object, found array")
    }

    func testRequestNull() throws {
        let error = try XCTUnwrap(decodeError(review(request: "null")))
        XCTAssertEqual(error.path, "request")
        XCTAssertEqual(error.reason, "expected an object, found null")
    }

    func testNeitherEnvelopeNorBareRequest() throws {
        let error = try XCTUnwrap(decodeError(#"{"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "response": {"uid": "u", "allowed": true}}"#))
        XCTAssertEqual(error.path, "request")
        XCTAssertTrue(error.reason.hasPrefix("missing"), error.reason)
        XCTAssertNotNil(decodeError("{}"))
    }

    func testMissingUID() throws {
        let request = Self.validRequest.replacingOccurrences(of: #""uid": "u-1", "#, with: "")
        let error = try XCTUnwrap(decodeError(review(request: request)))
        XCTAssertEqual(error.path, "request.uid")
        XCTAssertEqual(error.reason, "missing or empty")
        XCTAssertEqual(error.description, "request.uid: missing or empty")
    }

    func testEmptyUID() throws {
        let request = Self.validRequest.replacingOccurrences(of: #""uid": "u-1""#, with: #""uid": """#)
        XCTAssertEqual(decodeError(review(request: request))?.path, "request.uid")
    }

    func testMissingOperation() throws {
        let request = Self.validRequest.replacingOccurrences(of: #""operation": "CREATE", "#, with: "")
        let error = try XCTUnwrap(decodeError(review(request: request)))
        XCTAssertEqual(error.path, "request.operation")
        XCTAssertEqual(error.reason, "missing or empty")
    }

    func testMissingKindAndResource() throws {
        let noKind = Self.validRequest.replacingOccurrences(of: #""kind": {"group": "", "version": "v1", "kind": "Pod"},"#, with: "")
        XCTAssertEqual(decodeError(review(request: noKind)), AdmissionDecodeError(path: "request.kind", reason: "missing"))
        let noResource = Self.validRequest.replacingOccurrences(
            of: #""resource": {"group": "", "version": "v1", "resource": "pods"}, "#, with: "")
        XCTAssertEqual(decodeError(review(request: noResource)), AdmissionDecodeError(path: "request.resource", reason: "missing"))
    }

    func testGroupThatIsANumberIsNamedByIndex() throws {
        let request = Self.validRequest.replacingOccurrences(of: #"["a", "b"]"#, with: #"["a", 7]"#)
        let error = try XCTUnwrap(decodeError(review(request: request)))
        XCTAssertEqual(error.path, "request.userInfo.groups[1]")
        XCTAssertEqual(error.reason, "expected a string, found number")
    }

    func testGroupsThatAreNotAnArray() throws {
        let request = Self.validRequest.replacingOccurrences(of: #"["a", "b"]"#, with: #""a""#)
        let error = try XCTUnwrap(decodeError(review(request: request)))
        XCTAssertEqual(error.path, "request.userInfo.groups")
        XCTAssertEqual(error.reason, "expected an array of strings, found string")
    }

    func testDryRunAsAString() throws {
        let request = Self.validRequest.replacingOccurrences(of: #""dryRun": false"#, with: #""dryRun": "true""#)
        let error = try XCTUnwrap(decodeError(review(request: request)))
        XCTAssertEqual(error.path, "request.dryRun")
        XCTAssertEqual(error.reason, "expected a boolean, found string")
    }

    func testWrongScalarTypesNameTheirField() throws {
        let cases: [(from: String, to: String, path: String, reason: String)] = [
            (#""uid": "u-1""#, #""uid": 1"#, "request.uid", "expected a string, found number"),
            (#""operation": "CREATE""#, #""operation": true"#, "request.operation", "expected a string, found boolean"),
            (#""namespace": "tenant-acme""#, #""namespace": {}"#, "request.namespace", "expected a string, found object"),
            (#""version": "v1", "kind": "Pod""#, #""version": "v1", "kind": ["Pod"]"#, "request.kind.kind", "expected a string, found array"),
            (#""resource": "pods""#, #""resource": 3"#, "request.resource.resource", "expected a string, found number"),
            (#""resource": {"group": "", "version": "v1", "resource": "pods"}"#, #""resource": "pods""#, "request.resource",
             "expected an object, found string"),
            (#""userInfo": {"username": "alice", "groups": ["a", "b"]}"#, #""userInfo": "alice""#, "request.userInfo",
             "expected an object, found string"),
            (#""username": "alice""#, #""username": null, "uid": 5"#, "request.userInfo.uid", "expected a string, found number"),
        ]
        for c in cases {
            let request = Self.validRequest.replacingOccurrences(of: c.from, with: c.to)
            XCTAssertNotEqual(request, Self.validRequest, "fixture edit \(c.from) did not apply")
            let error = decodeError(review(request: request))
            XCTAssertEqual(error, AdmissionDecodeError(path: c.path, reason: c.reason), "\(c.to)")
        }
    }

    func testBadExtraValuesNameTheirKey() throws {
        let badValue = Self.validRequest.replacingOccurrences(
            of: #""groups": ["a", "b"]"#, with: #""groups": ["a", "b"], "extra": {"scopes": ["x", false]}"#)
        XCTAssertEqual(
            decodeError(review(request: badValue)),
            AdmissionDecodeError(path: "request.userInfo.extra.scopes[1]", reason: "expected a string, found boolean"))
        let notAnObject = Self.validRequest.replacingOccurrences(of: #""groups": ["a", "b"]"#, with: #""groups": ["a", "b"], "extra": []"#)
        XCTAssertEqual(
            decodeError(review(request: notAnObject)),
            AdmissionDecodeError(path: "request.userInfo.extra", reason: "expected an object, found array"))
    }

    func testBareRequestErrorsHaveNoRequestPrefix() throws {
        let error = try XCTUnwrap(decodeError(#"{"uid": "u", "operation": "CREATE", "resource": {"resource": "pods"}}"#))
        XCTAssertEqual(error, AdmissionDecodeError(path: "kind", reason: "missing"))
        let badGroups = try XCTUnwrap(decodeError(
            #"{"uid": "u", "operation": "CREATE", "kind": {"kind": "Pod"}, "resource": {"resource": "pods"}, "userInfo": {"groups": [null]}}"#))
        XCTAssertEqual(badGroups, AdmissionDecodeError(path: "userInfo.groups[0]", reason: "expected a string, found null"))
    }

    func testDepthLimitIsAnError() throws {
        let deep = String(repeating: "[", count: 50) + String(repeating: "]", count: 50)
        let body = review(request: Self.validRequest.replacingOccurrences(of: #""object": {}"#, with: #""object": \#(deep)"#))
        do {
            _ = try AdmissionReview.decode(Array(body.utf8), limits: JSONLimits(maxDepth: 20))
            XCTFail("expected the depth limit to stop the reader")
        } catch {
            XCTAssertTrue(error.reason.hasPrefix("malformed JSON"), error.reason)
        }
        XCTAssertNoThrow(try AdmissionReview.decode(Array(body.utf8)))
    }
}
