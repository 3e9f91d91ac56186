extension String {
    /// Runs `body` on the string's UTF-8 bytes. Native Swift strings (all of tenantry's, which come
    /// from its JSON reader and policy compiler) are stored as contiguous UTF-8, so this is a pointer
    /// to the string's own storage (small strings are copied to the stack): the request path scans
    /// names, images and quantities through it instead of through `String.Index` arithmetic, which
    /// checks every step. The pointer is only valid inside `body`.
    ///
    /// Through `utf8.withContiguousStorageIfAvailable`, which reads those strings in place; `withUTF8`
    /// on a copy (kept for any string without contiguous UTF-8) cost a retain and a release more a
    /// call, three for each image checked against a tenant's registries.
    @inline(__always)
    func withUTF8Bytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws(Never) -> Result) -> Result {
        if let result = utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = self
        return copy.withUTF8(body)
    }
}

extension String {
    /// Whether the string's UTF-8 bytes begin with `prefix`'s: a byte comparison, as the API server
    /// makes (`hasPrefix` compares Characters, and costs more).
    func hasUTF8Prefix(_ prefix: String) -> Bool {
        withUTF8Bytes { bytes in
            prefix.withUTF8Bytes { wanted in
                guard bytes.count >= wanted.count else { return false }
                for i in 0..<wanted.count where bytes[i] != wanted[i] { return false }
                return true
            }
        }
    }
}
