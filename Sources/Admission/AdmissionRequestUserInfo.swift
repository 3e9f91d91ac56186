import JSON

/// `authentication/v1.UserInfo`.
///
/// A decoded review's name, uid and groups stay where the reader left them (views of the tape's
/// bytes, and the groups array's position in it) until someone asks for them as `String`s: the engine
/// only compares their bytes (`withUsernameBytes`, `forEachGroup`), and building them (a service
/// account's name, a uid and a namespace's group are each longer than a small string) and the groups
/// array cost about a tenth of decoding a review. The decoder has checked every field's type, so
/// reading one later cannot fail.
public struct UserInfo: Sendable, Equatable {
    // Inlinable readers below reach these: the engine reads the bytes from another module, and a call
    // per read, generic over the result, cost more than the read.
    @usableFromInline var usernameText: JSONStringView
    private var uidText: JSONStringView
    @usableFromInline var groupList: Groups
    public var extra: [String: [String]]

    /// The groups, as built in memory or as an array of strings in a parsed document.
    @usableFromInline enum Groups: Sendable {
        case strings([String])
        /// Every element a string (checked when decoded).
        case tape(JSONTapeDocument, JSONTapeNode)
    }

    public init(username: String = "", uid: String = "", groups: [String] = [], extra: [String: [String]] = [:]) {
        self.init(username: JSONStringView(username), uid: JSONStringView(uid), groups: .strings(groups), extra: extra)
    }

    init(username: JSONStringView, uid: JSONStringView, groups: Groups, extra: [String: [String]]) {
        usernameText = username
        uidText = uid
        groupList = groups
        self.extra = extra
    }

    /// Built from the request's bytes on each read.
    public var username: String {
        get { usernameText.string }
        set { usernameText = JSONStringView(newValue) }
    }

    /// Built from the request's bytes on each read.
    public var uid: String {
        get { uidText.string }
        set { uidText = JSONStringView(newValue) }
    }

    /// Built from the request's bytes on each read.
    public var groups: [String] {
        get {
            switch groupList {
            case .strings(let groups): return groups
            case .tape(let document, let array):
                var groups: [String] = []
                groups.reserveCapacity(document.count(array))
                document.forEachElement(of: array) { element in
                    if let group = document.string(element) { groups.append(group) }
                }
                return groups
            }
        }
        set { groupList = .strings(newValue) }
    }

    /// Calls `body` with the username's UTF-8 bytes, in place. The pointer is valid only inside `body`.
    @inlinable
    public func withUsernameBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        usernameText.withUTF8(body)
    }

    /// Calls `body` with each group's UTF-8 bytes in order, until it returns false. The pointer is
    /// valid only inside `body`.
    @inlinable
    public func forEachGroup(_ body: (UnsafeBufferPointer<UInt8>) -> Bool) {
        switch groupList {
        case .strings(let groups):
            for group in groups {
                var group = group
                guard group.withUTF8(body) else { return }
            }
        case .tape(let document, let array):
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
