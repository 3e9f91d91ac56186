/// `Platform.enforcement` as `action(for:)` reads it: two bits per rule at the rule's position in
/// `RuleID.allCases`, so a fired rule's action is a shift and a mask. A lookup in the dictionary hashed
/// the rule's raw `String` (~400 instructions per fired rule), and an array here would add a reference
/// to every copy of `Platform`.
struct RuleActions: Sendable, Equatable {
    private let bits: UInt64

    init(_ enforcement: [RuleID: RuleAction]) {
        var bits: UInt64 = 0
        for (rule, action) in enforcement { bits |= UInt64(action.code) &<< (2 &* UInt64(rule.ordinal)) }
        self.bits = bits
    }

    subscript(rule: RuleID) -> RuleAction {
        RuleAction(code: UInt8(truncatingIfNeeded: bits &>> (2 &* UInt64(rule.ordinal))) & 3)
    }
}

extension RuleAction {
    /// Two bits; 0, the code of a rule absent from `enforcement`, is `deny`, the default.
    fileprivate var code: UInt8 {
        switch self {
        case .deny: return 0
        case .warn: return 1
        case .audit: return 2
        }
    }

    fileprivate init(code: UInt8) {
        switch code {
        case 1: self = .warn
        case 2: self = .audit
        default: self = .deny
        }
    }
}

extension RuleID {
    /// The rule's position in `allCases` (a test holds the two to each other). A switch, so that a new
    /// rule must be given its place here before the module builds; `RuleActions` has room for 32.
    var ordinal: Int {
        switch self {
        case .clusterScope: return 0
        case .namespaceOwnership: return 1
        case .crossTenant: return 2
        case .platformOwned: return 3
        case .rbacEscalation: return 4
        case .tenantLabel: return 5
        case .priorityClass: return 6
        case .containerLimits: return 7
        case .quotaFit: return 8
        case .nodeIsolation: return 9
        case .imageRegistry: return 10
        case .serviceType: return 11
        case .podSecurity: return 12
        case .storageClass: return 13
        case .secretStoreScope: return 14
        case .pdbDrain: return 15
        }
    }
}
