import JSON

/// `pdb-drain`: a PodDisruptionBudget that never allows an eviction blocks every node drain, so the
/// platform cannot patch or replace nodes without overriding the tenant. `maxUnavailable: 0` (or `"0%"`)
/// and `minAvailable: "100%"` are such budgets; an integer `minAvailable` equal to the replica count is
/// too, but the budget alone does not tell the replica count, so that is left to the platform's
/// monitoring.
enum PDBDrainRule: ObjectRule {
    static let id = RuleID.pdbDrain

    static func check(_ context: ValidationContext, tenant: Tenant, object: ReviewedObject, into violations: inout ViolationList) {
        guard context.ruleResource == .podDisruptionBudgets, let spec = object.json["spec"] else { return }
        if let value = spec["maxUnavailable"], let amount = IntOrPercent(value), amount.number == 0 {
            violations.append(Violation(id, detail("maxUnavailable ", value, " blocks every node drain (allow at least 1)")))
        }
        if let value = spec["minAvailable"], let amount = IntOrPercent(value), amount.isPercent, amount.number >= 100 {
            violations.append(Violation(id, detail("minAvailable ", value, " blocks every node drain (require fewer than all pods)")))
        }
    }

    /// `field`, the value as written and `rest`, in one buffer (see `TextBuilder`) rather than joined.
    private static func detail(_ field: StaticString, _ value: JSON, _ rest: StaticString) -> String {
        TextBuilder.withStackBuffer { text in
            text.append(field)
            text.append(RuleText.describe(value))
            text.append(rest)
            return text.text
        }
    }
}

/// A Kubernetes IntOrString as PDBs use it: an integer, or digits followed by `%`. The API server
/// rejects other forms; here they read as nothing.
private struct IntOrPercent {
    var number: Int
    var isPercent: Bool

    init?(_ json: JSON) {
        switch json {
        case .number(let n):
            if let int = n.intValue {
                number = int
            } else if n.doubleValue == 0 {
                number = 0  // `0.0`, `0e0`
            } else {
                return nil
            }
            isPercent = false
        case .string(let s):
            var digits = s[...]
            isPercent = digits.last == "%"
            if isPercent { digits = digits.dropLast() }
            guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            // Long runs of digits saturate: only "is it zero" and "is it at least 100" matter.
            number = Int(digits) ?? Int.max
        default:
            return nil
        }
    }
}
