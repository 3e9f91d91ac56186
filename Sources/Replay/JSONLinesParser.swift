import JSON

/// Parses the lines of one JSON Lines input, one at a time, and names each line's source (`file#N`).
///
/// Each line is copied into one array that is reused from line to line (the reader's tape keeps the
/// array it parsed), instead of a fresh array per line: when the previous line's review has been let
/// go, the array is unique again and refilled in place; while anything still holds it, copy-on-write
/// gives the next line fresh storage, so a review that is kept never sees its bytes change.
struct JSONLinesParser {
    private var storage: [UInt8] = []
    /// `file#`, made once per input.
    private let prefix: [UInt8]

    init(source: String) {
        prefix = Array(source.utf8) + [UInt8(ascii: "#")]
    }

    /// Parses `line` as `JSONReader.parse` parses an array of the same bytes.
    mutating func parse(_ line: UnsafeBufferPointer<UInt8>) throws(JSONParseError) -> JSON {
        storage.removeAll(keepingCapacity: true)
        storage.append(contentsOf: line)
        return try JSONReader.parse(storage)
    }

    /// `file#N`, written on the stack and made a `String` once (`prefix + String(N)` cost ~800
    /// instructions a line).
    func source(line number: Int) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 128) { scratch in
            var text = JSONOutput(startingIn: scratch)
            prefix.withUnsafeBufferPointer { text.append($0) }
            text.append(decimal: Int64(number))
            return text.withBytes(0..<text.count) { String(decoding: $0, as: UTF8.self) }
        }
    }

    /// The review on `line`, numbered `number`, or why it could not be read: the result
    /// `ReviewDecoder` reports for a line of JSON Lines.
    mutating func input(_ line: UnsafeBufferPointer<UInt8>, number: Int) -> ReviewInput {
        let lineSource = source(line: number)
        do {
            return ReviewDecoder.decode(try parse(line), source: lineSource)
        } catch {
            return ReviewDecoder.malformedLine(lineSource, error)
        }
    }
}
