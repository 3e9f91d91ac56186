import JSON

/// A message built as UTF-8 bytes in one growing buffer, then made a `String` once.
///
/// Denial details are a dozen short pieces, most of them fixed text and the rest names read from the
/// object. Making each piece a `String` and joining them (`RuleText.join`) cost an array of the pieces
/// and a `String` apiece; here fixed text is copied from the binary, names straight from the request's
/// bytes (escaped in place when they need it), and only the finished message is a `String`.
struct TextBuilder {
    private var bytes: [UInt8] = []

    init(capacity: Int = 128) { bytes.reserveCapacity(capacity) }

    mutating func append(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    mutating func append(_ text: String) {
        // In place for native and small strings; `withUTF8` on a copy costs a retain and a release more.
        if text.utf8.withContiguousStorageIfAvailable({ bytes.append(contentsOf: $0) }) == nil {
            text.withUTF8Bytes { bytes.append(contentsOf: $0) }
        }
    }

    mutating func append(_ number: Int) { append(String(number)) }

    /// Another builder's text so far.
    mutating func append(_ other: TextBuilder) { bytes.append(contentsOf: other.bytes) }

    /// Bytes as they are (text read from the object, shown unescaped, as values of quantities are).
    mutating func append(_ utf8: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: utf8) }

    /// `text` as `RuleText.escaped` shows it.
    mutating func appendEscaped(_ text: JSONStringView) {
        let plain = text.withUTF8 { utf8 -> Bool in
            guard RuleText.isPlain(utf8) else { return false }
            bytes.append(contentsOf: utf8)
            return true
        }
        if !plain { append(RuleText.escaped(text.string)) }
    }

    /// `text` as `RuleText.quoted` shows it: escaped, in double quotes.
    mutating func appendQuoted(_ text: JSONStringView) {
        append("\"")
        appendEscaped(text)
        append("\"")
    }

    /// The text so far.
    var text: String { String(decoding: bytes, as: UTF8.self) }
}
