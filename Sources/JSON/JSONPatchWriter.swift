/// Writes a patch's wire form straight to bytes, exactly as `JSONWriter.write(patch.json)` would, but
/// without building the JSON tree of operations or the text of each pointer first: the mutating
/// response (which writes it straight into its own bytes and base64-encodes it there) and every
/// replayed review write one.
public enum JSONPatchWriter {
    public static func write(_ patch: JSONPatch, into out: inout [UInt8]) {
        JSONOutput.append(to: &out) { write(patch, into: &$0) }
    }

    public static func write(_ patch: JSONPatch, into out: inout JSONOutput) {
        out.append(UInt8(ascii: "["))
        if case .recorded(let recorded) = patch.storage {
            // Written already, by the same code as below, when each operation was recorded.
            recorded.text.withUnsafeBufferPointer { out.append($0) }
            out.append(UInt8(ascii: "]"))
            return
        }
        let operations = patch.operations
        for i in operations.indices {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            write(operations[i], into: &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    public static func bytes(_ patch: JSONPatch) -> [UInt8] {
        JSONOutput.bytes { write(patch, into: &$0) }
    }

    /// Members in the order `JSONPatchOperation.json` gives them: `op`, `from`, `path`, `value`. Each
    /// operation's fixed text up to its first pointer is one constant: appending it in one piece costs
    /// one copy where writing the name as a string and each member's key separately cost five.
    private static func write(_ operation: JSONPatchOperation, into out: inout JSONOutput) {
        switch operation {
        case .add(let path, let value):
            out.append(ascii: #"{"op":"add","path":"#)
            writePointerAndValue(path, value, &out)
        case .replace(let path, let value):
            out.append(ascii: #"{"op":"replace","path":"#)
            writePointerAndValue(path, value, &out)
        case .test(let path, let value):
            out.append(ascii: #"{"op":"test","path":"#)
            writePointerAndValue(path, value, &out)
        case .remove(let path):
            out.append(ascii: #"{"op":"remove","path":"#)
            writePointer(path, into: &out)
        case .move(let from, let path):
            out.append(ascii: #"{"op":"move","from":"#)
            writePointer(from, into: &out)
            out.append(ascii: #","path":"#)
            writePointer(path, into: &out)
        case .copy(let from, let path):
            out.append(ascii: #"{"op":"copy","from":"#)
            writePointer(from, into: &out)
            out.append(ascii: #","path":"#)
            writePointer(path, into: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    private static func writePointerAndValue(_ pointer: JSONPointer, _ value: JSON, _ out: inout JSONOutput) {
        writePointer(pointer, into: &out)
        out.append(ascii: #","value":"#)
        JSONWriter.write(value, into: &out)
    }

    /// The pointer as a JSON string. Tokens that need neither pointer escaping (`~`, `/`) nor JSON
    /// escaping (quote, backslash, control characters) are copied as they are, which is every token
    /// tenantry writes; anything else goes through `description` and `JSONWriter`, which define the form.
    static func writePointer(_ pointer: JSONPointer, into out: inout JSONOutput) {
        writePointer(pointer, member: nil, into: &out)
    }

    /// The same for `pointer` with `member` appended, when there is one (without making that pointer
    /// unless a token needs escaping).
    static func writePointer(_ pointer: JSONPointer, member: String?, into out: inout JSONOutput) {
        let start = out.count
        out.append(UInt8(ascii: "\""))
        for token in pointer.tokens {
            guard appendPlain(token, into: &out) else {
                out.truncate(to: start)
                JSONWriter.writeString((member.map { pointer.appending($0) } ?? pointer).description, into: &out)
                return
            }
        }
        if let member, !appendPlain(member, into: &out) {
            out.truncate(to: start)
            JSONWriter.writeString(pointer.appending(member).description, into: &out)
            return
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Appends `/` and `token` when no byte of it needs escaping; false, having appended something or
    /// nothing, when one does.
    @inline(__always)
    private static func appendPlain(_ token: String, into out: inout JSONOutput) -> Bool {
        // The bytes in place (no copy of the string, so no retain and release per token); a string
        // without contiguous UTF-8 takes the general path, which writes the same text.
        let copied = token.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            let count = bytes.count
            guard let base = bytes.baseAddress, count > 0 else {
                out.append(UInt8(ascii: "/"))
                return true
            }
            guard count < 8 else {
                guard isPlainToken(bytes) else { return false }
                out.append(UInt8(ascii: "/"))
                out.append(bytes)
                return true
            }
            // Most tokens are short: their bytes as one word (byte i in bits 8i up), zeros above them.
            // The zeros count as special (control characters), but a borrow only runs upward, so none
            // of them sets a bit of a real byte, whose bits alone are kept.
            var word: UInt64 = 0
            for i in 0..<count { word |= UInt64(base[i]) &<< UInt64(8 &* i) }
            guard specialBytes(word) & (UInt64.max &>> UInt64(64 &- 8 &* count)) == 0 else { return false }
            // `/` and the word in one write of nine bytes' room; the zeros after the token are left
            // past the end, for whatever comes next to overwrite.
            out.write(upTo: 9) { target in
                target.pointee = UInt8(ascii: "/")
                UnsafeMutableRawPointer(target + 1).storeBytes(of: word.littleEndian, as: UInt64.self)
                return count + 1
            }
            return true
        }
        return copied == true
    }

    /// Whether no byte of `token`, of eight bytes or more, needs pointer or JSON escaping: eight bytes at
    /// a time (JSONWriter's escape mask, plus `~` and `/`), then one word ending at the end. (Shorter
    /// tokens are checked in `appendPlain`; here they answer false, which sends them the general way,
    /// to the same text.)
    private static func isPlainToken(_ token: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = token.baseAddress, token.count >= 8 else { return false }
        var p = 0
        while p + 8 <= token.count {
            if specialBytes(UnsafeRawPointer(base + p).loadUnaligned(as: UInt64.self)) != 0 { return false }
            p += 8
        }
        return p == token.count || specialBytes(UnsafeRawPointer(base + token.count - 8).loadUnaligned(as: UInt64.self)) == 0
    }

    /// Nonzero exactly when a byte of `word` needs escaping: a borrow that could set a bit for another
    /// byte starts only at a byte that does.
    @inline(__always)
    private static func specialBytes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        func zeroBytes(_ v: UInt64) -> UInt64 { (v &- ones) & ~v & high }
        return JSONWriter.escapeBytes(word) | zeroBytes(word ^ (ones &* 0x7E)) | zeroBytes(word ^ (ones &* 0x2F))
    }
}
