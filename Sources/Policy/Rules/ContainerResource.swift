import JSON

/// cpu or memory: where a container sets it, how its quantities compare (cpu in millicores, memory in
/// bytes, both rounded up like apimachinery) and how amounts are written back.
enum ContainerResource: String {
    case cpu
    case memory

    static let both: [ContainerResource] = [.cpu, .memory]

    func amount(_ quantity: Quantity) -> Int64 {
        switch self {
        case .cpu: return quantity.milliValue
        case .memory: return quantity.value
        }
    }

    /// `amount(_:)` of the quantity written `utf8`; nil when it is not a quantity.
    func amount(ofUTF8 utf8: UnsafeBufferPointer<UInt8>) -> Int64? {
        if let amount = commonAmount(utf8) { return amount }
        return Quantity.amount(ofUTF8: utf8, scaledBy: self == .cpu ? 1000 : 1)
    }

    /// The amount of the forms containers almost always write (`250m`, `2`, `512Mi`, `1G`: unsigned
    /// digits and at most one unit that makes a whole number), in 64-bit arithmetic; nil for any other
    /// form and on overflow, which the exact 128-bit parser then handles. Its answers are the parser's
    /// (checked against it in `ContainerResourceTests`), at a fraction of the cost.
    private func commonAmount(_ utf8: UnsafeBufferPointer<UInt8>) -> Int64? {
        var digits: Int64 = 0
        var i = 0
        // 18 digits always fit in an Int64.
        while i < utf8.count, i < 18 {
            let digit = utf8[i] &- UInt8(ascii: "0")
            guard digit <= 9 else { break }
            digits = digits * 10 + Int64(digit)
            i += 1
        }
        guard i > 0 else { return nil }
        let factor: Int64
        switch (self, utf8.count - i) {
        case (.cpu, 0): factor = 1000
        case (.cpu, 1) where utf8[i] == UInt8(ascii: "m"): factor = 1
        case (.memory, 0): factor = 1
        case (.memory, 1):
            switch utf8[i] {
            case UInt8(ascii: "k"): factor = 1_000
            case UInt8(ascii: "M"): factor = 1_000_000
            case UInt8(ascii: "G"): factor = 1_000_000_000
            default: return nil
            }
        case (.memory, 2) where utf8[i + 1] == UInt8(ascii: "i"):
            switch utf8[i] {
            case UInt8(ascii: "K"): factor = 1 << 10
            case UInt8(ascii: "M"): factor = 1 << 20
            case UInt8(ascii: "G"): factor = 1 << 30
            default: return nil
            }
        default:
            return nil
        }
        let (amount, overflow) = digits.multipliedReportingOverflow(by: factor)
        return overflow ? nil : amount
    }

    /// Appends `amount` as a quota reads it (`AmountText.cpu` or `.memory`) to `text`.
    func format(_ amount: Int64, into text: inout TextBuilder) {
        switch self {
        case .cpu: AmountText.cpu(amount, into: &text)
        case .memory: AmountText.memory(amount, into: &text)
        }
    }

    /// Appends `rawValue` to `text`, as a literal.
    func name(into text: inout TextBuilder) {
        switch self {
        case .cpu: text.append("cpu")
        case .memory: text.append("memory")
        }
    }

    func value(in list: ResourceList) -> CompiledQuantity? {
        switch self {
        case .cpu: return list.cpu
        case .memory: return list.memory
        }
    }
}

/// `resources.requests` or `resources.limits` of a container.
enum ResourceSection: String {
    case requests
    case limits
}

/// A container's cpu and memory requests and limits, read from its `resources` once for the rules
/// that compare them.
struct ContainerResources: Sendable {
    private let requestsCPU: ResourceField
    private let requestsMemory: ResourceField
    private let limitsCPU: ResourceField
    private let limitsMemory: ResourceField

    /// `resources` is the container's `resources` member, if any.
    ///
    /// Read in one pass over the keys of `resources` and of each section (see `JSONView.forEachMember`)
    /// rather than by six lookups; of duplicate keys the first counts, as in lookups.
    init(_ resources: JSONView?) {
        var requests: (cpu: ResourceField, memory: ResourceField)?
        var limits: (cpu: ResourceField, memory: ResourceField)?
        resources?.forEachMember { key, value in
            if requests == nil, JSONView.key(key, is: "requests") {
                requests = ContainerResources.read(value())
            } else if limits == nil, JSONView.key(key, is: "limits") {
                limits = ContainerResources.read(value())
            }
        }
        requestsCPU = requests?.cpu ?? .absent
        requestsMemory = requests?.memory ?? .absent
        limitsCPU = limits?.cpu ?? .absent
        limitsMemory = limits?.memory ?? .absent
    }

