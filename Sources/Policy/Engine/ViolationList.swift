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
    /// The violations, `count` of them, in room for `capacity`: on the stack with `withStackBuffer`
    /// until they outgrow it (an array cost an allocation and its release on every denied request).
    private var entries: UnsafeMutablePointer<Entry>
    private(set) var count = 0
    private var capacity: Int
    /// False while `entries` is the caller's memory, which is not freed here.
    private var ownsEntries: Bool

    private struct Entry {
        var rule: RuleID
        /// The detail's bytes in `details`.
        var range: Range<Int>
    }

    /// An empty list in memory of its own (tests, and callers without a stack buffer).
    init() {
        details = TextBuilder(capacity: 64)
        capacity = 4
        entries = .allocate(capacity: capacity)
        ownsEntries = true
    }

    /// The list of `violations`, in their order.
    init(_ violations: [Violation]) {
        self.init()
        for violation in violations { append(violation) }
    }

    @inline(__always)
    private init(lending buffer: UnsafeMutableBufferPointer<UInt8>, entries room: UnsafeMutableBufferPointer<Entry>) {
        details = TextBuilder(lending: buffer)
        if let base = room.baseAddress, room.count > 0 {
            entries = base
            capacity = room.count
            ownsEntries = false
        } else {
            capacity = 4
            entries = .allocate(capacity: capacity)
            ownsEntries = true
        }
    }

    deinit {
        if ownsEntries { entries.deallocate() }
    }

    /// Runs `body` with an empty list whose first `capacity` bytes of details and first eight
    /// violations are on the stack (the list cannot outlive the call).
    @inline(__always)
    static func withStackBuffer<Result>(capacity: Int = 512, _ body: (inout ViolationList) -> Result) -> Result {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
            withUnsafeTemporaryAllocation(of: Entry.self, capacity: 8) { room in
                var list = ViolationList(lending: buffer, entries: room)
                return body(&list)
            }
        }
    }

    var isEmpty: Bool { count == 0 }

    /// A violation of `rule` whose detail `write` writes (and nothing else).
    mutating func append(_ rule: RuleID, writing write: (inout TextBuilder) -> Void) {
        let start = details.count
        write(&details)
        record(Entry(rule: rule, range: start..<details.count))
    }

    /// A violation whose detail is already a `String`.
    mutating func append(_ violation: Violation) {
        let start = details.count
        details.append(violation.detail)
        record(Entry(rule: violation.rule, range: start..<details.count))
    }

    /// Out of line: inlined into every rule's reporting, it made the rules' own code dearer.
    @inline(never)
    private mutating func record(_ entry: Entry) {
        if count == capacity { grow() }
        entries[count] = entry
        count += 1
    }

    /// Moves the violations into memory of their own, twice as large (at least four).
    @inline(never)
    private mutating func grow() {
        let bigger = Swift.max(capacity * 2, 4)
        let fresh = UnsafeMutablePointer<Entry>.allocate(capacity: bigger)
        fresh.initialize(from: entries, count: count)
        if ownsEntries { entries.deallocate() }
        entries = fresh
        capacity = bigger
        ownsEntries = true
    }

    /// The entry of violation `index`. Indices come from `0..<count` in this module's loops, never
    /// from input; one outside it stops the program, as an array's subscript would.
    private func entry(_ index: Int) -> Entry {
        precondition(index >= 0 && index < count, "no such violation")
        return entries[index]
    }

    /// The rule of violation `index` (`0..<count`).
    func rule(at index: Int) -> RuleID { entry(index).rule }

    /// Calls `body` with the UTF-8 bytes of violation `index`'s detail.
    func withDetail<Result>(at index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        details.withBytes(entry(index).range, body)
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
        let start = Swift.max(start, 0)
        guard start < count, !other.isEmpty else { return }
        var kept = start
        for index in start..<count where !(0..<other.count).contains(where: { isSame(index, as: $0, of: other) }) {
            entries[kept] = entries[index]
            kept += 1
        }
        count = kept
    }

    /// The violations as values (tests, and callers that keep them).
    var violations: [Violation] {
        (0..<count).map { index in Violation(rule(at: index), withDetail(at: index) { String(decoding: $0, as: UTF8.self) }) }
    }
}
