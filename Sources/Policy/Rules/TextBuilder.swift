import JSON

/// A message built as UTF-8 bytes in one growing buffer, then made a `String` once.
///
/// Denial details are a dozen short pieces, most of them fixed text and the rest names read from the
/// object. Making each piece a `String` and joining them (`RuleText.join`) cost an array of the pieces
/// and a `String` apiece; here fixed text is copied from the binary, names straight from the request's
/// bytes (escaped in place when they need it), and only the finished message is a `String`.
///
/// The bytes go into a `JSONOutput`, the growable buffer the response writers use (why not `[UInt8]`:
/// see there). Noncopyable, so the buffer has exactly one owner, which frees it. On the request path
/// the buffer starts on the stack (`withStackBuffer`): a heap buffer's allocation and release cost
/// ~200 instructions a message, about what writing it costs; only text that outgrows the stack part
/// moves to the heap.
struct TextBuilder: ~Copyable {
    private var output: JSONOutput

    /// The length of the text so far, in bytes.
    var count: Int { output.count }

    init(capacity: Int = 128) {
        output = JSONOutput(capacity: capacity)
    }

    /// A builder writing into `buffer`, which it does not free, until the text outgrows it.
    init(lending buffer: UnsafeMutableBufferPointer<UInt8>) {
        output = JSONOutput(startingIn: buffer)
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

    /// Bytes as they are (text read from the object, shown unescaped, as values of quantities are).
    @inline(__always)
    mutating func append(_ utf8: UnsafeBufferPointer<UInt8>) {
        output.append(utf8)
    }

    @inline(__always)
    mutating func append(_ text: StaticString) {
        output.append(ascii: text)
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

    /// `number` in decimal, as `String(number)` writes it (see `JSONOutput.append(decimal:)`).
    mutating func append(_ number: Int64) { output.append(decimal: number) }

    /// Another builder's text so far.
    mutating func append(_ other: borrowing TextBuilder) {
        other.output.withBytes(0..<other.count) { output.append($0) }
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

    /// The text whose UTF-8 bytes are `utf8` (valid UTF-8: read from the request) as `RuleText.quoted`
    /// shows it: escaped, in double quotes.
    mutating func appendQuoted(utf8: UnsafeBufferPointer<UInt8>) {
        append("\"")
        if RuleText.isPlain(utf8) {
            append(utf8)
        } else {
            append(RuleText.escaped(String(decoding: utf8, as: UTF8.self)))
        }
        append("\"")
    }

    /// `text` as `RuleText.quoted` shows it: escaped, in double quotes.
    mutating func appendQuoted(_ text: String) { appendQuoted(JSONStringView(text)) }

    /// `text` as `RuleText.quoted` shows it: escaped, in double quotes.
    mutating func appendQuoted(_ text: JSONStringView) {
        append("\"")
        appendEscaped(text)
        append("\"")
    }

    /// Calls `body` with the bytes `range` of the text so far (clamped to it).
    func withBytes<Result>(_ range: Range<Int>, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        output.withBytes(range, body)
    }

    /// The text so far.
    var text: String { text(from: 0) }

    /// The text written since it was `start` bytes long (a `count` read earlier).
    func text(from start: Int) -> String { text(in: Swift.min(Swift.max(start, 0), count)..<count) }

    /// The text of bytes `range` (clamped to the text so far).
    func text(in range: Range<Int>) -> String {
        let start = Swift.min(Swift.max(range.lowerBound, 0), count)
        let end = Swift.min(Swift.max(range.upperBound, start), count)
        return output.withBytes(start..<end) { String(decoding: $0, as: UTF8.self) }
    }
}
