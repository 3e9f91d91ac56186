import NIOCore
import XCTest

@testable import TLS

/// The outgoing ciphertext buffer: cleared for the next record while the channel still holds the last
/// one, without touching what it holds, and its memory used again once the channel lets go.
final class ByteBufferBIOTests: XCTestCase {
    private let allocator = ByteBufferAllocator()

    private func address(_ buffer: ByteBuffer) -> UnsafeRawPointer? {
        buffer.withVeryUnsafeBytes { UnsafeRawPointer($0.baseAddress) }
    }

    private func write(_ text: String, to bio: ByteBufferBIO) {
        Array(text.utf8).withUnsafeBytes { bio.appendOutbound($0) }
    }

    func testWhatTheChannelHoldsIsNotChangedByTheNextRecords() {
        let bio = ByteBufferBIO(allocator: allocator)
        var held: [ByteBuffer] = []
        for record in ["first record", "second", "third, longer than the others", "4"] {
            write(record, to: bio)
            held.append(bio.outbound)  // as the channel holds it until the socket has written it
            bio.clearOutbound(retainedCapacity: 1024)
            XCTAssertEqual(bio.outbound.readableBytes, 0)
        }
        XCTAssertEqual(held.map { String(buffer: $0) }, ["first record", "second", "third, longer than the others", "4"])
    }

    func testTheBufferSentBeforeTheLastIsUsedAgainOnceLetGo() {
        let bio = ByteBufferBIO(allocator: allocator)
        write("one", to: bio)
        var channel: ByteBuffer? = bio.outbound
        let first = address(bio.outbound)
        bio.clearOutbound(retainedCapacity: 1024)
        XCTAssertNotEqual(address(bio.outbound), first, "still held: not written into")
        channel = nil  // the socket wrote it
        // Takes the block `malloc` would hand out next, should the first record's have been freed:
        // only a buffer kept for reuse can give its memory back below.
        let other = allocator.buffer(capacity: bio.outbound.capacity)
        write("two", to: bio)
        channel = bio.outbound
        bio.clearOutbound(retainedCapacity: 1024)
        XCTAssertEqual(address(bio.outbound), first, "the first record's memory, free again")
        write("three", to: bio)
        XCTAssertEqual(String(buffer: bio.outbound), "three")
        XCTAssertEqual(channel.map { String(buffer: $0) }, "two")
        XCTAssertNotEqual(address(other), first)
    }

    func testABufferStillHeldWhenItsTurnComesIsLeftToItsHolder() {
        let bio = ByteBufferBIO(allocator: allocator)
        write("one", to: bio)
        let stillHeld = bio.outbound
        bio.clearOutbound(retainedCapacity: 1024)
        write("two", to: bio)
        bio.clearOutbound(retainedCapacity: 1024)
        XCTAssertNotEqual(address(bio.outbound), address(stillHeld))
        write("three", to: bio)
        XCTAssertEqual(String(buffer: stillHeld), "one")
        XCTAssertEqual(String(buffer: bio.outbound), "three")
    }

    func testABufferLargerThanTheLimitIsNotKept() {
        let bio = ByteBufferBIO(allocator: allocator)
        write(String(repeating: "x", count: 4096), to: bio)
        let large = address(bio.outbound)
        bio.clearOutbound(retainedCapacity: 1024)
        write("small", to: bio)
        bio.clearOutbound(retainedCapacity: 1024)
        XCTAssertNotEqual(address(bio.outbound), large)
        XCTAssertLessThanOrEqual(bio.outbound.capacity, 1024)
    }
}
