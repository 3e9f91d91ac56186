import XCTest

@testable import Policy

/// The byte-keyed table behind the policy set's lookups, and the prefix table built on it.
final class NameTableTests: XCTestCase {
    private func look(_ table: NameTable<Int>, _ key: String) -> Int? {
        // Through the byte entry point as well as the String one; both must agree.
        let viaBytes = Array(key.utf8).withUnsafeBytes { table.value(for: $0) }
        XCTAssertEqual(viaBytes, table.value(for: key), "byte and String lookups of \(key.debugDescription) differ")
        return viaBytes
    }

    func testFindsEachKeyAndNothingElse() {
        let table = NameTable([("alice", 1), ("bob", 2), ("system:serviceaccount:ci:deployer", 3)])
        XCTAssertEqual(table.count, 3)
        XCTAssertEqual(look(table, "alice"), 1)
        XCTAssertEqual(look(table, "bob"), 2)
        XCTAssertEqual(look(table, "system:serviceaccount:ci:deployer"), 3)
        for missing in ["", "alic", "alicea", "Alice", "bob ", "system:serviceaccount:ci:deployeR", "system:serviceaccount:ci:deploye"] {
            XCTAssertNil(look(table, missing), missing)
        }
    }

    func testAnEmptyTableFindsNothing() {
        let table = NameTable<Int>([])
        XCTAssertTrue(table.isEmpty)
        XCTAssertNil(look(table, ""))
        XCTAssertNil(look(table, "a"))
    }

    func testTheEmptyKeyIsAKeyLikeAnyOther() {
        let table = NameTable<Int>([("", 7), ("a", 8)])
        XCTAssertEqual(look(table, ""), 7)
        XCTAssertEqual(look(table, "a"), 8)
        XCTAssertNil(NameTable<Int>([("a", 8)]).value(for: ""))
        // An empty buffer without a base address is the empty key too.
        XCTAssertEqual(table.value(for: UnsafeRawBufferPointer(start: nil, count: 0)), 7)
    }

    func testKeysAreComparedByTheirBytes() {
        let precomposed = "caf\u{E9}", decomposed = "cafe\u{301}"
        XCTAssertEqual(precomposed, decomposed)  // one String to Swift…
        let table = NameTable([(precomposed, 1)])
        XCTAssertEqual(look(table, precomposed), 1)
        XCTAssertNil(look(table, decomposed))  // …two names to the table
        let both = NameTable([(precomposed, 1), (decomposed, 2)])
        XCTAssertEqual(both.count, 2)
        XCTAssertEqual(look(both, precomposed), 1)
        XCTAssertEqual(look(both, decomposed), 2)
    }

    func testTheFirstValueOfARepeatedKeyIsKept() {
        let table = NameTable([("a", 1), ("b", 2), ("a", 3), ("b", 4), ("c", 5)])
        XCTAssertEqual(table.count, 3)
        XCTAssertEqual(look(table, "a"), 1)
        XCTAssertEqual(look(table, "b"), 2)
        XCTAssertEqual(look(table, "c"), 5)
    }

    /// Keys of every length around the word boundaries the hash and the comparison step over, each
    /// differing from the others in one byte at every position, so each load (the whole words, the
    /// overlapping last word, the 4-, 2- and 1-byte gathers) is what tells them apart.
    func testKeysDifferingInOneByteAtEveryPositionAndLength() {
        for length in 1...40 {
            let base = [UInt8](repeating: UInt8(ascii: "a"), count: length)
            var entries: [([UInt8], Int)] = [(base, -1)]
            for position in 0..<length {
                var key = base
                key[position] = UInt8(ascii: "b")
                entries.append((key, position))
            }
            let table = NameTable(bytes: entries)
            XCTAssertEqual(table.count, length + 1)
            for (key, value) in entries {
                XCTAssertEqual(key.withUnsafeBytes { table.value(for: $0) }, value, "length \(length)")
                // One byte shorter or longer finds nothing.
                XCTAssertNil(Array(key.dropLast()).withUnsafeBytes { table.value(for: $0) }, "length \(length)")
                XCTAssertNil((key + [0]).withUnsafeBytes { table.value(for: $0) }, "length \(length)")
            }
        }
    }

    func testLongKeys() {
        let long = String(repeating: "tenant-namespace-", count: 200)
        let table = NameTable([(long, 1), (long + "x", 2), (String(long.dropLast()), 3)])
        XCTAssertEqual(look(table, long), 1)
        XCTAssertEqual(look(table, long + "x"), 2)
        XCTAssertEqual(look(table, String(long.dropLast())), 3)
        XCTAssertNil(look(table, long + "y"))
        XCTAssertNil(look(table, "x" + long))
    }

    func testManyKeys() {
        let keys = (0..<5000).map { "user-\($0)@example.com" }
        let table = NameTable(keys.enumerated().map { ($1, $0) })
        XCTAssertEqual(table.count, 5000)
        for (i, key) in keys.enumerated() { XCTAssertEqual(table.value(for: key), i) }
        for i in 5000..<6000 { XCTAssertNil(table.value(for: "user-\(i)@example.com")) }
    }

