/// A buffer of trivial values allocated once, for as many elements as its owner can prove it will
/// append, which then appends without a check or Array's per-append uniqueness test: the reader's node
/// tape, one append per value of the document, sized from the input's length (see `JSONReader`'s
/// `Parser.run`).
///
/// The owner must call `deallocate()` exactly once (or hand the storage on with `take()`); the reader
/// does so on every path out of `JSONReader.tape`.
struct BoundedBuffer<Element: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    /// Only for the debug builds' checks: release builds trust the owner's bound.
    private let capacity: Int

    init(capacity: Int) {
        self.init(capacity: capacity, trailingBytes: 0)
    }

    /// With `trailingBytes` more bytes after the room for `capacity` elements, in the same allocation
    /// (at `trailing`), for the owner's own use: the reader keeps its padded copy of the input there.
    init(capacity: Int, trailingBytes: Int) {
        self.capacity = max(capacity, 4)
        let stride = MemoryLayout<Element>.stride
        base = .allocate(capacity: self.capacity &+ (trailingBytes &+ stride &- 1) / stride)
    }

    /// The bytes after the room for `capacity` elements (see `init(capacity:trailingBytes:)`).
    var trailing: UnsafeMutableRawPointer { UnsafeMutableRawPointer(base + capacity) }

    /// Appends `element` within the bound (which the owner must have proved: nothing checks).
    @inline(__always)
    mutating func appendReserved(_ element: Element) {
        // Debug builds (the tests) check what release builds trust.
        assert(count < capacity, "appendReserved beyond the buffer's bound")
        (base + count).initialize(to: element)
        count &+= 1
    }

    /// The room for the next element, for a caller that writes it in place, field by field, and then
    /// counts it with `appendWritten`. Until then it is not part of the buffer.
    @inline(__always)
    var next: UnsafeMutablePointer<Element> {
        assert(count < capacity, "next beyond the buffer's bound")
        return base + count
    }

    /// Counts the element written at `next`.
    @inline(__always)
    mutating func appendWritten() {
        assert(count < capacity, "appendWritten beyond the buffer's bound")
        count &+= 1
    }

    @inline(__always)
    subscript(index: Int) -> Element {
        get { base[index] }
        nonmutating set { base[index] = newValue }
    }

    /// The elements as a buffer the caller now owns (and must deallocate).
    func take() -> UnsafeMutableBufferPointer<Element> {
        UnsafeMutableBufferPointer(start: base, count: count)
    }

    func deallocate() { base.deallocate() }
}
