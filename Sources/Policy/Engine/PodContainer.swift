import JSON

/// One container of a pod spec with the fields the pod rules read, and its requests and limits read
/// once for both rules that compare them (`container-limits`, `quota-fit`).
///
/// What every pod rule reads (flags, amounts) is kept as plain values. What only some rules, or only
/// messages, read (the name, image, ports, added capabilities, resources as written) is found once,
/// while the container's members are read, and made into a view when asked: in the tape that is a
/// position, so a container holds one reference however many of these it has.
final class PodContainer: Sendable {
    let list: ContainerList
    let index: Int
    /// `securityContext.privileged`.
    let privileged: Bool?
    /// `securityContext.windowsOptions.hostProcess`.
    let hostProcess: Bool?
    /// `restartPolicy` is the string `Always`: an init container that keeps running (a sidecar).
    let restartsAlways: Bool
    /// The amounts the `default-resources` mutation gave the container, for the object it patched.
    let defaults: ContainerDefaults?
    let resources: ContainerResources
    /// The tape the container lies in; nil when it is read through views.
    private let document: JSONTapeDocument?
    /// With `document`, the container's node and its members'.
    private let nodes: TapeMembers?
    /// Without `document`, the container and its members as views.
    private let views: ViewMembers?

    /// Where a reader found the container, with its members that are read on demand (kept as the
    /// three fields above, so that reading one copies no enum of both).
    enum Place {
        /// In the reader's tape.
        case tape(JSONTapeDocument, TapeMembers)
        /// Anywhere else (a built object, or a container a patch changed).
        case views(ViewMembers)
    }

    /// The container's node and its members' (nil when absent).
    struct TapeMembers: Sendable {
        let container: JSONTapeNode
        var name: JSONTapeNode?
        var image: JSONTapeNode?
        var ports: JSONTapeNode?
        /// `securityContext.capabilities.add`.
        var addedCapabilities: JSONTapeNode?
        var resources: JSONTapeNode?

        init(container: JSONTapeNode) { self.container = container }
    }

    /// The container and its members as views (nil when absent). A class: the facts hold it by one
    /// reference, as they hold the tape.
    final class ViewMembers: Sendable {
        let container: JSONView
        let image: JSONStringView?
        let ports: JSONView?
        let addedCapabilities: JSONView?
        let resources: JSONView?

        init(container: JSONView, image: JSONStringView?, ports: JSONView?, addedCapabilities: JSONView?, resources: JSONView?) {
            self.container = container
            self.image = image
            self.ports = ports
            self.addedCapabilities = addedCapabilities
            self.resources = resources
        }
    }

    /// With `defaults`, the container as the `default-resources` mutation filled it; `resources` are the
    /// container's own.
    init(
        _ list: ContainerList, _ index: Int, place: Place, privileged: Bool?, hostProcess: Bool?, restartsAlways: Bool,
        resources: ContainerResources, filledWith defaults: ContainerDefaults?
    ) {
        self.list = list
        self.index = index
        switch place {
        case .tape(let document, let nodes):
            self.document = document
            self.nodes = nodes
            views = nil
        case .views(let views):
            document = nil
            nodes = nil
            self.views = views
        }
        self.privileged = privileged
        self.hostProcess = hostProcess
        self.restartsAlways = restartsAlways
        self.defaults = defaults
        if let defaults {
            self.resources = ContainerResources(resources, filledWith: defaults)
        } else {
            self.resources = resources
        }
    }

    /// The container itself, for what only messages read.
    var view: JSONView {
        if let document, let nodes { return document.view(nodes.container) }
        return views?.container ?? JSONView(.null)  // never: a container is in the tape or has views
    }

    /// The string `name`; nil when absent or not a string.
    var name: JSONStringView? {
        if let document, let nodes { return nodes.name.flatMap { document.stringView($0) } }
        return views?.container["name"]?.stringValue
    }

    /// The string `image`; nil when absent or not a string.
    var image: JSONStringView? {
        if let document, let nodes { return nodes.image.flatMap { document.stringView($0) } }
        return views?.image
    }

    /// Calls `body` with the UTF-8 bytes of the string `image` where they lie (escapes decoded); nil,
    /// without calling it, when absent or not a string. For checks that most images pass: `image` makes
    /// a string view (a reference taken and dropped) that only a message needs.
    func withImage<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result? {
        // Read through the optionals rather than bound from them: binding `document` copied it out
        // (a retain and a release a call).
        if let image = nodes?.image { return document?.withStringBytes(image, body) }
        if nodes != nil { return nil }
        return views?.image?.withUTF8(body)
    }

    /// Read through the optionals, as `withImage` is: `pod-security` asks every container.
    var ports: JSONView? {
        if let ports = nodes?.ports { return document?.view(ports) }
        if nodes != nil { return nil }
        return views?.ports
    }

    /// Calls `body` with the `hostPort` of each element of `ports` that has one (not `null`), as
    /// `ports?.forEachElement(withMember: "hostPort")` finds them. In the tape the ports are walked node
    /// by node, and a view made only of a `hostPort` found: `pod-security` asks every container, and
    /// tenant pods seldom have one.
    func forEachHostPort(_ body: (JSONView) -> Void) {
        if let ports = nodes?.ports {
            guard let document else { return }  // never: `nodes` are read with their document
            document.forEachElement(of: ports) { port in
                guard let hostPort = document.member("hostPort", of: port), !document.isNull(hostPort) else { return }
                body(document.view(hostPort))
            }
            return
        }
        if nodes != nil { return }
        views?.ports?.forEachElement(withMember: "hostPort") { _, _, hostPort in body(hostPort) }
    }

    /// `securityContext.capabilities.add`, read as `ports` is.
    var addedCapabilities: JSONView? {
        if let added = nodes?.addedCapabilities { return document?.view(added) }
        if nodes != nil { return nil }
        return views?.addedCapabilities
    }

    /// The container's `resources` member, for the amounts as written (messages); nil when absent.
    var resourcesView: JSONView? {
        if let document, let nodes { return nodes.resources.map { document.view($0) } }
        return views?.resources
    }
    /// How a detail names this container: `container "app"`, or its place in the pod spec when it has
    /// no name (`initContainers[1]`).
    var described: String { RuleText.container(list, index, name: name) }

    /// Appends `described` to `text`. In the tape the name is written from its bytes where they lie,
    /// without a string view made and dropped (every detail about a container starts with this).
    func describe(into text: inout TextBuilder) {
        guard nodes != nil else { return RuleText.container(list, index, name: name, into: &text) }
        // Read through the optionals rather than bound from them: binding `document` copied it out
        // (a retain and a release a call).
        let named =
            nodes?.name.flatMap { node in
                document?.withStringBytes(node) { bytes -> Bool in
                    guard !bytes.isEmpty else { return false }
                    RuleText.container(named: bytes, into: &text)
                    return true
                }
            } ?? false
        if !named { RuleText.container(list, index, name: nil, into: &text) }
    }
}

extension [ContainerDefaults] {
    /// The amounts given to container `index` of `list`; nil when it was given none.
    func defaults(_ list: ContainerList, _ index: Int) -> ContainerDefaults? {
        isEmpty ? nil : first { $0.list == list && $0.index == index }
    }
}
