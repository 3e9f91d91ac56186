/// A growable buffer of trivial values without Array's per-append uniqueness check, for the reader's
/// node tape, which takes one append per value of the document.
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
        // `self = grown()` rather than a mutating `grow()`: the buffer's address does not escape to
        // the out-of-line call, which would keep a local buffer out of registers.
        if count == capacity { self = grown() }
        (base + count).initialize(to: element)
        count &+= 1
    }

    @inline(__always)
    subscript(index: Int) -> Element {
        get { base[index] }
        nonmutating set { base[index] = newValue }
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
