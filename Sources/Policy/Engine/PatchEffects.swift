/// What the engine's mutations wrote, in the terms the object rules read: recorded by each mutation
/// beside the patch operations it records, from the same values.
///
/// Replay validates the object the mutating pass patched, as the API server would after applying the
/// patch. Building that object and reading the pod spec's facts from it again cost more than validating
/// itself, while the mutations write a handful of fields the rules read by key. So the patched object
/// is read as the request's, with these laid over its facts (see
/// `ReviewedObject.init(_:resource:patchedWith:)`).
struct PatchEffects: Sendable, Equatable {
    /// `tenant-label`: the label added where the object had none.
    var label: KeyValue?
    /// `default-priority-class`: the class the pod's spec names now.
    var priorityClassName: String?
    /// `node-selector`: the tenant's selector, merged under the keys the pod sets itself.
    var nodeSelector: [KeyValue]?
    /// `default-resources`: the amounts each container was given, by container.
    var containers: [ContainerDefaults] = []
    /// A mutation wrote something not described here (a Namespace's metadata): only the patched
    /// object itself tells what the rules see.
    var undescribed = false

    /// Nothing written.
    static let none = PatchEffects()

    var isEmpty: Bool { self == .none }
}

/// The requests and limits `default-resources` added to one container, where it had none. A class: the
/// container's facts keep a reference, and copying the amounts into each was a cost of its own.
final class ContainerDefaults: Sendable, Equatable {
    let list: ContainerList
    let index: Int
    let requests: DefaultAmounts
    let limits: DefaultAmounts

    init(list: ContainerList, index: Int, requests: DefaultAmounts, limits: DefaultAmounts) {
        self.list = list
        self.index = index
        self.requests = requests
        self.limits = limits
    }

    static func == (a: ContainerDefaults, b: ContainerDefaults) -> Bool {
        a.list == b.list && a.index == b.index && a.requests == b.requests && a.limits == b.limits
    }

    func amount(_ section: ResourceSection, _ resource: ContainerResource) -> DefaultAmount? {
        let amounts = section == .requests ? requests : limits
        return resource == .cpu ? amounts.cpu : amounts.memory
    }
}

/// The cpu and memory added to one section of a container's resources; nil where nothing was.
struct DefaultAmounts: Sendable, Equatable {
    let cpu: DefaultAmount?
    let memory: DefaultAmount?
}

/// An amount as the patch writes it, and what it comes to in the resource's unit.
struct DefaultAmount: Sendable, Equatable {
    let text: String
    let amount: Int64
}
