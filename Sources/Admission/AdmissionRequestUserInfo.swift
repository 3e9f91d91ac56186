import JSON

/// `authentication/v1.UserInfo`.
///
/// A decoded review's name, uid and groups stay where the reader left them (their positions in the
/// tape) until someone asks for them as `String`s: the engine only compares their bytes
/// (`withUsernameBytes`, `forEachGroup`), and building them (a service account's name, a uid and a
/// namespace's group are each longer than a small string) and the groups array cost about a tenth of
/// decoding a review. The decoder has checked every field's type, so reading one later cannot fail.
/// The three are kept together, so a copy (each read of `AdmissionRequest.userInfo` is one) retains
/// the document once.
public struct UserInfo: Sendable, Equatable {
    // Inlinable readers below reach it: the engine reads the bytes from another module, and a call
    // per read, generic over the result, cost more than the read.
    @usableFromInline var source: Source
    public var extra: [String: [String]]

    @usableFromInline enum Source: Sendable {
        case strings(username: String, uid: String, groups: [String])
        /// Positions in a parsed document: strings, and an array of strings (checked when decoded);
        /// nil for a field that was absent or `null`.
        case tape(JSONTapeDocument, username: JSONTapeNode?, uid: JSONTapeNode?, groups: JSONTapeNode?)
    }

    public init(username: String = "", uid: String = "", groups: [String] = [], extra: [String: [String]] = [:]) {
        self.init(source: .strings(username: username, uid: uid, groups: groups), extra: extra)
    }

    init(source: Source, extra: [String: [String]]) {
        self.source = source
        self.extra = extra
    }

    /// Built from the request's bytes on each read.
    public var username: String {
        get {
            switch source {
            case .strings(let username, _, _): return username
            case .tape(let document, let username, _, _): return username.flatMap(document.string) ?? ""
            }
        }
        set { source = .strings(username: newValue, uid: uid, groups: groups) }
    }

    /// Built from the request's bytes on each read.
    public var uid: String {
        get {
            switch source {
            case .strings(_, let uid, _): return uid
            case .tape(let document, _, let uid, _): return uid.flatMap(document.string) ?? ""
            }
        }
        set { source = .strings(username: username, uid: newValue, groups: groups) }
    }

    /// Built from the request's bytes on each read.
    public var groups: [String] {
        get {
            switch source {
            case .strings(_, _, let groups): return groups
            case .tape(let document, _, _, let array):
                guard let array else { return [] }
                var groups: [String] = []
                groups.reserveCapacity(document.count(array))
                document.forEachElement(of: array) { element in
                    if let group = document.string(element) { groups.append(group) }
                }
                return groups
            }
        }
        set { source = .strings(username: username, uid: uid, groups: newValue) }
    }

    /// Calls `body` with the username's UTF-8 bytes, in place. The pointer is valid only inside `body`.
    @inlinable
    public func withUsernameBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        switch source {
        case .strings(let username, _, _):
            var username = username
            return username.withUTF8(body)
        case .tape(let document, let username, _, _):
            if let username, let result = document.withStringBytes(username, body) { return result }
            return body(UnsafeBufferPointer(start: nil, count: 0))
        }
    }

    /// Calls `body` with each group's UTF-8 bytes in order, until it returns false. The pointer is
    /// valid only inside `body`.
    @inlinable
    public func forEachGroup(_ body: (UnsafeBufferPointer<UInt8>) -> Bool) {
        switch source {
        case .strings(_, _, let groups):
            for group in groups {
                var group = group
                guard group.withUTF8(body) else { return }
            }
        case .tape(let document, _, _, let array):
            guard let array else { return }
            var going = true
            document.forEachElement(of: array) { element in
                guard going else { return }
                going = document.withStringBytes(element, body) ?? true
            }
        }
    }

    /// Equal as the `String`s are (`==`), however each side is held.
    public static func == (a: UserInfo, b: UserInfo) -> Bool {
        a.username == b.username && a.uid == b.uid && a.groups == b.groups && a.extra == b.extra
    }
}
