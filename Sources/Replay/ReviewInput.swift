import Admission
import Glibc
import JSON

/// One review found in the inputs, or the reason it could not be read.
public struct ReviewInput: Sendable {
    /// `file`, or `file#N` for the N-th review (1-based) of an array or the review on line N of JSON Lines.
    public var source: String
    public var review: Result<AdmissionReview, ReplayInputError>
}

public struct ReplayInputError: Error, Sendable, Equatable, CustomStringConvertible {
    public let source: String
    public let reason: String
    public var description: String { "\(source): \(reason)" }
}

/// Turns the bytes of one input into reviews. Accepted forms (policy.md §6): one review per file; a JSON
/// array of reviews; JSON Lines; each review a v1 or v1beta1 envelope, a bare `request`, or a capture
/// record written by `tenantry serve --capture-dir` (an object whose `review` member is the envelope).
public enum ReviewDecoder {
    public static func reviews(in bytes: [UInt8], source: String) -> [ReviewInput] {
        var inputs: [ReviewInput] = []
        forEachReview(in: bytes, source: source) { inputs.append($0) }
        return inputs
    }

    /// The reviews of `reviews(in:source:)`, in the same order, handed to `body` one at a time as each is
    /// decoded, so that a caller that is done with a review (replay, after writing its verdict) frees it
    /// before the next: a JSON Lines corpus of 50,000 reviews then never holds more than one line's
    /// document, where collecting them all took 400 MB.
    public static func forEachReview(in bytes: [UInt8], source: String, _ body: (ReviewInput) -> Void) {
        let document: JSON
        do {
            document = try JSONReader.parse(bytes)
        } catch let wholeFileError {
            forEachLine(of: bytes, source: source, wholeFileError: wholeFileError, body)
            return
        }
        if case .array(let items) = document {
            for (i, item) in items.enumerated() { body(decode(item, source: "\(source)#\(i + 1)")) }
        } else {
            body(decode(document, source: source))
        }
    }

    /// Not one JSON document: JSON Lines, one review per non-blank line, if any line holds a whole
    /// non-empty object. Pretty-printers (kubectl, jq, Go's MarshalIndent) never put a non-empty object on
    /// one line, so a broken pretty-printed file is reported whole, while a JSON Lines file keeps every
    /// good line even when its first line is the broken one.
    ///
    /// Lines are parsed and decoded one at a time. Until a line shows the file is JSON Lines, what the
    /// lines gave is held back (it is dropped for the whole-file error if none does); from then on each
    /// review goes to `body` as soon as it is decoded.
    private static func forEachLine(of bytes: [UInt8], source: String, wholeFileError: JSONParseError, _ body: (ReviewInput) -> Void) {
        let wholeFile = ReviewInput(source: source, review: .failure(ReplayInputError(source: source, reason: "malformed JSON at \(wholeFileError)")))
        let lines = lineRanges(bytes)
        guard lines.count > 1 else { return body(wholeFile) }
        var heldBack: [ReviewInput] = []
        var hasRecord = false
        var parser = JSONLinesParser(source: source)
        bytes.withUnsafeBufferPointer { all in
            for (lineNumber, range) in lines {
                let lineSource = parser.source(line: lineNumber)
                let input: ReviewInput
                do throws(JSONParseError) {
                    let json = try parser.parse(UnsafeBufferPointer(rebasing: all[range]))
                    if !hasRecord, case .object(let object) = json, !object.isEmpty {
                        hasRecord = true
                        heldBack.forEach(body)
                        heldBack = []
                    }
                    input = decode(json, source: lineSource)
                } catch {
                    input = malformedLine(lineSource, error)
                }
                if hasRecord { body(input) } else { heldBack.append(input) }
            }
        }
        if !hasRecord { body(wholeFile) }
    }