    /// Keys whose hashes land on the same first slot: each is found past the others along the probe,
    /// and a missing key that starts there walks the run to its end.
    func testKeysThatShareASlot() {
        // Eight keys make a 16-slot table: gather keys whose hash starts them at slot 0.
        var colliding: [String] = []
        var i = 0
        while colliding.count < 8 {
            let key = "k\(i)"
            if key.withUTF8Bytes({ NameTable<Int>.hash(UnsafeRawBufferPointer($0)) }) & 15 == 0 { colliding.append(key) }
            i += 1
        }
        let table = NameTable(colliding.enumerated().map { ($1, $0) })
        for (value, key) in colliding.enumerated() { XCTAssertEqual(look(table, key), value) }
        var missing: String?
        while missing == nil {
            let key = "k\(i)"
            if key.withUTF8Bytes({ NameTable<Int>.hash(UnsafeRawBufferPointer($0)) }) & 15 == 0 { missing = key }
            i += 1
        }
        XCTAssertNil(look(table, missing!))
    }

    func testTheHashDependsOnlyOnTheBytes() {
        func hash(_ bytes: [UInt8]) -> UInt64 { bytes.withUnsafeBytes { NameTable<Int>.hash($0) } }
        for length in 0...24 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            // The same bytes at another address, and inside a larger buffer.
            let padded = [0xFF] + bytes + [0xFF]
            let inside = padded.withUnsafeBytes { NameTable<Int>.hash(UnsafeRawBufferPointer(rebasing: $0[1..<(1 + length)])) }
            XCTAssertEqual(hash(bytes), inside, "length \(length)")
        }
        // Lengths are mixed in: zero bytes of different lengths differ.
        XCTAssertNotEqual(hash([]), hash([0]))
        XCTAssertNotEqual(hash([0]), hash([0, 0]))
        XCTAssertNotEqual(hash([UInt8](repeating: 0, count: 8)), hash([UInt8](repeating: 0, count: 16)))
    }

    func testBytesEqual() {
        let a: [UInt8] = Array("abcdefghijklmnopqrstuvwxyz".utf8)
        for count in 0...a.count {
            for position in 0..<max(count, 1) {
                var b = a
                let same = a.withUnsafeBytes { x in b.withUnsafeBytes { y in NameTable<Int>.bytesEqual(x.baseAddress, y.baseAddress, count) } }
                XCTAssertTrue(same)
                guard count > 0 else { continue }
                b[position] ^= 0x20
                let differs = a.withUnsafeBytes { x in b.withUnsafeBytes { y in NameTable<Int>.bytesEqual(x.baseAddress, y.baseAddress, count) } }
                XCTAssertFalse(differs, "count \(count), position \(position)")
            }
        }
    }

    // MARK: Prefixes

    func testTheLongestMatchingPrefixWins() {
        let table = PrefixTable([("team-", 0), ("team-a-", 1), ("t", 2), ("team-b", 3)])
        func tenant(_ name: String) -> Int? { name.withUTF8Bytes { table.tenant(matching: UnsafeRawBufferPointer($0)) } }
        XCTAssertEqual(tenant("team-a-dev"), 1)
        XCTAssertEqual(tenant("team-a-"), 1)
        XCTAssertEqual(tenant("team-a"), 0)
        XCTAssertEqual(tenant("team-bx"), 3)
        XCTAssertEqual(tenant("team-c"), 0)
        XCTAssertEqual(tenant("tx"), 2)
        XCTAssertEqual(tenant("t"), 2)
        XCTAssertNil(tenant(""))
        XCTAssertNil(tenant("x-team-a-"))
    }

    func testOnePrefixClaimedTwiceKeepsTheFirst() {
        let table = PrefixTable([("dev-", 4), ("dev-", 1)])
        XCTAssertEqual("dev-x".withUTF8Bytes { table.tenant(matching: UnsafeRawBufferPointer($0)) }, 4)
    }

    func testPrefixesMatchBytes() {
        // A decomposed "é" starts with "e": as bytes the namespace starts with the prefix "cafe".
        let table = PrefixTable([("cafe", 1), ("caf\u{E9}-", 2)])
        func tenant(_ name: String) -> Int? { name.withUTF8Bytes { table.tenant(matching: UnsafeRawBufferPointer($0)) } }
        XCTAssertEqual(tenant("cafe\u{301}-x"), 1)
        XCTAssertEqual(tenant("caf\u{E9}-x"), 2)
        XCTAssertNil(tenant("caf\u{E9}"))
        XCTAssertTrue(PrefixTable([]).isEmpty)
        XCTAssertNil("anything".withUTF8Bytes { PrefixTable([]).tenant(matching: UnsafeRawBufferPointer($0)) })
    }
}
