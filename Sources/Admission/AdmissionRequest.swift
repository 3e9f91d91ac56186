import JSON

/// `admission.k8s.io` group/version/kind, as the API server fills `request.kind`.
public struct GroupVersionKind: Sendable, Equatable {
    public var group: String
    public var version: String
    public var kind: String
    public init(group: String, version: String, kind: String) {
        self.group = group
        self.version = version
        self.kind = kind
    }
}

/// Group/version/resource, as in `request.resource`. The core group is "".
public struct GroupVersionResource: Sendable, Equatable {
    public var group: String
    public var version: String
    public var resource: String
    public init(group: String, version: String, resource: String) {
        self.group = group
        self.version = version
        self.resource = resource
    }
}

/// The operation the API server performed. Kept open: a value it does not know yet (or a test fixture's
/// placeholder such as "operationValue") is carried through rather than rejected, and no rule matches it.
public struct Operation: Sendable, Hashable, CustomStringConvertible {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public static let create = Operation("CREATE")
    public static let update = Operation("UPDATE")
    public static let delete = Operation("DELETE")
    public static let connect = Operation("CONNECT")
    public var description: String { rawValue }
}

/// One `AdmissionRequest`, every field of the v1 (and identical v1beta1) contract. `object`, `oldObject`
/// and `options` are nil when the API server sent `null` or left them out.
///
/// A value type whose fields but `object` live in one shared, immutable box: the engine hands the
/// request to every rule and mutation through contexts, and the caller keeps its own, so copying it must
/// cost two reference counts (the box's and the object's) rather than one per field.
public struct AdmissionRequest: Sendable, Equatable {
    /// Inlinable getters reach into the box: a getter called across modules copied the whole field
    /// out (a `GroupVersionResource` is three strings, each retained) where the caller, inlined, loads
    /// only what it reads.
    @usableFromInline var storage: Storage
    /// Beside the box rather than in it: `Engine.validate(_:patchedBy:with:)` and replay judge a copy
    /// of the request with the patched object, and setting it in the box copied every other field
    /// (a string retained, and later released, for each) into a box of its own.
    public var object: JSON?

    public init(
        uid: String,
        kind: GroupVersionKind,
        resource: GroupVersionResource,
        subResource: String = "",
        requestKind: GroupVersionKind? = nil,
        requestResource: GroupVersionResource? = nil,
        requestSubResource: String = "",
        name: String = "",
        namespace: String = "",
        operation: Operation,
        userInfo: UserInfo = UserInfo(),
        object: JSON? = nil,
        oldObject: JSON? = nil,
        dryRun: Bool = false,
        options: JSON? = nil
    ) {
        self.init(
            uid: uid, kind: kind, resource: resource, subResource: subResource, requestKind: requestKind,
            requestResource: requestResource, requestSubResource: requestSubResource, name: name, namespace: namespace,
            operation: operation, userInfo: userInfo, object: object, oldObject: oldObject, dryRun: dryRun, options: options,
            requestKindRepeatsKind: false, requestResourceRepeatsResource: false)
    }

    /// The decoder's: `requestKindRepeatsKind` stands for a `requestKind` equal to `kind` (as nearly
    /// every review has it), held once (each of its three strings retained, and released, once less),
    /// and likewise for `requestResource`; the `requestKind`/`requestResource` given are then ignored.
    init(
        uid: String, kind: GroupVersionKind, resource: GroupVersionResource, subResource: String,
        requestKind: GroupVersionKind?, requestResource: GroupVersionResource?, requestSubResource: String,
        name: String, namespace: String, operation: Operation, userInfo: UserInfo, object: JSON?, oldObject: JSON?,
        dryRun: Bool, options: JSON?, requestKindRepeatsKind: Bool, requestResourceRepeatsResource: Bool
    ) {
        storage = Storage(Fields(
            uid: uid, kind: kind, resource: resource, subResource: subResource,
            requestKind: requestKindRepeatsKind ? nil : requestKind,
            requestResource: requestResourceRepeatsResource ? nil : requestResource,
            requestKindRepeatsKind: requestKindRepeatsKind, requestResourceRepeatsResource: requestResourceRepeatsResource,
            requestSubResource: requestSubResource, name: name, namespace: namespace,
            operation: operation, userInfo: userInfo, oldObject: oldObject, dryRun: dryRun, options: options))
        self.object = object
    }

