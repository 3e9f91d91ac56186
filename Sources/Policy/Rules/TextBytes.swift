/// Copying a string's UTF-8 into a buffer, for building text in one allocation (`RuleText.join`).
enum TextBytes {
    /// Copies `text`'s UTF-8 to the start of `buffer`, as much as fits; returns the count copied.
    @inline(__always)
    static func copy(_ text: String, into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int {
        if let count = text.utf8.withContiguousStorageIfAvailable({ copy($0, into: buffer) }) { return count }
        var text = text
        return text.withUTF8 { copy($0, into: buffer) }
    }

    @inline(__always)
    private static func copy(_ utf8: UnsafeBufferPointer<UInt8>, into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int {
        let count = min(utf8.count, buffer.count)
        guard count > 0, let source = utf8.baseAddress, let target = buffer.baseAddress else { return 0 }
        target.update(from: source, count: count)
        return count
    }
}
