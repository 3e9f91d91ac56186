import Admission
import JSON

/// Writes a patch's wire form straight to bytes, exactly as `JSONWriter.write(patch.json)` would, but
/// without building the JSON tree of operations or the text of each pointer first: the mutating
/// response and every replayed review write one.
public enum PatchWriter {
    public static func write(_ patch: JSONPatch, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (i, operation) in patch.operations.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            write(operation, into: &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    public static func bytes(_ patch: JSONPatch) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(patch, into: &out)
        return out
    }

    /// Members in the order `JSONPatchOperation.json` gives them: `op`, `from`, `path`, `value`.
    private static func write(_ operation: JSONPatchOperation, into out: inout [UInt8]) {
        out.append(ascii: #"{"op":"#)
        JSONWriter.writeString(operation.name, into: &out)
        switch operation {
        case .add(let path, let value), .replace(let path, let value), .test(let path, let value):
            member("path", path, &out)
            out.append(ascii: #","value":"#)
            JSONWriter.write(value, into: &out)
        case .remove(let path):
            member("path", path, &out)
        case .move(let from, let path), .copy(let from, let path):
            member("from", from, &out)
            member("path", path, &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    private static func member(_ key: StaticString, _ pointer: JSONPointer, _ out: inout [UInt8]) {
        out.append(ascii: #",""#)
        out.append(ascii: key)
        out.append(ascii: #"":"#)
        writePointer(pointer, into: &out)
    }

    /// The pointer as a JSON string. Tokens that need neither pointer escaping (`~`, `/`) nor JSON
    /// escaping (quote, backslash, control characters) are copied as they are, which is every token
    /// tenantry writes; anything else goes through `description` and `JSONWriter`, which define the form.
    static func writePointer(_ pointer: JSONPointer, into out: inout [UInt8]) {
        let start = out.count
        out.append(UInt8(ascii: "\""))
        for token in pointer.tokens {
            out.append(UInt8(ascii: "/"))
            let copied = token.withUTF8Bytes { bytes -> Bool in
                guard bytes.allSatisfy(isPlain) else { return false }
                out.append(contentsOf: bytes)
                return true
            }
            guard copied else {
                out.removeSubrange(start...)
                JSONWriter.writeString(pointer.description, into: &out)
                return
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func isPlain(_ byte: UInt8) -> Bool {
        byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") && byte != UInt8(ascii: "~")
            && byte != UInt8(ascii: "/")
    }
}