    /// `resources` with the amounts `defaults` adds (where `resources` has none).
    init(_ resources: ContainerResources, filledWith defaults: ContainerDefaults) {
        func filled(_ field: ResourceField, _ added: DefaultAmount?) -> ResourceField {
            guard let added else { return field }
            return .amount(added.amount)
        }
        self.init(
            requestsCPU: filled(resources.requestsCPU, defaults.requests.cpu),
            requestsMemory: filled(resources.requestsMemory, defaults.requests.memory),
            limitsCPU: filled(resources.limitsCPU, defaults.limits.cpu),
            limitsMemory: filled(resources.limitsMemory, defaults.limits.memory))
    }

    init(requestsCPU: ResourceField, requestsMemory: ResourceField, limitsCPU: ResourceField, limitsMemory: ResourceField) {
        self.requestsCPU = requestsCPU
        self.requestsMemory = requestsMemory
        self.limitsCPU = limitsCPU
        self.limitsMemory = limitsMemory
    }

    /// The cpu and memory of one section (`requests` or `limits`); absent when it is not an object.
    private static func read(_ section: JSONView) -> (cpu: ResourceField, memory: ResourceField) {
        var cpu: ResourceField?
        var memory: ResourceField?
        section.forEachMember { key, value in
            if cpu == nil, JSONView.key(key, is: "cpu") {
                cpu = ResourceField(value(), .cpu)
            } else if memory == nil, JSONView.key(key, is: "memory") {
                memory = ResourceField(value(), .memory)
            }
        }
        return (cpu ?? .absent, memory ?? .absent)
    }

    func field(_ section: ResourceSection, _ resource: ContainerResource) -> ResourceField {
        switch (section, resource) {
        case (.requests, .cpu): return requestsCPU
        case (.requests, .memory): return requestsMemory
        case (.limits, .cpu): return limitsCPU
        case (.limits, .memory): return limitsMemory
        }
    }
}

/// One `resources.<section>.<resource>` field of a container, read for comparison.
enum ResourceField: Sendable {
    /// Not set (or `null`).
    case absent
    /// Set to something that is not a quantity; the API server would reject it, the rules name it
    /// (reading it again from the container: kept here, it made every copy of the facts a walk over
    /// `JSON`'s cases, where they are now plain bits).
    case invalid
    /// The exact amount, in the resource's unit.
    case amount(Int64)

    /// Reads a quantity where an object may hold one, as `Quantity(_: JSON?)` does: a string
    /// (`"500m"`) or a bare number (`2`), its text parsed from the bytes in place.
    init(_ raw: JSONView?, _ resource: ContainerResource) {
        guard let raw, !raw.isNull else {
            self = .absent
            return
        }
        var amount: Int64?
        let isText = raw.withStringOrNumberText { amount = resource.amount(ofUTF8: $0) }
        guard isText, let amount else {
            self = .invalid
            return
        }
        self = .amount(amount)
    }

    var amount: Int64? {
        if case .amount(let a) = self { return a }
        return nil
    }

    /// The field as the container holds it; nil when absent. For messages about an invalid one, which
    /// only the container's own `resources` can hold (defaults are always amounts).
    static func written(_ container: PodContainer, _ section: ResourceSection, _ resource: ContainerResource) -> JSON? {
        writtenView(container, section, resource)?.value
    }

    /// `written(_:_:_:)` where it lies.
    private static func writtenView(_ container: PodContainer, _ section: ResourceSection, _ resource: ContainerResource) -> JSONView? {
        container.resourcesView?[section.rawValue]?[resource.rawValue]
    }

    /// The field's text as the object wrote it (`500m`, `2`), for messages.
    static func text(_ container: PodContainer, _ section: ResourceSection, _ resource: ContainerResource, into text: inout TextBuilder) {
        if let added = container.defaults?.amount(section, resource) { return text.append(added.text) }
        guard let value = writtenView(container, section, resource) else { return text.append("none") }
        if let written = value.stringValue ?? value.numberText {
            written.withUTF8 { utf8 in text.append(utf8) }
        } else {
            text.append(RuleText.describe(value.value))
        }
    }
}
