/// A table from names to values, keyed by the names' UTF-8 bytes: the policy set's per-request lookups
/// (a user, a group, a namespace) go through it.
///
/// Names match when their bytes are equal, as the API server and RBAC compare user names, groups and
/// namespaces (`String ==` uses canonical equivalence, under which a precomposed and a decomposed "é"
/// are one name; to Kubernetes they are two). It is built once, when a policy set is, and never
/// changes: open addressing with linear probing, at most half full, over a hash of 8-byte words (a
/// `Dictionary<String, _>` lookup cost ~530 instructions, most of it SipHash over the string). The hash
/// is not seeded: the keys are the policy author's, and a request cannot add any, so the longest probe
/// a lookup can take is fixed when the table is built.
struct NameTable<Value: Sendable>: Sendable {
    /// One per power-of-two position; `entry` is -1 for an empty slot.
    private struct Slot: Sendable {
        var hash: UInt64 = 0
        var start = 0
        var count = 0
        var entry = -1
    }

    private let slots: [Slot]
    /// Every key's bytes, one after another; a slot names its key's range.
    private let keyBytes: [UInt8]
    private let values: [Value]
    private let mask: Int

    /// The first value given for each distinct key (by bytes) is kept; later ones are ignored, as the
    /// policy set keeps the first claim in name order.
    init<Entries: Sequence>(_ entries: Entries) where Entries.Element == (String, Value) {
        self.init(bytes: entries.map { (Array($0.0.utf8), $0.1) })
    }

    /// `init(_:)` with each key given as its bytes.
    init(bytes entries: [([UInt8], Value)]) {
        let keys = entries.map(\.0)
        let values = entries.map(\.1)
        var capacity = 2
        while capacity < keys.count * 2 { capacity *= 2 }
        var slots = [Slot](repeating: Slot(), count: keys.isEmpty ? 0 : capacity)
        var keyBytes: [UInt8] = []
        var kept: [Value] = []
        let mask = capacity - 1
        for (key, value) in zip(keys, values) {
            let hash = key.withUnsafeBytes { NameTable.hash($0) }
            var i = Int(truncatingIfNeeded: hash) & mask
            var isNew = true
            while slots[i].entry >= 0 {
                let slot = slots[i]
                if slot.hash == hash, slot.count == key.count, keyBytes[slot.start..<(slot.start + slot.count)].elementsEqual(key) {
                    isNew = false
                    break
                }
                i = (i + 1) & mask
            }
            guard isNew else { continue }
            slots[i] = Slot(hash: hash, start: keyBytes.count, count: key.count, entry: kept.count)
            keyBytes.append(contentsOf: key)
            kept.append(value)
        }
        self.slots = slots
        self.keyBytes = keyBytes
        self.values = kept
        self.mask = mask
    }

    /// The number of distinct keys.
    var count: Int { values.count }
    var isEmpty: Bool { values.isEmpty }

    /// The value whose key has exactly these bytes.
    @inline(__always)
    func value(for key: UnsafeRawBufferPointer) -> Value? {
        guard !values.isEmpty else { return nil }
        let hash = NameTable.hash(key)
        return keyBytes.withUnsafeBytes { stored -> Value? in
            var i = Int(truncatingIfNeeded: hash) & mask
            while true {
                let slot = slots[i]
                guard slot.entry >= 0 else { return nil }
                if slot.hash == hash, slot.count == key.count,
                    NameTable.bytesEqual(stored.baseAddress.map { $0 + slot.start }, key.baseAddress, slot.count)
                {
                    return values[slot.entry]
                }
                i = (i &+ 1) & mask
            }
        }
    }

    @inline(__always)
    func value(for key: UnsafeBufferPointer<UInt8>) -> Value? {
        value(for: UnsafeRawBufferPointer(key))
    }

    /// The value whose key has exactly the bytes of `key`.
    @inline(__always)
    func value(for key: String) -> Value? {
        guard !values.isEmpty else { return nil }
        return key.withNameBytes { value(for: $0) }
    }

    /// A hash of the bytes, a word at a time: each 8-byte word (the last one overlapping the one before
    /// when the length is not a multiple of 8; shorter keys gathered from 4-, 2- and 1-byte loads) is
    /// mixed in by a multiply and an xor-shift, the length first, and the result finished as
    /// SplitMix64 does. Equal bytes give equal hashes; nothing else is promised.
    @inline(__always)
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
        let n = bytes.count
        var h = UInt64(truncatingIfNeeded: n) &* multiplier
        if let p = bytes.baseAddress, n > 0 {
            var i = 0
            while n &- i > 8 {
                h = (h ^ p.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* multiplier
                h ^= h &>> 32
                i &+= 8
            }
            let tail: UInt64
            if n >= 8 {
                tail = p.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self)
            } else if n >= 4 {
                tail = UInt64(p.loadUnaligned(as: UInt32.self)) | UInt64(p.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self)) &<< 32
            } else {
                let bytes = p.assumingMemoryBound(to: UInt8.self)
                tail = UInt64(bytes[0]) | UInt64(bytes[n &>> 1]) &<< 8 | UInt64(bytes[n &- 1]) &<< 16
            }
            h = (h ^ tail) &* multiplier
        }
        h = (h ^ (h &>> 30)) &* 0xBF58_476D_1CE4_E5B9
        h = (h ^ (h &>> 27)) &* 0x94D0_49BB_1331_11EB
        return h ^ (h &>> 31)
    }

    /// Whether `count` bytes at `a` and at `b` are equal, compared a word at a time (a call to `memcmp`
    /// cost more than the hash for the short names these tables hold).
    @inline(__always)
    static func bytesEqual(_ a: UnsafeRawPointer?, _ b: UnsafeRawPointer?, _ count: Int) -> Bool {
        guard count > 0, let a, let b else { return true }
        if count >= 8 {
            var i = 0
            while count &- i > 8 {
                guard a.loadUnaligned(fromByteOffset: i, as: UInt64.self) == b.loadUnaligned(fromByteOffset: i, as: UInt64.self) else { return false }
                i &+= 8
            }
            return a.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self) == b.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
        }
        if count >= 4 {
            return a.loadUnaligned(as: UInt32.self) == b.loadUnaligned(as: UInt32.self)
                && a.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self) == b.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self)
        }
        for i in 0..<count where a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) { return false }
        return true
    }
}

extension String {
    /// Calls `body` with the string's UTF-8 bytes for a lookup: a native string's in place (its
    /// contiguous storage, or the small string's bytes), which saved ~60 instructions a lookup over
    /// `withUTF8Bytes`'s copy; anything else through `withUTF8Bytes`.
    @inline(__always)
    func withNameBytes<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        if let result = utf8.withContiguousStorageIfAvailable({ body(UnsafeRawBufferPointer($0)) }) { return result }
        return withUTF8Bytes { body(UnsafeRawBufferPointer($0)) }
    }
}
