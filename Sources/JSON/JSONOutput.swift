/// Bytes being written, in memory this value owns, for the writers on the response path (`JSONWriter`,
/// the patch and response encoders).
///
/// Why not `[UInt8]`: each `Array.append(contentsOf:)` of a piece costs ~100 instructions (the generic
/// sequence path, a uniqueness check, a capacity check) and each `append` of one byte another uniqueness
/// check, while a response is some sixty small pieces. Here an append is a capacity check and a copy;
/// the bytes become an array once, at the end (`bytes()`), or are appended to one (`append(to:)`).
public struct JSONOutput: ~Copyable {
    @usableFromInline var base: UnsafeMutablePointer<UInt8>
    /// Bytes written so far (`count` for readers; inlined appends need a settable field).
    @usableFromInline var end: Int
    public var count: Int { end }
    @usableFromInline var capacity: Int
    /// False while writing into the caller's memory (`init(startingIn:)`), which is not freed here.
    @usableFromInline var ownsMemory: Bool

    /// Room for `capacity` bytes to start with; it grows (doubling) as needed.
    public init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
        end = 0
        ownsMemory = true
    }

    /// Writes into `buffer` (which must outlive this output) until it is full, then into memory of
    /// its own: a response fits in a buffer on the stack, which saves allocating and freeing one.
    public init(startingIn buffer: UnsafeMutableBufferPointer<UInt8>) {
        if let start = buffer.baseAddress, buffer.count > 0 {
            base = start
            capacity = buffer.count
            ownsMemory = false
        } else {
            capacity = 16
            base = .allocate(capacity: capacity)
            ownsMemory = true
        }
        end = 0
    }

    /// The bytes `body` writes, as an array; the writing happens in 1 KB on the stack while it fits.
    public static func bytes(_ body: (inout JSONOutput) -> Void) -> [UInt8] {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1024) { scratch in
            var output = JSONOutput(startingIn: scratch)
            body(&output)
            return output.bytes()
        }
    }

    /// Appends the bytes `body` writes to `array`, written first in 1 KB on the stack while they fit.
    public static func append(to array: inout [UInt8], _ body: (inout JSONOutput) -> Void) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1024) { scratch in
            var output = JSONOutput(startingIn: scratch)
            body(&output)
            output.append(to: &array)
        }
    }

    deinit { if ownsMemory { base.deallocate() } }

    @inlinable @inline(__always)
    public mutating func append(_ byte: UInt8) {
        if end == capacity { grow(toHold: 1) }
        base[end] = byte
        end &+= 1
    }

    @inlinable @inline(__always)
    public mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        let n = bytes.count
        if capacity &- end < n { grow(toHold: n) }
        (base + end).update(from: source, count: n)
        end &+= n
    }

    /// Appends the first `kept` (0 to 16) of the 16 bytes at `source`: all 16 are stored with one
    /// unaligned store and the end moves past `kept` only, so the rest is overwritten by what comes
    /// next (for `JSONWriter`, whose plain runs end at the first byte to escape in a block).
    @inline(__always)
    mutating func append(block source: UnsafePointer<UInt8>, keeping kept: Int) {
        if capacity &- end < 16 { grow(toHold: 16) }
        let bytes = UnsafeRawPointer(source).loadUnaligned(as: SIMD16<UInt8>.self)
        UnsafeMutableRawPointer(base + end).storeBytes(of: bytes, as: SIMD16<UInt8>.self)
        end &+= min(max(kept, 0), 16)
    }

    /// Appends the bytes of a literal (the fixed text of a response or patch) with one copy.
    @inlinable @inline(__always)
    public mutating func append(ascii text: StaticString) {
        let n = text.utf8CodeUnitCount
        if capacity &- end < n { grow(toHold: n) }
        (base + end).update(from: text.utf8Start, count: n)
        end &+= n
    }

    /// `number` in decimal, as `String(number)` writes it, straight into the output (making the
    /// `String` first cost ~200 instructions a number).
    public mutating func append(decimal number: Int64) {
        write(upTo: 20) { start in  // a sign and 19 digits
            var magnitude = number.magnitude
            var digits = 1
            var rest = magnitude
            while rest >= 10 {
                rest /= 10
                digits += 1
            }
            let sign = number < 0 ? 1 : 0
            if sign == 1 { start[0] = UInt8(ascii: "-") }
            var at = sign + digits - 1
            repeat {
                start[at] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: magnitude % 10)
                magnitude /= 10
                at -= 1
            } while magnitude > 0
            return sign + digits
        }
    }

    /// Lets `body` write up to `maximum` bytes straight into the output; it returns how many it wrote
    /// (at most `maximum`, which `body` must not exceed).
    @inlinable
    public mutating func write(upTo maximum: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Int) {
        if capacity &- end < maximum { grow(toHold: maximum) }
        let written = body(base + end)
        end &+= min(max(written, 0), maximum)
    }

    /// Replaces the bytes from `start` on (`count - start` of them) with `newCount` bytes that `body`
    /// writes in their place: it gets the address of the first and the old count, may read the old bytes
    /// there while it writes, and must write all `newCount`. For an encoding done in place.
    @inlinable
    public mutating func rewrite(from start: Int, toCount newCount: Int, _ body: (UnsafeMutablePointer<UInt8>, Int) -> Void) {
        let start = min(max(start, 0), end)
        let newCount = max(newCount, 0)
        if capacity &- start < newCount { grow(toHold: newCount - (end - start)) }
        body(base + start, end - start)
        end = start + newCount
    }

    /// Reads bytes already written: `range` must lie within `0..<count`.
    @inlinable
    public func withBytes<Result>(_ range: Range<Int>, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        let lower = min(max(range.lowerBound, 0), end)
        let upper = min(max(range.upperBound, lower), end)
        return body(UnsafeBufferPointer(start: base + lower, count: upper - lower))
    }

    /// Forgets every byte from `position` on (a writer that started a fast path and must start over).
    @inlinable
    public mutating func truncate(to position: Int) {
        end = min(max(position, 0), end)
    }

    /// The bytes written, as an array of exactly that size. (Through `Array.init` of a buffer, which
    /// specializes here; `init(unsafeUninitializedCapacity:)` allocates through an unspecialized path
    /// that looks up the storage type's metadata, ~400 instructions more.)
    public func bytes() -> [UInt8] {
        [UInt8](UnsafeBufferPointer(start: base, count: end))
    }

    /// Appends the bytes written to `array`, with one copy.
    public func append(to array: inout [UInt8]) {
        array.append(contentsOf: UnsafeBufferPointer(start: base, count: end))
    }

    /// Out of line: the appends that inline stay a compare and a copy.
    @usableFromInline @inline(never)
    mutating func grow(toHold extra: Int) {
        var bigger = capacity * 2
        while bigger - end < extra { bigger *= 2 }
        let fresh = UnsafeMutablePointer<UInt8>.allocate(capacity: bigger)
        fresh.initialize(from: base, count: end)
        if ownsMemory { base.deallocate() }
        base = fresh
        capacity = bigger
        ownsMemory = true
    }
}
