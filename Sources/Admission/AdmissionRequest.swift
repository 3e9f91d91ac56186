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

/// `authentication/v1.UserInfo`.
public struct UserInfo: Sendable, Equatable {
    public var username: String
    public var uid: String
    public var groups: [String]
    public var extra: [String: [String]]
    public init(username: String = "", uid: String = "", groups: [String] = [], extra: [String: [String]] = [:]) {
        self.username = username
        self.uid = uid
        self.groups = groups
        self.extra = extra
    }
}

/// One `AdmissionRequest`, every field of the v1 (and identical v1beta1) contract. `object`, `oldObject`
/// and `options` are nil when the API server sent `null` or left them out.
public struct AdmissionRequest: Sendable, Equatable {
    public var uid: String
    public var kind: GroupVersionKind
    public var resource: GroupVersionResource
    public var subResource: String
    public var requestKind: GroupVersionKind?
    public var requestResource: GroupVersionResource?
    public var requestSubResource: String
    public var name: String
    public var namespace: String
    public var operation: Operation
    public var userInfo: UserInfo
    public var object: JSON?
    public var oldObject: JSON?
    public var dryRun: Bool
    public var options: JSON?

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
        self.uid = uid
        self.kind = kind
        self.resource = resource
        self.subResource = subResource
        self.requestKind = requestKind
        self.requestResource = requestResource
        self.requestSubResource = requestSubResource
        self.name = name
        self.namespace = namespace
        self.operation = operation
        self.userInfo = userInfo
        self.object = object
        self.oldObject = oldObject
        self.dryRun = dryRun
        self.options = options
    }
}
