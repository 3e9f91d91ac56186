/// A growable buffer of trivial values without Array's per-append uniqueness check, for the reader's
/// node tape, which takes one append per value of the document: room is made by `reserve` (once per
/// member or element) and elements appended by `appendReserved`, which checks nothing.
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

    /// Makes room for `extra` more elements, for `appendReserved`. The reader reserves once per member
    /// or element (its name's node and its value's first), which spares a check per node in its loops.
    @inline(__always)
    mutating func reserve(_ extra: Int) {
        // `self = grown(…)` rather than a mutating `grow()`: the buffer's address does not escape to
        // the out-of-line call, which would keep a local buffer out of registers.
        if count &+ extra > capacity { self = grown(toHold: count &+ extra) }
    }

    /// Appends `element` in room made by `reserve` (which the caller must have made: nothing checks).
    @inline(__always)
    mutating func appendReserved(_ element: Element) {
        // Debug builds (the tests) check what release builds trust.
        assert(count < capacity, "appendReserved beyond the reserved room")
        (base + count).initialize(to: element)
        count &+= 1
    }

    /// The room for the next element (made by `reserve`), for a caller that writes it in place, field
    /// by field, and then counts it with `appendWritten`. Until then it is not part of the buffer.
    @inline(__always)
    var next: UnsafeMutablePointer<Element> { base + count }

    /// Counts the element written at `next`.
    @inline(__always)
    mutating func appendWritten() {
        assert(count < capacity, "appendWritten beyond the reserved room")
        count &+= 1
    }

    @inline(__always)
    subscript(index: Int) -> Element {
        get { base[index] }
        nonmutating set { base[index] = newValue }
    }

    /// A copy with room for at least `needed` elements (twice the capacity, or more if that is short).
    @inline(never)
    private func grown(toHold needed: Int) -> GrowableBuffer {
        let newCapacity = Swift.max(capacity * 2, needed)
        let bigger = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        bigger.moveInitialize(from: base, count: count)
        base.deallocate()
        return GrowableBuffer(base: bigger, count: count, capacity: newCapacity)
    }

    /// The elements as a buffer the caller now owns (and must deallocate).
    func take() -> UnsafeMutableBufferPointer<Element> {
        UnsafeMutableBufferPointer(start: base, count: count)
    }

    func deallocate() { base.deallocate() }
}
