import Admission
import XCTest

/// The API server silently drops a warning with a control character and drops audit annotations whose
/// key is not a qualified name; these rules keep tenantry's text on the right side of both.
final class ResponseTextTests: XCTestCase {
    func testCleanWarningReplacesControlCharactersAndCollapsesSpace() {
        XCTAssertEqual(ResponseText.cleanWarning("a\nb"), "a b")
        XCTAssertEqual(ResponseText.cleanWarning("a\r\n\tb"), "a b")
        XCTAssertEqual(ResponseText.cleanWarning("a   b"), "a b")
        XCTAssertEqual(ResponseText.cleanWarning("  padded \n"), "padded")
        XCTAssertEqual(ResponseText.cleanWarning("del\u{7F}and\u{85}c1"), "del and c1")
        XCTAssertEqual(ResponseText.cleanWarning("nul\u{0}byte"), "nul byte")
    }

    func testCleanWarningLeavesCleanTextAsItIs() {
        let text = "[pdb-drain] PodDisruptionBudget tenant-acme/web: maxUnavailable 0 blocks every node drain (allow at least 1)"
        XCTAssertEqual(ResponseText.cleanWarning(text), text)
        XCTAssertEqual(ResponseText.cleanWarning("a b"), "a b")
        XCTAssertEqual(ResponseText.cleanWarning(" a"), "a")
        XCTAssertEqual(ResponseText.cleanWarning("a "), "a")
        XCTAssertEqual(ResponseText.cleanWarning(""), "")
        XCTAssertEqual(ResponseText.cleanWarning(String(repeating: "a", count: 121)), String(repeating: "a", count: 119) + "…")
    }

    func testCleanWarningKeepsPrintableUnicode() {
        // U+00A0 is the first code point after the C1 controls: printable, so kept.
        let text = "naïve – ✓ \u{A0}ok"
        XCTAssertEqual(ResponseText.cleanWarning(text), text)
    }

    func testCleanWarningShortensToTheRecommendedLength() {
        let exactly120 = String(repeating: "a", count: 120)
        XCTAssertEqual(ResponseText.cleanWarning(exactly120), exactly120)
        let shortened = ResponseText.cleanWarning(String(repeating: "ü", count: 121))
        XCTAssertEqual(shortened.unicodeScalars.count, ResponseText.maxWarningLength)
        XCTAssertEqual(shortened, String(repeating: "ü", count: 119) + "…")
    }

    func testLengthIsMeasuredAfterCleaning() {
        // 130 characters as given, 111 once the run of newlines is one space: nothing to shorten.
        let text = String(repeating: "a", count: 100) + String(repeating: "\n", count: 20) + String(repeating: "b", count: 10)
        XCTAssertEqual(ResponseText.cleanWarning(text), String(repeating: "a", count: 100) + " " + String(repeating: "b", count: 10))
    }

    func testCleanWarningsDropsEmptiesAndDuplicatesAfterCleaning() {
        XCTAssertEqual(ResponseText.cleanWarnings(["a\nb", "a b", "", "\n\n", "c", "a  b"]), ["a b", "c"])
        XCTAssertEqual(ResponseText.cleanWarnings([]), [])
    }

    func testCleanWarningsStopsBeforeTheBudget() {
        let hundred = (0..<50).map { i in "w\(i)" + String(repeating: "-", count: 100 - "w\(i)".count) }
        let kept = ResponseText.cleanWarnings(hundred)
        XCTAssertEqual(kept.count, 40, "40 × 100 = 4000 runes fit, a 41st would make 4100")
        XCTAssertEqual(kept, Array(hundred.prefix(40)))
        XCTAssertLessThanOrEqual(kept.reduce(0) { $0 + $1.unicodeScalars.count }, ResponseText.warningBudget)
    }

    func testCleanWarningsKeepsAWarningThatFillsTheBudgetExactly() {
        // 34 × 120 = 4080, then one of 16 makes 4096: still within the budget.
        let full = (0..<34).map { "\($0)" + String(repeating: "x", count: 120 - "\($0)".count) } + [String(repeating: "y", count: 16)]
        XCTAssertEqual(ResponseText.cleanWarnings(full).count, 35)
        XCTAssertEqual(ResponseText.cleanWarnings(full + ["z"]).count, 35)
    }

    func testAuditAnnotationKeysThatAreQualifiedNames() {
        for key in ["tenant", "actor", "rules", "a", "A1", "a-b_c.d", "0", String(repeating: "z", count: 63)] {
            XCTAssertTrue(ResponseText.isValidAuditAnnotationKey(key), key)
        }
    }

    func testAuditAnnotationKeysTheAPIServerWouldDrop() {
        let invalid = [
            "", "a/b", "tenantry.dev/tenant", String(repeating: "z", count: 64), "-a", "a-", "_a", "a_", ".a", "a.",
            "a b", "ä", "a:b", "a\nb",
        ]
        for key in invalid {
            XCTAssertFalse(ResponseText.isValidAuditAnnotationKey(key), key)
        }
    }
}
