/// Strings of a `JSONTapeDocument` read where they lie, for decoders that keep a field's text without
/// building a `String` until someone asks for one (`UserInfo`'s name and groups: the engine only
/// compares their bytes).
extension JSONTapeDocument {
    /// Whether the value is a string.
    @inlinable public func isString(_ node: JSONTapeNode) -> Bool { kind(node) == .string }

    /// Calls `body` with the string's UTF-8 bytes (escapes decoded), in place when it has none; nil,
    /// without calling it, when the value is not a string. The pointer is valid only inside `body`.
    @inlinable
    public func withStringBytes<Result>(_ node: JSONTapeNode, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result? {
        let found = at(node)
        guard found.kind == .string else { return nil }
        if found.escaped {
            // The bytes of the `String` that `string(_:)` gives, so the two never disagree.
            var decoded = tape.string(found)
            return decoded.withUTF8(body)
        }
        return tape.bytes.withUnsafeBufferPointer { all in
            body(UnsafeBufferPointer(rebasing: all[Int(found.start)..<Int(found.start) &+ Int(found.length)]))
        }
    }
}
