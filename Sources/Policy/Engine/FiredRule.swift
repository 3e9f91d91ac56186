/// One validation rule that fired, with the action the platform gave it.
public struct FiredRule: Sendable, Equatable {
    public var rule: RuleID
    public var action: RuleAction
    /// `[rule] Kind ns/name: detail; detail`
    ///
    /// A denying rule's message is part of the decision's denial message (`tenantry: ` and the denying
    /// rules' messages): it is kept as that part and made a `String` when read. The server never reads
    /// it (the denial is what it sends), so a denial costs one `String`, not one more per denying rule.
    public var message: String {
        get { text.string }
        set { text = .own(newValue) }
    }
    private var text: Text

    /// Where the message is.
    private enum Text: Sendable {
        case own(String)
        /// The UTF-8 bytes `range` of `whole`.
        case part(of: String, range: Range<Int>)
        /// The bytes `range` of a denial message still being written (see `init(rule:action:denialBytes:)`).
        case pending(Range<Int>)

        var string: String {
            switch self {
            case .own(let string): return string
            case .part(let whole, let range):
                let utf8 = whole.utf8
                let start = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
                let end = utf8.index(start, offsetBy: range.count)
                return String(decoding: utf8[start..<end], as: UTF8.self)
            case .pending: return ""  // never read: `Engine.decide` settles each before it returns
            }
        }
    }

    init(rule: RuleID, action: RuleAction, message: String) {
        self.rule = rule
        self.action = action
        text = .own(message)
    }

    /// A rule whose message is the bytes `range` of the denial message being written, made a part of it
    /// by `settle(denial:)` once it is a `String`.
    init(rule: RuleID, action: RuleAction, denialBytes range: Range<Int>) {
        self.rule = rule
        self.action = action
        text = .pending(range)
    }

    /// The bytes of the denial message left to `settle(denial:)`; nil once settled, and for a message of
    /// its own.
    var pendingRange: Range<Int>? {
        guard case .pending(let range) = text else { return nil }
        return range
    }

    /// Makes a message left pending by `init(rule:action:denialBytes:)` that part of `denial`, whose
    /// UTF-8 bytes must be those the range was measured in.
    mutating func settle(denial: String) {
        guard case .pending(let range) = text else { return }
        text = .part(of: denial, range: range)
    }

    public static func == (a: FiredRule, b: FiredRule) -> Bool {
        a.rule == b.rule && a.action == b.action && a.message == b.message
    }
}
