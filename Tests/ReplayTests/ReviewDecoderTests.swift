import Admission
import JSON
@testable import Replay
import XCTest

/// Every input form `tenantry replay` reads (policy.md §6), and how unreadable input is reported.
final class ReviewDecoderTests: XCTestCase {
    static func review(uid: String, apiVersion: String = "admission.k8s.io/v1") -> String {
        #"{"apiVersion":"\#(apiVersion)","kind":"AdmissionReview","request":{"uid":"\#(uid)","kind":{"group":"","version":"v1","kind":"Pod"},"resource":{"group":"","version":"v1","resource":"pods"},"namespace":"tenant-acme","operation":"CREATE","userInfo":{"username":"alice"},"object":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web"}},"oldObject":null,"dryRun":false,"options":null}}"#
    }

    func decode(_ text: String, source: String = "in.json") -> [ReviewInput] {
        ReviewDecoder.reviews(in: Array(text.utf8), source: source)
    }

    func uids(_ inputs: [ReviewInput]) -> [String] {
        inputs.compactMap { try? $0.review.get().request.uid }
    }

    func testOneReviewPerFileKeepsTheFileName() {
        let inputs = decode(Self.review(uid: "a"))
        XCTAssertEqual(inputs.map(\.source), ["in.json"])
        XCTAssertEqual(uids(inputs), ["a"])
    }

    func testV1beta1EnvelopeIsRead() throws {
        let inputs = decode(Self.review(uid: "b", apiVersion: "admission.k8s.io/v1beta1"))
        XCTAssertEqual(try inputs[0].review.get().version, .v1beta1)
    }

    func testJSONArrayGivesNumberedSources() {
        let inputs = decode("[\(Self.review(uid: "a")),\n\(Self.review(uid: "b"))]")
        XCTAssertEqual(inputs.map(\.source), ["in.json#1", "in.json#2"])
        XCTAssertEqual(uids(inputs), ["a", "b"])
    }

    func testJSONLinesUseLineNumbersAndSkipBlankLines() {
        let inputs = decode("\(Self.review(uid: "a"))\n\n\(Self.review(uid: "b"))\n", source: "c.jsonl")
        XCTAssertEqual(inputs.map(\.source), ["c.jsonl#1", "c.jsonl#3"])
        XCTAssertEqual(uids(inputs), ["a", "b"])
    }

    func testBareRequestIsReadAsV1() throws {
        let bare = #"{"uid":"r","kind":{"group":"","version":"v1","kind":"Pod"},"resource":{"group":"","version":"v1","resource":"pods"},"operation":"DELETE","object":null}"#
        let review = try decode(bare)[0].review.get()
        XCTAssertTrue(review.isBareRequest)
        XCTAssertEqual(review.version, .v1)
        XCTAssertEqual(review.request.operation, .delete)
    }

    func testCaptureRecordsAreUnwrapped() {
        let record = #"{"time":"2026-11-26T10:00:00Z","endpoint":"validate","review":\#(Self.review(uid: "cap")),"response":{"allowed":true}}"#
        XCTAssertEqual(uids(decode(record)), ["cap"])
    }

    /// A record is an object with `review` and no `request` (names compared as decoded, escapes and
    /// all); with both, the object is the review itself.
    func testCaptureRecordsAreTheObjectsWithAReviewAndNoRequest() {
        let escapedName = #"{"revi\u0065w":\#(Self.review(uid: "esc"))}"#
        XCTAssertEqual(uids(decode(escapedName)), ["esc"])
        let both = #"{"review":\#(Self.review(uid: "inner")),"request":{"uid":"outer","kind":{"group":"","version":"v1","kind":"Pod"},"resource":{"group":"","version":"v1","resource":"pods"},"operation":"CREATE"},"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"}"#
        XCTAssertEqual(uids(decode(both)), ["outer"])
        let reviewNotAnObject = #"{"review":[1]}"#
        guard case .failure(let error) = decode(reviewNotAnObject)[0].review else { return XCTFail("expected a failure") }
        XCTAssertEqual(error.reason, "expected an AdmissionReview object, found array")
        // The same for a value built in memory rather than parsed.
        let built: JSON = ["review": JSON.array([1])]
        guard case .failure(let builtError) = ReviewDecoder.decode(built, source: "b").review else { return XCTFail("expected a failure") }
        XCTAssertEqual(builtError.reason, error.reason)
    }

    func testMalformedFileIsOneFailureNamingTheFileAndPlace() {
        let inputs = decode("{\n  \"apiVersion\": \"admission.k8s.io/v1\",\n  \"kind\": \n}", source: "broken.json")
        XCTAssertEqual(inputs.count, 1)
        guard case .failure(let error) = inputs[0].review else { return XCTFail("expected a failure") }
        XCTAssertEqual(error.source, "broken.json")
        XCTAssertTrue(error.reason.contains("malformed JSON at line 4"), error.reason)
    }

    func testOneBadLineInJSONLinesFailsAloneAndTheOthersAreRead() {
        let inputs = decode("\(Self.review(uid: "a"))\n{\"apiVersion\": oops}\n\(Self.review(uid: "c"))\n", source: "mixed.jsonl")
        XCTAssertEqual(inputs.map(\.source), ["mixed.jsonl#1", "mixed.jsonl#2", "mixed.jsonl#3"])
        XCTAssertEqual(uids(inputs), ["a", "c"])
        guard case .failure(let error) = inputs[1].review else { return XCTFail("line 2 must fail") }
        XCTAssertTrue(error.description.hasPrefix("mixed.jsonl#2: malformed JSON"), error.description)
    }

    func testAReviewThatIsJSONButNotAReviewNamesTheField() {
        let inputs = decode(#"{"apiVersion":"admission.k8s.io/v2","kind":"AdmissionReview","request":{}}"#)
        guard case .failure(let error) = inputs[0].review else { return XCTFail("expected a failure") }
        XCTAssertTrue(error.reason.hasPrefix("apiVersion: expected"), error.reason)
    }
}
