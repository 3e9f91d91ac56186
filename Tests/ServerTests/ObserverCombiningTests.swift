import Server
import XCTest

/// `CompositeObserver.combining`: observers that observe nothing are left out, one is used as it is.
final class ObserverCombiningTests: XCTestCase {
    func testNothingToObserveIsNoObserver() {
        XCTAssertTrue(CompositeObserver.combining([]) is NoAdmissionObserver)
        XCTAssertTrue(CompositeObserver.combining([NoAdmissionObserver(), NoAdmissionObserver()]) is NoAdmissionObserver)
    }

    func testASingleObserverIsToldDirectly() {
        let recorder = RecordingObserver()
        let combined = CompositeObserver.combining([NoAdmissionObserver(), recorder])
        XCTAssertTrue((combined as? RecordingObserver) === recorder)
    }

    func testSeveralAreToldInOrderWithoutTheSilentOnes() throws {
        let first = RecordingObserver()
        let second = RecordingObserver()
        let combined = try XCTUnwrap(CompositeObserver.combining([NoAdmissionObserver(), first, NoAdmissionObserver(), second]) as? CompositeObserver)
        XCTAssertEqual(combined.observers.count, 2)
        XCTAssertTrue((combined.observers[0] as? RecordingObserver) === first)
        XCTAssertTrue((combined.observers[1] as? RecordingObserver) === second)
        combined.reloadCompleted(.policiesRejected(errorCount: 2))
        XCTAssertEqual(first.reloads.count, 1)
        XCTAssertEqual(second.reloads.count, 1)
    }
}
