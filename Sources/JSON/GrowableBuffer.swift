/// A growable buffer of trivial values without Array's per-append uniqueness check, for the reader's
/// node tape and its stacks, which take one append per value of the document.
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

    private init(base: UnsafeMutablePointer<Element>, count: Int, capacity: Int) {
        self.base = base
        self.count = count
        self.capacity = capacity
    }

    @inline(__always)
    mutating func append(_ element: Element) {
        // `self = grown()` rather than a mutating `grow()`: the buffer's address never escapes to the
        // out-of-line call, so a local buffer stays in registers in the reader's loop.
        if count == capacity { self = grown() }
        (base + count).initialize(to: element)
        count &+= 1
    }

    @inline(__always)
    subscript(index: Int) -> Element {
        get { base[index] }
        nonmutating set { base[index] = newValue }
    }

    /// The last element; the buffer must not be empty.
    @inline(__always)
    var last: Element { base[count &- 1] }

    /// Drops the elements from `index` on.
    @inline(__always)
    mutating func truncate(to index: Int) { count = index }

    /// Drops the last element and returns it; the buffer must not be empty.
    @inline(__always)
    mutating func removeLast() -> Element {
        count &-= 1
        return base[count]
    }

    @inline(never)
    private func grown() -> GrowableBuffer {
        let bigger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
        bigger.moveInitialize(from: base, count: count)
        base.deallocate()
        return GrowableBuffer(base: bigger, count: count, capacity: capacity * 2)
    }

    /// The elements as a buffer the caller now owns (and must deallocate).
    func take() -> UnsafeMutableBufferPointer<Element> {
        UnsafeMutableBufferPointer(start: base, count: count)
    }

    func deallocate() { base.deallocate() }
}
