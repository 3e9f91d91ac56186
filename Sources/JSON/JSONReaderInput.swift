/// The document the reader is reading, as a base pointer and a length, and how errors are reported
/// against it.
///
/// A plain pointer rather than an `UnsafeBufferPointer` or the array: the reader checks offsets
/// against `count` itself, and the hot loops then compile to loads with no further checks. Passed by
/// value (two registers) to the scanning helpers.
///
/// `count` bytes at `base` are followed by `padding` zero bytes (the reader reads its own copy of
/// the document), so the hot loops read 16-byte blocks and two-byte words past a position they know
/// to be at most `count` without testing it first: a zero is no byte any of them looks for (a quote,
/// a separator, a byte above a space), and every block scan stops at it as at a control character.
struct JSONReaderInput {
    let base: UnsafePointer<UInt8>
    let count: Int

    /// Zero bytes after the document: one 16-byte block read at `count`.
    static let padding = 16

    @inline(__always)
    subscript(offset: Int) -> UInt8 { base[offset] }

    /// An error at `offset`, with its 1-based line and column (in bytes). Cold: only built on failure,
    /// so the line count is a walk from the start.
    @inline(never)
    func error(_ reason: String, at offset: Int) -> JSONParseError {
        let offset = Swift.min(Swift.max(offset, 0), count)
        var line = 1
        var lineStart = 0
        for i in 0..<offset where base[i] == 0x0A {
            line += 1
            lineStart = i + 1
        }
        return JSONParseError(offset: offset, line: line, column: offset - lineStart + 1, reason: reason)
    }

    /// Throws the error for `reason` at `offset`.
    ///
    /// The reader's functions fail through these rather than `throw error(...)`: they throw untyped
    /// errors, which travel in a register, and build nothing in their own frames, where each typed error
    /// (and each message) needs a slot of its own; that made each level of nesting several times the
    /// stack of the first recursive reader.
    @inline(never)
    func fail(_ reason: String, at offset: Int) throws -> Never {
        throw error(reason, at: offset)
    }

    @inline(never)
    func fail(tooDeep maxDepth: Int, at offset: Int) throws -> Never {
        throw error("nesting exceeds the maximum depth of \(maxDepth)", at: offset)
    }

    /// Throws "unexpected <byte>: <expectation>".
    @inline(never)
    func fail(unexpected byte: UInt8, _ expectation: StaticString, at offset: Int) throws -> Never {
        throw error("unexpected \(describe(byte)): \(expectation)", at: offset)
    }

    /// A byte as error messages show it: the character in quotes when printable ASCII, else its value.
    func describe(_ byte: UInt8) -> String {
        switch byte {
        case 0x21...0x7E: return "\"\(Character(Unicode.Scalar(byte)))\""
        default: return "byte 0x\(hex(UInt32(byte)))"
        }
    }

    func describeRaw(_ byte: UInt8) -> String {
        (0x21...0x7E).contains(byte) ? String(Character(Unicode.Scalar(byte))) : "0x\(hex(UInt32(byte)))"
    }

    func hex(_ value: UInt32) -> String {
        let s = String(value, radix: 16, uppercase: true)
        return s.count >= 4 || value > 0xFF ? s : String(repeating: "0", count: (value > 0xFF ? 4 : 2) - s.count) + s
    }
}
