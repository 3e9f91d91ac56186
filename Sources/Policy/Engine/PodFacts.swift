import JSON

/// What the pod rules read from a pod spec, read once per object: six rules read a dozen fields
/// between them, and four walk the containers.
///
/// Fields are read where the object lies and kept as the little the rules use: strings as their bytes
/// in place (`JSONStringView`), booleans as `Bool?`, resources as parsed amounts. No `JSON` value is
/// built for them: a `String` per name and an array per list were most of what reading a pod cost.
/// Fields a rule reads rarely or walks (volumes, ports, added capabilities) stay views, read only when
/// the rule's policy asks.
///
/// Two readers fill it, with the same answers: one walks the reader's tape node by node, where a
/// request's object lies (`PodFactsTapeReading.swift`); the other reads through `JSONView`s, for objects
/// built in memory or changed by a patch (`PodFactsViewReading.swift`), and hands each level it finds
/// still in the tape (an untouched container of a patched pod) to the first.
///
/// A class, though immutable: each rule that reads it (and each loop over the containers) would
/// otherwise copy every field.
final class PodFacts: Sendable {
    /// The string `priorityClassName`; nil when absent or not a string.
    let priorityClassName: JSONStringView?
    /// The string `nodeName`; nil when absent or not a string.
    let nodeName: JSONStringView?
    /// `nodeSelector`, read by key.
    let nodeSelector: OverlaidMap?
    let hostNetwork: Bool?
    let hostPID: Bool?
    let hostIPC: Bool?
    /// `securityContext.windowsOptions.hostProcess`.
    let hostProcess: Bool?
    let volumes: JSONView?
    let overhead: JSONView?
    /// Every container of `containers`, `initContainers` and `ephemeralContainers`, in that order.
    let containers: [PodContainer]

    /// Calls `body` with these facts, for a rule that reads them through `ReviewedObject.pod` by optional
    /// chaining (`object.pod?.read { pod in … }`): bound with `guard let pod = object.pod`, the facts
    /// were retained and released again in each of the pod rules, on every request.
    @inline(__always)
    func read<Result>(_ body: (PodFacts) -> Result) -> Result { body(self) }

    /// Calls `body` with each container of `containers` in order, where the array holds it: a `for` loop
    /// over the array retained the array and then each container it handed out (and released them),
    /// in each of the four rules that walk the containers.
    @inline(__always)
    func forEachContainer(_ body: (PodContainer) -> Void) {
        containers.withUnsafeBufferPointer { containers in
            for index in containers.indices { body(containers[index]) }
        }
    }

    init(
        priorityClassName: JSONStringView?, nodeName: JSONStringView?, nodeSelector: OverlaidMap?,
        hostNetwork: Bool?, hostPID: Bool?, hostIPC: Bool?, hostProcess: Bool?, volumes: JSONView?, overhead: JSONView?,
        containers: [PodContainer]
    ) {
        self.priorityClassName = priorityClassName
        self.nodeName = nodeName
        self.nodeSelector = nodeSelector
        self.hostNetwork = hostNetwork
        self.hostPID = hostPID
        self.hostIPC = hostIPC
        self.hostProcess = hostProcess
        self.volumes = volumes
        self.overhead = overhead
        self.containers = containers
    }

    /// The facts of the pod spec of `object`, an object not in the reader's tape as a whole (built in
    /// code, or changed by a patch; the request's own object goes through `init(_:topSpec:shape:patchedWith:)`);
    /// with `effects`, as the mutations that wrote them left it (see
    /// `ReviewedObject.init(_:resource:patchedWith:)`). A spec still in the tape is read there. Nil when
    /// the spec is absent or not an object.
    convenience init?(object: JSON, shape: WorkloadShape, patchedWith effects: borrowing PatchEffects) {
        var spec = JSONView(object)
        for token in shape.specPath.tokens {
            guard let next = spec[token] else { return nil }
            spec = next
        }
        if let (document, node) = spec.tapeNode {
            self.init(document, spec: node, patchedWith: effects)
        } else {
            self.init(spec: spec, patchedWith: effects)
        }
    }

    /// The facts of the pod spec of an object in the tape whose top-level `spec` is `top` (the first
    /// token of every shape's spec path, found by the caller while it reads the object's top level).
    convenience init?(_ document: JSONTapeDocument, topSpec top: JSONTapeNode, shape: WorkloadShape, patchedWith effects: borrowing PatchEffects) {
        var spec = top
        for token in shape.specPath.tokens.dropFirst() {
            guard let next = document.member(token, of: spec) else { return nil }
            spec = next
        }
        self.init(document, spec: spec, patchedWith: effects)
    }
}
