extension Array where Element == UInt8 {
    /// Appends the bytes of a literal with one copy: the response encoders write a dozen fixed pieces
    /// per response, and appending a `String`'s UTF-8 view goes through the generic sequence path.
    @inlinable
    package mutating func append(ascii text: StaticString) {
        append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }
}
