@testable import Server
import XCTest

/// The latency histogram is fed whole nanoseconds, truncated toward zero as the sum of a duration's
/// `components` (seconds in nanoseconds plus attoseconds in nanoseconds) is.
final class LatencyNanosecondsTests: XCTestCase {
    private static func fromComponents(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds &* 1_000_000_000 &+ attoseconds / 1_000_000_000
    }

    func testWholeAndFractionalNanoseconds() {
        XCTAssertEqual(MetricsObserver.nanoseconds(.zero), 0)
        XCTAssertEqual(MetricsObserver.nanoseconds(.nanoseconds(1)), 1)
        XCTAssertEqual(MetricsObserver.nanoseconds(.microseconds(37)), 37_000)
        XCTAssertEqual(MetricsObserver.nanoseconds(.seconds(3) + .nanoseconds(1_234_567)), 3_001_234_567)
        // Less than a nanosecond is dropped, not rounded.
        XCTAssertEqual(MetricsObserver.nanoseconds(Duration(secondsComponent: 0, attosecondsComponent: 999_999_999)), 0)
        XCTAssertEqual(MetricsObserver.nanoseconds(Duration(secondsComponent: 1, attosecondsComponent: 1_999_999_999)), 1_000_000_001)
    }

    func testAgreesWithTheComponentsAtTheEdges() {
        let durations: [Duration] = [
            .zero, .nanoseconds(1), .nanoseconds(-1), .seconds(10), .milliseconds(2.5),
            Duration(secondsComponent: -2, attosecondsComponent: -500_000_000_000_000_000),
            Duration(secondsComponent: 0, attosecondsComponent: -1),
            Duration(secondsComponent: 9_223_372_036, attosecondsComponent: 854_775_807_999_999_999),
            // Beyond what Int64 nanoseconds hold: both wrap the same way.
            .seconds(Int64.max), .seconds(Int64.min),
        ]
        for duration in durations {
            XCTAssertEqual(MetricsObserver.nanoseconds(duration), Self.fromComponents(duration), "\(duration)")
        }
    }
}
