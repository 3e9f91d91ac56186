/// The violations one validation found, in the order the rules found them: each one's rule, and its
/// detail as UTF-8 bytes, all details back to back in one buffer.
///
/// Why not `[Violation]`: each detail was written into a buffer, made a `String` (an allocation and a
/// check of its bytes), copied into the denial message and released again: ~600 instructions a
/// violation, on every denied request. Here a rule writes its detail straight into the list's buffer
/// (`append(_:writing:)`), which starts on the engine's stack, and the denial message is written from
/// those bytes. Noncopyable, so the buffer has exactly one owner, which frees it.
struct ViolationList: ~Copyable {
    /// Every detail's bytes, in the order the violations were found.
    private var details: TextBuilder
    private var entries: [Entry] = []

    private struct Entry {
        var rule: RuleID
        /// The detail's bytes in `details`.
        var range: Range<Int>
    }

    /// An empty list whose details go to the heap (tests, and callers without a stack buffer).
    init() {
        details = TextBuilder(capacity: 64)
    }

    /// The list of `violations`, in their order.
    init(_ violations: [Violation]) {
        self.init()
        for violation in violations { append(violation) }
    }

    private init(lending buffer: UnsafeMutableBufferPointer<UInt8>) {
        details = TextBuilder(lending: buffer)
    }

    /// Runs `body` with an empty list whose first `capacity` bytes of details are on the stack (the
    /// list cannot outlive the call).
    @inline(__always)
    static func withStackBuffer<Result>(capacity: Int = 512, _ body: (inout ViolationList) -> Result) -> Result {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
            var list = ViolationList(lending: buffer)
            return body(&list)
        }
    }

    var isEmpty: Bool { entries.isEmpty }
    var count: Int { entries.count }

    /// A violation of `rule` whose detail `write` writes (and nothing else).
    mutating func append(_ rule: RuleID, writing write: (inout TextBuilder) -> Void) {
        let start = details.count
        write(&details)
        record(rule, start..<details.count)
    }

    /// A violation whose detail is already a `String`.
    mutating func append(_ violation: Violation) {
        let start = details.count
        details.append(violation.detail)
        record(violation.rule, start..<details.count)
    }

    private mutating func record(_ rule: RuleID, _ range: Range<Int>) {
        // Taken out while it grows: an access held open across the growth would be checked at run time.
        var all = entries
        entries = []
        // A rule that finds one violation often finds more (cpu and memory, every container).
        if all.isEmpty { all.reserveCapacity(4) }
        all.append(Entry(rule: rule, range: range))
        entries = all
    }

    /// The rule of violation `index` (`0..<count`).
    func rule(at index: Int) -> RuleID { entries[index].rule }

    /// Calls `body` with the UTF-8 bytes of violation `index`'s detail.
    func withDetail<Result>(at index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        details.withBytes(entries[index].range, body)
    }

    /// Whether violation `index` has the rule and detail of violation `other` of `list`.
    func isSame(_ index: Int, as other: Int, of list: borrowing ViolationList) -> Bool {
        guard rule(at: index) == list.rule(at: other) else { return false }
        return withDetail(at: index) { mine in
            list.withDetail(at: other) { theirs in
                mine.count == theirs.count && (mine.isEmpty || mine.elementsEqual(theirs))
            }
        }
    }

    /// Drops the violations from `start` on that `other` has too (the same rule and detail); the
    /// details' bytes stay where they are, unread.
    mutating func removeViolations(from start: Int, foundIn other: borrowing ViolationList) {
        let start = max(start, 0)
        guard start < count, !other.isEmpty else { return }
        var kept = Array(entries[..<start])
        for index in start..<count where !(0..<other.count).contains(where: { isSame(index, as: $0, of: other) }) {
            kept.append(entries[index])
        }
        entries = kept
    }

    /// The violations as values (tests, and callers that keep them).
    var violations: [Violation] {
        (0..<count).map { index in Violation(rule(at: index), withDetail(at: index) { String(decoding: $0, as: UTF8.self) }) }
    }
}
