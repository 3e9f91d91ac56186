/// A JSON Pointer (RFC 6901): the path that JSON Patch operations, policy field references and
/// error messages use to name one value inside a document.
///
/// Tokens are kept unescaped, so code that builds pointers (`appending("example.com/owner")`) never
/// has to think about `~0`/`~1`; escaping happens only in `description` and `init(parsing:)`.
public struct JSONPointer: Sendable, Hashable, CustomStringConvertible {
    /// The reference tokens, unescaped. Empty for the root (the whole document).
    public var tokens: [String]

    @inlinable public init(tokens: [String]) { self.tokens = tokens }

    /// The pointer to the whole document, written `""`.
    public static let root = JSONPointer(tokens: [])

    /// Parses the escaped text form: `""` is the root, anything else must start with `/`, and `~` may
    /// only appear as `~0` (a literal `~`) or `~1` (a literal `/`).
    ///
    /// Works on Unicode scalars rather than Characters: a `/` followed by a combining mark is one
    /// Character, and splitting on Characters would silently miss that separator.
    public init(parsing text: String) throws(JSONPointerError) {
        var scalars = text.unicodeScalars.makeIterator()
        guard let first = scalars.next() else {
            self = .root
            return
        }
        guard first == "/" else {
            throw JSONPointerError(pointer: text, reason: "must be empty or start with \"/\"")
        }
        var tokens: [String] = []
        var token = String.UnicodeScalarView()
        while let scalar = scalars.next() {
            switch scalar {
            case "/":
                tokens.append(String(token))
                token = String.UnicodeScalarView()
            case "~":
                switch scalars.next() {
                case "0"?: token.append("~")
                case "1"?: token.append("/")
                case nil:
                    throw JSONPointerError(
                        pointer: text, reason: "ends with \"~\"; a literal \"~\" is written \"~0\"")
                case let other?:
                    throw JSONPointerError(
                        pointer: text,
                        reason: "has the invalid escape \"~\(other)\"; only \"~0\" and \"~1\" are allowed")
                }
            default:
                token.append(scalar)
            }
        }
        tokens.append(String(token))
        self.tokens = tokens
    }

    /// The escaped text form, e.g. `/metadata/labels/example.com~1owner`. `~` is escaped before `/`,
    /// so a key `~1` becomes `~01` and reads back as `~1`, not `/`.
    public var description: String {
        var text = ""
        for token in tokens {
            text.append("/")
            if token.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) {
                for scalar in token.unicodeScalars {
                    switch scalar {
                    case "~": text.append("~0")
                    case "/": text.append("~1")
                    default: text.unicodeScalars.append(scalar)
                    }
                }
            } else {
                text.append(token)
            }
        }
        return text
    }

    @inlinable public var isRoot: Bool { tokens.isEmpty }

    /// This pointer with one more (unescaped) token at the end.
    public func appending(_ token: String) -> JSONPointer {
        // One array, of the final size: `tokens + [token]` made a one-element array and grew the copy.
        var longer: [String] = []
        longer.reserveCapacity(tokens.count + 1)
        longer.append(contentsOf: tokens)
        longer.append(token)
        return JSONPointer(tokens: longer)
    }

    /// The pointer to the containing value; nil for the root, which has no container.
    public var parent: JSONPointer? {
        isRoot ? nil : JSONPointer(tokens: Array(tokens.dropLast()))
    }

    /// The last (unescaped) token; nil for the root.
    public var lastToken: String? { tokens.last }

    /// True when `other` lies strictly inside the value this pointer names: a patch may not move a
    /// value into one of its own children (RFC 6902 §4.4).
    public func isProperPrefix(of other: JSONPointer) -> Bool {
        tokens.count < other.tokens.count && isPrefix(of: other)
    }

    /// True when this pointer names `other` or a value containing it. Tokens compare by their bytes,
    /// as object keys do (`==` on `String` would equate differently normalized keys).
    public func isPrefix(of other: JSONPointer) -> Bool {
        guard tokens.count <= other.tokens.count else { return false }
        // By index: `zip` made an iterator of each array (a retain and a release of each) per call.
        for i in tokens.indices where !tokens[i].sameBytes(as: other.tokens[i]) {
            return false
        }
        return true
    }

    /// True when this pointer names a value strictly inside the one `other` names.
    public func isProperDescendant(of other: JSONPointer) -> Bool { other.isProperPrefix(of: self) }

    /// The array index a token names (RFC 6901 §4): ASCII decimal digits, no leading zeros except
    /// `0` itself. `-` (one past the end) and anything that overflows `Int` are not indexes.
    public static func arrayIndex(_ token: String) -> Int? {
        let utf8 = token.utf8
        guard let first = utf8.first, first >= UInt8(ascii: "0"), first <= UInt8(ascii: "9") else {
            return nil
        }
        if first == UInt8(ascii: "0") { return utf8.count == 1 ? 0 : nil }
        var index = 0
        for byte in utf8 {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let (times10, overflow1) = index.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
            if overflow1 || overflow2 { return nil }
            index = sum
        }
        return index
    }
}

extension JSON {
    /// The value `pointer` names in this document; nil when any step is missing, steps into a
    /// scalar, or is not a valid index for an array (`-` never resolves).
    public func value(at pointer: JSONPointer) -> JSON? {
        var current = self
        for (depth, token) in pointer.tokens.enumerated() {
            switch current {
            case .object(let object):
                switch object.lookUp(token) {
                case .missing:
                    return nil
                case .value(let member):
                    current = member
                case .tape(let tape, let node):
                    // The rest of the path lies inside the parsed document: walk it there, building
                    // only the value at its end.
                    guard case .found(let end) = tape.walk(from: node, through: pointer.tokens[(depth + 1)...]) else {
                        return nil
                    }
                    return tape.value(at: end)
                }
            case .array(let elements):
                guard let index = JSONPointer.arrayIndex(token), index < elements.count else { return nil }
                current = elements[index]
            case .null, .bool, .number, .string:
                return nil
            }
        }
        return current
    }
}

/// A pointer's text could not be parsed. Says which pointer and what is wrong with it, because the
/// text usually comes from a policy file or a patch someone else wrote.
public struct JSONPointerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The pointer text as given.
    public let pointer: String
    /// What is wrong with it, phrased to follow the pointer ("must be empty or start with \"/\"").
    public let reason: String

    public init(pointer: String, reason: String) {
        self.pointer = pointer
        self.reason = reason
    }

    public var description: String { "invalid JSON pointer \"\(pointer)\": \(reason)" }
}
