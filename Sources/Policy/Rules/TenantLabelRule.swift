import JSON

/// `tenant-label`: an object in tenant T's namespace may not claim to be another tenant's. Controllers,
/// network policies and cost reports select on this label, so a wrong value would let one tenant's
/// object pass as another's. A missing label is the `tenant-label` mutation's to add, not a violation.
enum TenantLabelRule: ObjectRule {
    static let id = RuleID.tenantLabel

    static func check(_ context: ValidationContext, tenant: Tenant, object: ReviewedObject, into violations: inout ViolationList) {
        let key = context.platform.tenantLabel
        // Read in place: on the allow path (the label absent, or the tenant's own) nothing is built.
        guard let value = object.label(key), !value.isNull,
            value.stringValue?.equalsString(tenant.name) != true
        else { return }
        // Written into one buffer (see `TextBuilder`): a chain of `+` copied the text once per piece.
        violations.append(id) { text in
            text.append("label ")
            text.appendQuoted(JSONStringView(key))
            text.append(" is ")
            text.append(RuleText.describe(value.value))
            text.append(" but the object is in tenant ")
            text.append(tenant.name)
            text.append("'s namespace (must be ")
            text.appendQuoted(JSONStringView(tenant.name))
            text.append(" or absent)")
        }
    }
}