    public var uid: String {
        @inlinable get { storage.fields.uid }
        set { update { $0.uid = newValue } }
    }
    public var kind: GroupVersionKind {
        @inlinable get { storage.fields.kind }
        set {
            update {
                // A `requestKind` that repeated the old kind keeps it.
                if $0.requestKindRepeatsKind {
                    $0.requestKind = $0.kind
                    $0.requestKindRepeatsKind = false
                }
                $0.kind = newValue
            }
        }
    }
    public var resource: GroupVersionResource {
        @inlinable get { storage.fields.resource }
        set {
            update {
                if $0.requestResourceRepeatsResource {
                    $0.requestResource = $0.resource
                    $0.requestResourceRepeatsResource = false
                }
                $0.resource = newValue
            }
        }
    }
    public var subResource: String {
        @inlinable get { storage.fields.subResource }
        set { update { $0.subResource = newValue } }
    }
    public var requestKind: GroupVersionKind? {
        @inlinable get { storage.fields.effectiveRequestKind }
        set {
            update {
                $0.requestKind = newValue
                $0.requestKindRepeatsKind = false
            }
        }
    }
    public var requestResource: GroupVersionResource? {
        @inlinable get { storage.fields.effectiveRequestResource }
        set {
            update {
                $0.requestResource = newValue
                $0.requestResourceRepeatsResource = false
            }
        }
    }
    public var requestSubResource: String {
        @inlinable get { storage.fields.requestSubResource }
        set { update { $0.requestSubResource = newValue } }
    }
    public var name: String {
        @inlinable get { storage.fields.name }
        set { update { $0.name = newValue } }
    }
    public var namespace: String {
        @inlinable get { storage.fields.namespace }
        set { update { $0.namespace = newValue } }
    }
    public var operation: Operation {
        @inlinable get { storage.fields.operation }
        set { update { $0.operation = newValue } }
    }
    public var userInfo: UserInfo {
        @inlinable get { storage.fields.userInfo }
        set { update { $0.userInfo = newValue } }
    }
    public var oldObject: JSON? {
        @inlinable get { storage.fields.oldObject }
        set { update { $0.oldObject = newValue } }
    }
    public var dryRun: Bool {
        @inlinable get { storage.fields.dryRun }
        set { update { $0.dryRun = newValue } }
    }
    public var options: JSON? {
        @inlinable get { storage.fields.options }
        set { update { $0.options = newValue } }
    }

    public static func == (a: AdmissionRequest, b: AdmissionRequest) -> Bool {
        (a.storage === b.storage || a.storage.fields == b.storage.fields) && a.object == b.object
    }

    /// Changes a field in a new box. Decoders build a request whole and the engine never changes one
    /// (`object`, which replay sets, lies outside the box), so a box is never changed in place: its
    /// `fields` stay a constant, read by every getter without the run-time exclusivity check a `var`
    /// in a class costs on each read.
    private mutating func update(_ change: (inout Fields) -> Void) {
        var fields = storage.fields
        change(&fields)
        storage = Storage(fields)
    }

    @usableFromInline struct Fields: Sendable, Equatable {
        @usableFromInline var uid: String
        @usableFromInline var kind: GroupVersionKind
        @usableFromInline var resource: GroupVersionResource
        @usableFromInline var subResource: String
        /// nil when `requestKindRepeatsKind`: see `effectiveRequestKind`.
        @usableFromInline var requestKind: GroupVersionKind?
        @usableFromInline var requestResource: GroupVersionResource?
        @usableFromInline var requestKindRepeatsKind: Bool
        @usableFromInline var requestResourceRepeatsResource: Bool
        @usableFromInline var requestSubResource: String
        @usableFromInline var name: String
        @usableFromInline var namespace: String
        @usableFromInline var operation: Operation
        @usableFromInline var userInfo: UserInfo
        @usableFromInline var oldObject: JSON?
        @usableFromInline var dryRun: Bool
        @usableFromInline var options: JSON?

        @inlinable var effectiveRequestKind: GroupVersionKind? { requestKindRepeatsKind ? kind : requestKind }
        @inlinable var effectiveRequestResource: GroupVersionResource? { requestResourceRepeatsResource ? resource : requestResource }

        /// Field by field, `requestKind` and `requestResource` as they read, however they are held.
        @usableFromInline static func == (a: Fields, b: Fields) -> Bool {
            a.uid == b.uid && a.kind == b.kind && a.resource == b.resource && a.subResource == b.subResource
                && a.effectiveRequestKind == b.effectiveRequestKind && a.effectiveRequestResource == b.effectiveRequestResource
                && a.requestSubResource == b.requestSubResource && a.name == b.name && a.namespace == b.namespace
                && a.operation == b.operation && a.userInfo == b.userInfo && a.oldObject == b.oldObject
                && a.dryRun == b.dryRun && a.options == b.options
        }
    }

    /// Immutable, so sharing it between copies and threads is safe.
    @usableFromInline final class Storage: Sendable {
        @usableFromInline let fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }
}
