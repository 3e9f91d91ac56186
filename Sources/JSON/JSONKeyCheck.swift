/// Rejecting duplicate member names, exactly (escapes decoded, so `"a"` and `"\u0061"` are the same
/// name) and in time linear in the object's size.
///
/// An object's names are checked once its members are read (or when reading it fails), by walking its
/// keys in the tape, rather than one by one as they are read; `namesMayRepeat` is asked first, one
/// bit of 64 per name (from its length and last byte), whether two names share a bit or one is
/// escaped, and skips the check when none does. Small objects whose names cannot have equal decoded
/// lengths end there. Up to `linearLimit` members, the names' sketches (length and first, second and last
/// bytes, one bit of 512 each) settle most of the rest; when two sketches match, each name's
/// fingerprint (its length and its first and last eight decoded bytes) is compared with those of the
/// names before it, one integer comparison each, and bytes are compared only when two match. Past that (a big labels map, managedFields) a
/// table keyed by a seeded hash of each whole name takes over, so neither an object's size nor names
/// crafted to share fingerprints make the check quadratic.
///
/// The first repeat in document order is the one reported, as when names were checked as they came:
/// the reader checks an object when it closes and, when reading fails inside it, before passing the
/// error on, so a repeat earlier in the document wins over a later error (an enclosing object's
/// names all come before whatever is nested in its last member).
enum JSONKeyCheck {
    /// Whether two of the object's names (its first `keys`, at least one, each but the last followed by
    /// its complete value) may be the same, by one bit of 64 per name, from its length and last byte
    /// (for an empty name, its opening quote): equal names set the same bit, so when no two share a
    /// bit and none is escaped, no name repeats. That settles all but a few Kubernetes objects, whose
    /// names share lengths far more often than length and last byte.
    ///
    /// Walked when the object closes, from its key nodes, rather than noted as each name is read: the
    /// reader's loop then carries no filter in its registers, nor keeps one in the tape while a
    /// nested container is open.
    @inline(__always)
    static func namesMayRepeat(inObject object: Int, keys: Int, _ input: JSONReaderInput,
                               _ nodes: BoundedBuffer<JSONTape.Node>) -> Bool {
        let tape = nodes.base
        var names: UInt64 = 0
        var key = object &+ 1
        var j = 0
        while true {
            let node = tape[key]
            let length = UInt64(truncatingIfNeeded: node.length)
            // The name's last byte, or the opening quote before an empty name.
            let last = UInt64(input.base[Int(node.start) &+ Int(node.length) &- 1])
            let bit: UInt64 = 1 &<< ((length &+ last &* 7) & 63)
            if node.escaped || names & bit != 0 { return true }
            names |= bit
            j &+= 1
            if j == keys { return false }
            key = Int(tape[key &+ 1].end)
        }
    }

    /// Above this many members an object is checked through a hash table.
    static let linearLimit = 32

