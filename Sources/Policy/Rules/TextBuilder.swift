import JSON

/// A message built as UTF-8 bytes in one growing buffer, then made a `String` once.
///
/// Denial details are a dozen short pieces, most of them fixed text and the rest names read from the
/// object. Making each piece a `String` and joining them (`RuleText.join`) cost an array of the pieces
/// and a `String` apiece; here fixed text is copied from the binary, names straight from the request's
/// bytes (escaped in place when they need it), and only the finished message is a `String`.
///
/// Its own buffer rather than an `[UInt8]`: appending to an array checks uniqueness and capacity
/// through a generic path, about 100 instructions a piece, several times the copy itself. Noncopyable,
/// so the buffer has exactly one owner, which frees it. On the request path the buffer starts on the
/// stack (`withStackBuffer`): a heap buffer's allocation and release cost ~200 instructions a message,
/// about what writing it costs; only text that outgrows the stack part moves to the heap.
struct TextBuilder: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    /// The length of the text so far, in bytes.
    private(set) var count = 0
    private var capacity: Int
    /// Whether `base` was allocated here (and so is freed here), rather than lent by `withStackBuffer`.
    private var ownsBuffer: Bool

    init(capacity: Int = 128) {
        self.capacity = Swift.max(capacity, 16)
        base = .allocate(capacity: self.capacity)
        ownsBuffer = true
    }

    /// A builder writing into `buffer`, which it does not free, until the text outgrows it.
    private init(lending buffer: UnsafeMutableBufferPointer<UInt8>) {
        if let start = buffer.baseAddress, buffer.count > 0 {
            base = start
            capacity = buffer.count
            ownsBuffer = false
        } else {
            capacity = 16
            base = .allocate(capacity: capacity)
            ownsBuffer = true
        }
    }

    /// Runs `body` with an empty builder whose first `capacity` bytes are on the stack, for text that
    /// `body` makes a `String` of before it returns (the builder cannot outlive the call).
    @inline(__always)
    static func withStackBuffer<Result>(capacity: Int = 256, _ body: (inout TextBuilder) -> Result) -> Result {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
            var text = TextBuilder(lending: buffer)
            return body(&text)
        }
    }

    deinit { if ownsBuffer { base.deallocate() } }

    /// Makes room for `extra` more bytes, doubling (at least) when the buffer is full.
    @inline(__always)
    private mutating func reserve(_ extra: Int) {
        guard extra > capacity - count else { return }
        grow(extra)
    }

    private mutating func grow(_ extra: Int) {
        let grown = Swift.max(count + extra, capacity * 2)
        let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        larger.initialize(from: base, count: count)
        if ownsBuffer { base.deallocate() }
        base = larger
        capacity = grown
        ownsBuffer = true
    }

    /// Bytes as they are (text read from the object, shown unescaped, as values of quantities are).
    @inline(__always)
    mutating func append(_ utf8: UnsafeBufferPointer<UInt8>) {
        guard let source = utf8.baseAddress, !utf8.isEmpty else { return }
        reserve(utf8.count)
        (base + count).initialize(from: source, count: utf8.count)
        count += utf8.count
    }

    @inline(__always)
    mutating func append(_ text: StaticString) {
        append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Disfavored, so that a literal (`text.append(": ")`) is the `StaticString` above, copied inline,
    /// rather than a `String` whose bytes are looked up through a call (~60 instructions a piece).
    @_disfavoredOverload
    mutating func append(_ text: String) {
        // In place for native and small strings; `withUTF8` on a copy costs a retain and a release more.
        if text.utf8.withContiguousStorageIfAvailable({ append($0) }) == nil {
            text.withUTF8Bytes { append($0) }
        }
    }

    mutating func append(_ number: Int) { append(Int64(number)) }

    /// `number` in decimal, as `String(number)` writes it, straight into the buffer (making the `String`
    /// first cost ~200 instructions a number).
    mutating func append(_ number: Int64) {
        reserve(20)  // a sign and 19 digits
        var magnitude = number.magnitude
        var digits = 1
        var rest = magnitude
        while rest >= 10 {
            rest /= 10
            digits += 1
        }
        if number < 0 {
            base[count] = UInt8(ascii: "-")
            count += 1
        }
        var at = count + digits - 1
        repeat {
            base[at] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: magnitude % 10)
            magnitude /= 10
            at -= 1
        } while magnitude > 0
        count += digits
    }

    /// Another builder's text so far.
    mutating func append(_ other: borrowing TextBuilder) {
        append(UnsafeBufferPointer(start: other.base, count: other.count))
    }

    /// `text` as `RuleText.escaped` shows it.
    mutating func appendEscaped(_ text: JSONStringView) {
        let plain = text.withUTF8 { utf8 -> Bool in
            guard RuleText.isPlain(utf8) else { return false }
            append(utf8)
            return true
        }
        if !plain { append(RuleText.escaped(text.string)) }
    }

    /// `text` as `RuleText.quoted` shows it: escaped, in double quotes.
    mutating func appendQuoted(_ text: String) { appendQuoted(JSONStringView(text)) }

    /// `text` as `RuleText.quoted` shows it: escaped, in double quotes.
    mutating func appendQuoted(_ text: JSONStringView) {
        append("\"")
        appendEscaped(text)
        append("\"")
    }

    /// The text so far.
    var text: String { text(from: 0) }

    /// The text written since it was `start` bytes long (a `count` read earlier).
    func text(from start: Int) -> String {
        let start = Swift.min(Swift.max(start, 0), count)
        return String(decoding: UnsafeBufferPointer(start: base + start, count: count - start), as: UTF8.self)
    }
}
