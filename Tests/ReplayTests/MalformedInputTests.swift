import Replay
import XCTest

/// Telling a JSON Lines file with bad lines from a broken pretty-printed file: the first keeps every
/// good line, the second is one failure for the whole file.
final class MalformedInputTests: XCTestCase {
    func decode(_ text: String, source: String) -> [ReviewInput] {
        ReviewDecoder.reviews(in: Array(text.utf8), source: source)
    }

    /// A capture file whose first record was cut off (copy-truncate log rotation) still replays the rest.
    func testJSONLinesWithABrokenFirstLineKeepsTheOtherLines() {
        let text = #"{"apiVersion":"admission.k8s.io/v1","kind":"Admiss"# + "\n"
            + ReviewDecoderTests.review(uid: "b") + "\n" + ReviewDecoderTests.review(uid: "c") + "\n"
        let inputs = decode(text, source: "cut.jsonl")
        XCTAssertEqual(inputs.map(\.source), ["cut.jsonl#1", "cut.jsonl#2", "cut.jsonl#3"])
        XCTAssertEqual(inputs.compactMap { try? $0.review.get().request.uid }, ["b", "c"])
        guard case .failure(let error) = inputs.first?.review else { return XCTFail("line 1 must fail") }
        XCTAssertTrue(error.description.hasPrefix("cut.jsonl#1: malformed JSON at line 1"), error.description)
    }

    /// Lines such as `"system:authenticated"` or `{}` parse on their own inside any pretty-printed
    /// review; they must not make a broken file look like JSON Lines (one error per line).
    func testBrokenPrettyPrintedFileWithScalarAndEmptyObjectLinesIsReportedWhole() {
        let text = """
            {
              "apiVersion": "admission.k8s.io/v1",
              "request": {
                "userInfo": {
                  "groups": [
                    "system:authenticated"
                  ]
                },
                "options": [
                  {}
                ],
                "object": 
            }
            """
        let inputs = decode(text, source: "pretty.json")
        XCTAssertEqual(inputs.map(\.source), ["pretty.json"])
        guard case .failure(let error) = inputs.first?.review else { return XCTFail("the file must fail whole") }
        XCTAssertTrue(error.reason.hasPrefix("malformed JSON at line 13"), error.reason)
    }

    func testOneBrokenLineAloneIsReportedAsTheFile() {
        let inputs = decode(#"{"apiVersion": oops}"# + "\n", source: "one.jsonl")
        XCTAssertEqual(inputs.map(\.source), ["one.jsonl"])
        XCTAssertNil(try? inputs.first?.review.get())
    }
}