    /// The first key node of object node `object` (whose first `keys` member names are in the tape,
    /// each but the last followed by its complete value) that repeats an earlier name of the object,
    /// or nil.
    ///
    /// `namesMayRepeat`: the caller has already asked `namesMayRepeat` and found that two names may be
    /// the same (the reader, as an object closes, inlined there); otherwise it is asked here first
    /// (when reading fails inside open objects). Small objects are still settled by their names'
    /// possible decoded lengths (`haveDisjointLengthRanges`), the rest by the sketches.
    @inline(never)
    static func firstRepeat(inObject object: Int, keys: Int, _ input: JSONReaderInput,
                            _ nodes: BoundedBuffer<JSONTape.Node>, namesMayRepeat filtered: Bool = false) -> Int? {
        guard keys >= 2 else { return nil }
        if !filtered, !namesMayRepeat(inObject: object, keys: keys, input, nodes) { return nil }
        if keys > linearLimit { return firstRepeatByHash(inObject: object, keys: keys, input, nodes) }
        if keys <= rangeLimit, haveDisjointLengthRanges(inObject: object, keys: keys, nodes) { return nil }
        if haveDistinctSketches(inObject: object, keys: keys, input, nodes) { return nil }
        // On the stack: the names' fingerprints, then their key nodes.
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 2 &* keys) { scratch -> Int? in
            guard let seen = scratch.baseAddress else { return nil }
            let seenKeys = seen + keys
            let tape = nodes.base
            var key = object &+ 1
            for j in 0..<keys {
                let node = tape[key]
                let fingerprint = node.escaped
                    ? escapedFingerprint(node, input)
                    : self.fingerprint(input.base + Int(node.start), count: Int(node.length), readable: input.count &- Int(node.start))
                var i = 0
                while i < j {
                    if seen[i] == fingerprint, sameName(Int(seenKeys[i]), key, input, nodes) { return key }
                    i &+= 1
                }
                seen[j] = fingerprint
                seenKeys[j] = UInt64(truncatingIfNeeded: key)
                if j &+ 1 < keys { key = Int(tape[key &+ 1].end) }
            }
            return nil
        }
    }

    /// Up to this many members, `haveDisjointLengthRanges` compares each name's range with all the others.
    static let rangeLimit = 8

    /// Whether no two of the object's names can have the same decoded length: a plain name's is its
    /// length, an escaped name's between a sixth of its raw length (rounded up: `\uXXXX` is six bytes
    /// for one) and its raw length less one (every escape is shorter decoded). Settles, without
    /// decoding anything, the small objects the reader's filter sends here for an escaped name
    /// (managedFields' `{".":{},"k:{\"uid\":…}":{}}`) or for two names of different lengths sharing a
    /// bit.
    @inline(__always)
    private static func haveDisjointLengthRanges(inObject object: Int, keys: Int, _ nodes: BoundedBuffer<JSONTape.Node>) -> Bool {
        withUnsafeTemporaryAllocation(of: (low: Int, high: Int).self, capacity: rangeLimit) { ranges -> Bool in
            guard let seen = ranges.baseAddress else { return false }
            let tape = nodes.base
            var key = object &+ 1
            for j in 0..<keys {
                let node = tape[key]
                let length = Int(node.length)
                let range = node.escaped ? (low: (length &+ 5) / 6, high: length &- 1) : (low: length, high: length)
                for i in 0..<j where seen[i].low <= range.high && range.low <= seen[i].high { return false }
                seen[j] = range
                if j &+ 1 < keys { key = Int(tape[key &+ 1].end) }
            }
            return true
        }
    }

    /// Whether the object's names all have different sketches (length and first, second and last
    /// decoded bytes, hashed to one of 512 bits): then none repeats, as equal names have equal
    /// sketches, however they are spelled. Settles most objects whose names share lengths (a pod spec's,
    /// a container's, managedFields' escaped `k:{"name":…}` keys) with a few loads and one bit per name,
    /// where comparing each name's fingerprint with all those before it cost a few hundred
    /// instructions an object. Sketches that collide (by chance, or because two names are the same)
    /// leave the answer to the exact check.
    @inline(__always)
    private static func haveDistinctSketches(inObject object: Int, keys: Int, _ input: JSONReaderInput,
                                             _ nodes: BoundedBuffer<JSONTape.Node>) -> Bool {
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: sketchWords) { words -> Bool in
            guard let seen = words.baseAddress else { return false }
            seen.initialize(repeating: 0, count: sketchWords)
            let tape = nodes.base
            var key = object &+ 1
            var j = 0
            while true {
                let node = tape[key]
                let slot = node.escaped
                    ? escapedSketch(node, input)
                    : sketch(input.base + Int(node.start), count: Int(node.length))
                let word = seen + (slot &>> 6)
                let bit: UInt64 = 1 &<< UInt64(truncatingIfNeeded: slot & 63)
                if word.pointee & bit != 0 { return false }
                word.pointee |= bit
                j &+= 1
                if j == keys { return true }
                key = Int(tape[key &+ 1].end)
            }
        }
    }

    /// The sketch set's size: 512 bits (eight words on the stack), so that the dozen names of a busy
    /// object rarely collide by chance.
    static let sketchWords = 8

    /// The sketch of a plain (unescaped) name, `count` bytes at `bytes` in the input. Its closing quote
    /// follows it, so a one-byte name's "second byte" is that quote.
    @inline(__always)
    static func sketch(_ bytes: UnsafePointer<UInt8>, count: Int) -> Int {
        guard count > 0 else { return 0 }
        return sketch(count: count, firstTwo: UInt64(bytes[0]) | UInt64(bytes[1]) &<< 8, last: bytes[count &- 1])
    }

    /// The sketch of an escaped name's decoded bytes: the same as `sketch` of the name written plainly
    /// (a decoded one-byte name's second byte counts as the quote). Runs of plain bytes are only
    /// counted; an escape of one character (`\"`, the commonest, in managedFields' `k:{"name":…}`
    /// keys) is decoded here, a `\u` escape by `JSONTape.forEachUnescapedByte`, as everywhere else.
    @inline(never)
    static func escapedSketch(_ node: JSONTape.Node, _ input: JSONReaderInput) -> Int {
        let raw = UnsafeBufferPointer(start: input.base + Int(node.start), count: Int(node.length))
        var decoded = Decoded()
        var i = 0
        while i < raw.count {
            var run = i
            while run < raw.count {
                // Sixteen bytes at a time where the input has them: the name's closing quote, right
                // after `raw`, stops the block scan at the end at the latest.
                if Int(node.start) &+ run &+ 16 <= input.count {
                    let offset = JSONStringScan.firstSpecialByte(input.base + (Int(node.start) &+ run))
                    run &+= offset
                    if offset == 16 { continue }
                    if run >= raw.count || raw[run] == UInt8(ascii: "\\") { break }
                } else if raw[run] == UInt8(ascii: "\\") {
                    break
                }
                run &+= 1  // a plain byte (a byte of a multi-byte sequence, for the block scan)
            }
            if run > i {
                if decoded.count < 2 {
                    decoded.take(raw[i])
                    if run > i &+ 1 { decoded.take(raw[i &+ 1]) }
                    decoded.count &+= run &- i &- Swift.min(run &- i, 2)
                } else {
                    decoded.count &+= run &- i
                }
                decoded.last = raw[run &- 1]
            }
            guard run < raw.count else { break }
            let length = escapeLength(raw, at: run)
            if length == 2, run &+ 1 < raw.count {
                decoded.take(unescaped(raw[run &+ 1]))
            } else {
                JSONTape.forEachUnescapedByte(UnsafeBufferPointer(rebasing: raw[run..<Swift.min(run &+ length, raw.count)])) {
                    decoded.take($0)
                }
            }
            i = run &+ length
        }
        if decoded.count == 1 { decoded.firstTwo |= UInt64(UInt8(ascii: "\"")) &<< 8 }
        return sketch(count: decoded.count, firstTwo: decoded.firstTwo, last: decoded.last)
    }

    /// What a sketch needs of decoded bytes, taken one at a time.
    private struct Decoded {
        var count = 0
        var firstTwo: UInt64 = 0
        var last: UInt8 = 0

        @inline(__always)
        mutating func take(_ byte: UInt8) {
            if count < 2 { firstTwo |= UInt64(byte) &<< UInt64(count &* 8) }
            last = byte
            count &+= 1
        }
    }

    /// The byte a one-character escape (`\` and `c`) stands for.
    @inline(__always)
    private static func unescaped(_ c: UInt8) -> UInt8 {
        switch c {
        case UInt8(ascii: "b"): return 0x08
        case UInt8(ascii: "f"): return 0x0C
        case UInt8(ascii: "n"): return 0x0A
        case UInt8(ascii: "r"): return 0x0D
        case UInt8(ascii: "t"): return 0x09
        default: return c  // \" \\ \/
        }
    }

    /// The length in bytes of the escape at `i` of validated string text: `\uXXXX\uXXXX` for a
    /// surrogate pair (a high surrogate is always followed by its low one once validated), `\uXXXX`,
    /// or a backslash and one character.
    @inline(__always)
    private static func escapeLength(_ raw: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        guard i &+ 1 < raw.count, raw[i &+ 1] == UInt8(ascii: "u") else { return 2 }
        guard i &+ 3 < raw.count, raw[i &+ 2] | 0x20 == UInt8(ascii: "d") else { return 6 }
        // D800...DBFF: the third hex digit is 8, 9, A or B (either case).
        switch raw[i &+ 3] {
        case UInt8(ascii: "8"), UInt8(ascii: "9"), UInt8(ascii: "a"), UInt8(ascii: "b"), UInt8(ascii: "A"), UInt8(ascii: "B"):
            return 12
        default:
            return 6
        }
    }

    /// A sketch, 0 to `sketchWords * 64 - 1`, of a name of `count` bytes (none: 0) whose first two are
    /// `firstTwo` (little-endian) and last is `last`: packed in one word, mixed by a multiplication
    /// whose top bits are taken.
    @inline(__always)
    static func sketch(count: Int, firstTwo: UInt64, last: UInt8) -> Int {
        guard count > 0 else { return 0 }
        let packed = UInt64(truncatingIfNeeded: count) | firstTwo &<< 8 | UInt64(last) &<< 24
        return Int(truncatingIfNeeded: (packed &* 0xC4CE_B9FE_1A85_EC53) &>> 55)
    }

    /// `firstRepeat` for big objects: full hash of each decoded name → its key node.
    private static func firstRepeatByHash(inObject object: Int, keys: Int, _ input: JSONReaderInput,
                                          _ nodes: BoundedBuffer<JSONTape.Node>) -> Int? {
        var table: [Int: Int] = [:]
        table.reserveCapacity(keys)
        var key = object &+ 1
        for j in 0..<keys {
            let hash = fullHash(key, input, nodes)
            if let other = table[hash] {
                if sameName(other, key, input, nodes) { return key }
                // Two different names with the same 64-bit seeded hash: chance, not something input can
                // force, so this exact pass over the names before it stays rare.
                var earlier = object &+ 1
                while earlier != key {
                    if sameName(earlier, key, input, nodes) { return key }
                    earlier = Int(nodes[earlier &+ 1].end)
                }
            } else {
                table[hash] = key
            }
            if j &+ 1 < keys { key = Int(nodes[key &+ 1].end) }
        }
        return nil
    }

    // MARK: Fingerprints

    /// Length and first and last eight bytes of `count` bytes at `bytes`, of which `readable` (at least
    /// `count`) may be read: a short key followed by more of the document is read as one word. Words
    /// are little-endian on every platform, as `escapedFingerprint` builds them byte by byte.
    @inline(__always)
    static func fingerprint(_ bytes: UnsafePointer<UInt8>, count: Int, readable: Int) -> UInt64 {
        if count >= 8 {
            let first = UInt64(littleEndian: UnsafeRawPointer(bytes).loadUnaligned(as: UInt64.self))
            let last = UInt64(littleEndian: UnsafeRawPointer(bytes + (count &- 8)).loadUnaligned(as: UInt64.self))
            return combine(first: first, last: last, count: count)
        }
        let first: UInt64
        if readable >= 8 {
            let mask: UInt64 = (1 &<< UInt64(truncatingIfNeeded: count &* 8)) &- 1
            first = UInt64(littleEndian: UnsafeRawPointer(bytes).loadUnaligned(as: UInt64.self)) & mask
        } else {
            var word: UInt64 = 0
            for i in 0..<count { word |= UInt64(bytes[i]) &<< UInt64(i &* 8) }
            first = word
        }
        return combine(first: first, last: 0, count: count)
    }

    /// The fingerprint of the bytes `(first, last, count)` describe: `first` their first eight (zero
    /// padded), `last` their last eight when there are at least eight, else 0.
    @inline(__always)
    static func combine(first: UInt64, last: UInt64, count: Int) -> UInt64 {
        first ^ (last &* 0x9E37_79B9_7F4A_7C15) ^ (UInt64(truncatingIfNeeded: count) &<< 56)
    }

    /// The fingerprint of an escaped key's decoded bytes, so it matches the same name written plainly;
    /// decoded on the fly, without building them.
    @inline(never)
    static func escapedFingerprint(_ node: JSONTape.Node, _ input: JSONReaderInput) -> UInt64 {
        var first: UInt64 = 0
        var last: UInt64 = 0
        var count = 0
        JSONTape.forEachUnescapedByte(UnsafeBufferPointer(start: input.base + Int(node.start), count: Int(node.length))) { byte in
            if count < 8 { first |= UInt64(byte) &<< UInt64(count &* 8) }
            last = last &>> 8 | UInt64(byte) &<< 56
            count &+= 1
        }
        return combine(first: first, last: count >= 8 ? last : 0, count: count)
    }


    // MARK: Exact comparison

    /// Key nodes `a` and `b` name the same member: equal bytes once escapes are decoded.
    @inline(never)
    static func sameName(_ a: Int, _ b: Int, _ input: JSONReaderInput, _ nodes: BoundedBuffer<JSONTape.Node>) -> Bool {
        let x = nodes[a]
        let y = nodes[b]
        if !x.escaped, !y.escaped {
            guard x.length == y.length else { return false }
            let xs = input.base + Int(x.start)
            let ys = input.base + Int(y.start)
            for i in 0..<Int(x.length) where xs[i] != ys[i] { return false }
            return true
        }
        return decode(x, input) == decode(y, input)
    }

    /// A key's name as bytes: its text, with escapes decoded.
    static func decode(_ node: JSONTape.Node, _ input: JSONReaderInput) -> [UInt8] {
        let raw = UnsafeBufferPointer(start: input.base + Int(node.start), count: Int(node.length))
        return node.escaped ? JSONTape.unescape(raw) : Array(raw)
    }

    /// A seeded hash (the standard library's per-process SipHash) of a key's decoded bytes.
    static func fullHash(_ key: Int, _ input: JSONReaderInput, _ nodes: BoundedBuffer<JSONTape.Node>) -> Int {
        let node = nodes[key]
        var hasher = Hasher()
        if node.escaped {
            decode(node, input).withUnsafeBytes { hasher.combine(bytes: $0) }
        } else {
            hasher.combine(bytes: UnsafeRawBufferPointer(start: input.base + Int(node.start), count: Int(node.length)))
        }
        return hasher.finalize()
    }
}
