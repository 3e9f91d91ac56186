import Admission
import JSON
import XCTest

/// Decodes a fixture the way the server does: from the request body's bytes.
func decodeReview(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> AdmissionReview {
    do {
        return try AdmissionReview.decode(Array(text.utf8))
    } catch {
        XCTFail("decoding failed: \(error)", file: file, line: line)
        throw error
    }
}

/// The error decoding `text` gives, or nil (with a test failure) when it decodes.
func decodeError(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> AdmissionDecodeError? {
    do {
        let review = try AdmissionReview.decode(Array(text.utf8))
        XCTFail("expected a decode error, got a review with uid \(review.request.uid)", file: file, line: line)
        return nil
    } catch {
        return error
    }
}

/// A parsed JSON fixture, for comparing decoded `object`/`oldObject`/`options` with what was sent.
func parseJSON(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> JSON {
    do {
        return try JSONReader.parse(text)
    } catch {
        XCTFail("fixture is not JSON: \(error)", file: file, line: line)
        throw error
    }
}
