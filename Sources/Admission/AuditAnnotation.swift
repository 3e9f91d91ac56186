/// An audit annotation whose key is a literal in the code, as the engine's are (`tenant`, `actor`,
/// `decision`, `rules`). The encoder reads such a key's bytes where the literal lies: checking it (the
/// API server's rules still apply) and comparing it with the keys before it cost a few instructions a
/// byte, where a `String` key's bytes must first be fetched, and the list of them built and torn down.
public struct AuditAnnotation: Sendable {
    public var key: StaticString
    public var value: String

    @inlinable
    public init(_ key: StaticString, _ value: String) {
        self.key = key
        self.value = value
    }

    /// The key as a `String`, for the general form of the list.
    public var keyText: String { key.description }
}
