import JSON
import XCTest

@testable import Policy

/// `PodResourceTotals` field by field: each of the four sums on its own, the limit standing in only for an
/// absent request, unreadable and negative amounts as zero, sums that saturate.
final class PodResourceTotalsTests: XCTestCase {
    private func totals(_ spec: String) throws -> [Int64] {
        let pod = try XCTUnwrap(ReviewedObject(try JSONReader.parse(#"{"spec":"# + spec + "}"), resource: .pods).pod)
        let totals = PodResourceTotals(pod)
        return QuotaKey.all.map { totals[$0] }
    }

    func testEachFieldAddsUpOnItsOwn() throws {
        // requests.cpu, requests.memory, limits.cpu, limits.memory
        XCTAssertEqual(try totals(#"{"containers":[{"resources":{"requests":{"cpu":"1","memory":"2"},"limits":{"cpu":"3","memory":"4"}}},"#
            + #"{"resources":{"requests":{"cpu":"10m","memory":20},"limits":{"cpu":"30m","memory":40}}}]}"#), [1010, 22, 3030, 44])
        XCTAssertEqual(try totals(#"{"containers":[]}"#), [0, 0, 0, 0])
    }

    func testTheLimitStandsInOnlyForAnAbsentRequest() throws {
        // cpu: no request, so its limit; memory: an unreadable request counts as zero, not as the limit.
        XCTAssertEqual(try totals(#"{"containers":[{"resources":{"requests":{"memory":"lots"},"limits":{"cpu":"2","memory":"5"}}}]}"#), [2000, 0, 2000, 5])
        XCTAssertEqual(try totals(#"{"containers":[{"resources":{"requests":{"cpu":null},"limits":{"cpu":"2"}}}]}"#), [2000, 0, 2000, 0])
    }

    func testNegativeAmountsCountAsZeroAndSumsSaturate() throws {
        XCTAssertEqual(try totals(#"{"containers":[{"resources":{"requests":{"cpu":"-2"},"limits":{"memory":"-1"}}}]}"#), [0, 0, 0, 0])
        let huge = #"{"resources":{"requests":{"memory":"5Ei"},"limits":{"memory":"5Ei"}}}"#
        XCTAssertEqual(try totals(#"{"containers":["# + huge + "]}"), [0, 5 << 60, 0, 5 << 60], "fits")
        XCTAssertEqual(try totals(#"{"containers":["# + huge + "," + huge + "]}"), [0, .max, 0, .max], "twice does not")
    }

    func testInitContainersAndSidecarsPeakPerField() throws {
        // Sidecar 1 cpu; then an init container of 5 cpu beside it (6); regular 2 cpu + sidecar = 3. Memory:
        // the init container needs none, the regular container 7, the sidecar 1: 8.
        let spec = #"{"initContainers":[{"restartPolicy":"Always","resources":{"requests":{"cpu":"1","memory":"1"}}},"#
            + #"{"resources":{"requests":{"cpu":"5"}}}],"containers":[{"resources":{"requests":{"cpu":"2","memory":"7"}}}],"#
            + #""ephemeralContainers":[{"resources":{"requests":{"cpu":"100"}}}]}"#
        XCTAssertEqual(try totals(spec), [6000, 8, 0, 0])
    }
}
