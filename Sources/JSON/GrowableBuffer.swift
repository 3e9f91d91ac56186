/// A growable buffer of trivial values without Array's per-append uniqueness check, for the reader's
/// node tape and key stack, which take one append per value of the document.
///
/// The owner must call `deallocate()` exactly once (or hand the storage on with `take()`); the reader
/// does so on every path out of `JSONReader.tape`.
struct GrowableBuffer<Element: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 4)
        base = .allocate(capacity: self.capacity)
    }

    @inline(__always)
    mutating func append(_ element: Element) {
        if count == capacity { grow() }
        (base + count).initialize(to: element)
        count += 1
    }

    @inline(__always)
    subscript(index: Int) -> Element {
        get { base[index] }
        nonmutating set { base[index] = newValue }
    }

    /// Drops the elements from `index` on.
    @inline(__always)
    mutating func truncate(to index: Int) { count = index }

    private mutating func grow() {
        let bigger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
        bigger.moveInitialize(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity *= 2
    }

    /// The elements as a buffer the caller now owns (and must deallocate).
    func take() -> UnsafeMutableBufferPointer<Element> {
        UnsafeMutableBufferPointer(start: base, count: count)
    }

    func deallocate() { base.deallocate() }
}
