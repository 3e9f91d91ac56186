/// A patch as `JSONPatchBuilder` records it: each operation's wire text, written when it was recorded,
/// and beside it what reads of the document as patched need, the path each writes.
///
/// The mutating endpoint sends the patch's text and nothing else, so the text is what is kept: the
/// encoder copies it into the response (`JSONPatchWriter`), where the operations as values (an
/// object of members per map written, a pointer per path) cost more to build, write and tear down
/// than the mutations spent deciding them. They are built from the text only when asked for
/// (`operations`: tests, and replay applying the patch to an object its effects do not describe).
struct RecordedPatch: Sendable {
    /// What one operation writes.
    struct Write: Sendable {
        /// `add`; else `replace`.
        let adds: Bool
        /// The path written, or with `member` the path of the object whose member that is: adding a
        /// member to a map is the common write, and its pointer would be a new array of tokens.
        let parent: JSONPointer
        let member: String?
        /// The value, when it was given as one (kept, not parsed back); nil when it was only written.
        let value: JSON?
        /// Where the value's text lies in `text`.
        let valueStart: Int
        let valueEnd: Int
    }

    /// The operations' wire text, separated by commas, without the brackets of the array.
    private(set) var text: [UInt8] = []
    private(set) var writes: [Write] = []

    /// Records one operation: `{"op":"add"` (or `replace`) `,"path":` the pointer `,"value":` what
    /// `writeValue` writes `}`, exactly as `JSONPatchWriter` writes the operation.
    mutating func record(
        adds: Bool, at path: JSONPointer, member: String? = nil, value: JSON?, _ writeValue: (inout JSONOutput) -> Void
    ) {
        let first = writes.isEmpty
        // Room for a few at the first: mutations that change anything usually record one to four
        // operations, and growing one at a time reallocated (and copied) the arrays for each.
        if first {
            writes.reserveCapacity(4)
            text.reserveCapacity(512)
        }
        let base = text.count
        var valueStart = 0
        var valueEnd = 0
        JSONOutput.append(to: &text) { out in
            if !first { out.append(UInt8(ascii: ",")) }
            if adds { out.append(ascii: #"{"op":"add","path":"#) } else { out.append(ascii: #"{"op":"replace","path":"#) }
            JSONPatchWriter.writePointer(path, member: member, into: &out)
            out.append(ascii: #","value":"#)
            valueStart = out.count
            writeValue(&out)
            valueEnd = out.count
            out.append(UInt8(ascii: "}"))
        }
        writes.append(Write(adds: adds, parent: path, member: member, value: value, valueStart: base + valueStart, valueEnd: base + valueEnd))
    }

    /// Whether a write passes `test`, and the index of the last that does (reads take the last write
    /// at or above a path): each looked at where it lies, where taking one out of the array copied its
    /// pointer, key and value first.
    func lastWrite(where test: (_ parent: JSONPointer, _ member: String?) -> Bool) -> Int? {
        writes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return nil }
            var index = buffer.count
            while index > 0 {
                index -= 1
                if test(base[index].parent, base[index].member) { return index }
            }
            return nil
        }
    }

    /// The value the write at `index` writes: as given, or read back from its text.
    func value(of index: Int) -> JSON {
        if let value = writes[index].value { return value }
        let start = writes[index].valueStart
        let end = writes[index].valueEnd
        // The builder wrote it with `JSONWriter` (or a writer held to the same contract: one value, no
        // repeated names), so it parses; `null` stands in should a caller's writer have broken that.
        let bytes = text.withUnsafeBufferPointer { [UInt8](UnsafeBufferPointer(rebasing: $0[start..<end])) }
        guard let value = try? JSONReader.parse(bytes) else {
            // A broken writer is the engine's bug: stop the tests on it; a release build keeps serving.
            assertionFailure("a recorded patch value does not parse: \(String(decoding: bytes, as: UTF8.self))")
            return .null
        }
        return value
    }

    /// The operations as values.
    var operations: [JSONPatchOperation] {
        var operations: [JSONPatchOperation] = []
        operations.reserveCapacity(writes.count)
        for index in writes.indices {
            let value = value(of: index)
            let path = writes[index].path
            operations.append(writes[index].adds ? .add(path: path, value: value) : .replace(path: path, value: value))
        }
        return operations
    }
}

extension RecordedPatch.Write {
    /// The path written, as a pointer (made when the write is of a member).
    var path: JSONPointer {
        guard let member else { return parent }
        return parent.appending(member)
    }

    /// The number of tokens of the path written.
    var depth: Int { parent.tokens.count + (member == nil ? 0 : 1) }

    // The tests below take a write's path as its parts (see `RecordedPatch.lastWrite`).

    /// Whether the path written (`parent`, and `member` when there is one) names `path` or a value
    /// containing it.
    static func isPrefix(_ parent: JSONPointer, _ member: String?, of path: JSONPointer) -> Bool {
        guard let member else { return parent.isPrefix(of: path) }
        let count = parent.tokens.count
        return path.tokens.count > count && path.tokens[count].sameBytes(as: member) && parent.isPrefix(of: path)
    }

    /// Whether the path written names a value strictly inside the one `path` names.
    static func isProperDescendant(_ parent: JSONPointer, _ member: String?, of path: JSONPointer) -> Bool {
        guard member != nil else { return parent.isProperDescendant(of: path) }
        // Strictly above the member written: `path` is its parent or above it.
        return path.isPrefix(of: parent)
    }

    /// Whether the path written is member `key` of the object at `path` itself.
    static func writes(_ parent: JSONPointer, _ member: String?, member key: String, of path: JSONPointer) -> Bool {
        guard let member else {
            return parent.tokens.count == path.tokens.count + 1 && parent.tokens[path.tokens.count].sameBytes(as: key)
                && path.isPrefix(of: parent)
        }
        return parent.tokens.count == path.tokens.count && member.sameBytes(as: key) && path.isPrefix(of: parent)
    }
}