    /// The reviews of the input `lines` reads, exactly as `forEachReview(in:source:_:)` gives them for
    /// its whole bytes, but streamed when the input is JSON Lines: a corpus is then never in memory
    /// whole, and each line is parsed while its bytes are still in the cache the read left them in.
    ///
    /// The input is JSON Lines, for certain, when its first non-blank line alone is a non-empty object
    /// and anything but whitespace follows that line: the whole input cannot then be one document (the
    /// reader would read that same object and find more after it), and that first line is already the
    /// record that makes every line count. Anything else (one review, an array, a pretty-printed or
    /// broken first line) is read to its end and judged whole, as before.
    ///
    /// A failure to read is thrown where it happens; the reviews before it have gone to `body`.
    static func forEachReview(reading lines: inout LineReader, source: String, _ body: (ReviewInput) -> Void) throws(InputFiles.Failure) {
        var parser = JSONLinesParser(source: source)
        while let line = try lines.next() {
            if isBlank(line) { continue }
            let number = lines.lineNumber
            guard let json = try? parser.parse(line), case .object(let object) = json, !object.isEmpty,
                  try lines.hasContentAhead() else { break }
            lines.discardConsumed()
            body(decode(json, source: parser.source(line: number)))
            while let line = try lines.next() {
                if isBlank(line) { continue }
                body(parser.input(line, number: lines.lineNumber))
            }
            return
        }
        forEachReview(in: try lines.rest(), source: source, body)
    }

    /// The failure for a line of JSON Lines that is not JSON.
    static func malformedLine(_ lineSource: String, _ error: JSONParseError) -> ReviewInput {
        ReviewInput(source: lineSource, review: .failure(ReplayInputError(source: lineSource, reason: "malformed JSON at \(error)")))
    }

    /// Blank: spaces, tabs and carriage returns only (a real line's first other byte settles it).
    static func isBlank(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        !line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D })
    }

    static func decode(_ json: JSON, source: String) -> ReviewInput {
        do {
            return ReviewInput(source: source, review: .success(try AdmissionReview(json: envelope(json))))
        } catch {
            return ReviewInput(source: source, review: .failure(ReplayInputError(source: source, reason: error.description)))
        }
    }

    /// A capture record's `review` member (a record has no `request`), else `json` itself.
    static func envelope(_ json: JSON) -> JSON {
        // As parsed: its names read in one pass over the tape, where each lookup by name scans them.
        guard let (document, top) = json.tapeNode else {
            if let captured = json["review"], json["request"] == nil { return captured }
            return json
        }
        var review: JSONTapeNode?
        var hasRequest = false
        document.forEachMember(of: top) { name, value in
            if isName(name, "review") { review = value }
            if isName(name, "request") { hasRequest = true }
        }
        guard let review, !hasRequest else { return json }
        return document.value(review)
    }

    private static func isName(_ name: UnsafeBufferPointer<UInt8>, _ text: StaticString) -> Bool {
        guard name.count == text.utf8CodeUnitCount, let base = name.baseAddress else { return false }
        return memcmp(base, text.utf8Start, name.count) == 0
    }

    /// The byte ranges of the non-blank lines, with their 1-based line numbers.
    static func lineRanges(_ bytes: [UInt8]) -> [(Int, Range<Int>)] {
        var out: [(Int, Range<Int>)] = []
        bytes.withUnsafeBufferPointer { all in
            guard let base = all.baseAddress else { return }
            var lineNumber = 1
            var start = 0
            while start <= all.count {
                // memchr finds the newline many bytes at a time; a corpus line is kilobytes long.
                let end = memchr(base + start, 0x0A, all.count - start).map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - base } ?? all.count
                // Blank lines (spaces, tabs, CR) are skipped; a real line's first byte settles it.
                if !isBlank(UnsafeBufferPointer(rebasing: all[start..<end])) { out.append((lineNumber, start..<end)) }
                lineNumber += 1
                start = end + 1
            }
        }
        return out
    }
}
