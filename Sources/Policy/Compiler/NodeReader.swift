import Yams

/// A value read from a policy file, with where it was written, so later checks that compare documents
/// (ambiguity, references to the Platform) can point at both places.
struct Claim: Equatable {
    var value: String
    var file: String
    var line: Int
    var column: Int = 0
    /// The field path (`spec.namespaces.prefixes[1]`).
    var path: String

    /// `policies/tenants/acme.yaml:12`, for messages that point at another document.
    var location: String { "\(file):\(line)" }
}

/// Shared by every reader of one compilation: where the errors go.
final class CompileSession {
    var diagnostics = Diagnostics()
}

/// The entries of a YAML mapping whose keys were checked against the fields a schema knows.
struct MappingFields {
    let path: String
    /// The mapping's own line, for "required field is missing".
    let line: Int
    fileprivate var entries: [String: Node] = [:]

    /// The value of `key`; nil when absent or written as null (`key:` or `key: ~`), which Kubernetes also
    /// treats as "not set".
    subscript(_ key: String) -> Node? {
        guard let node = entries[key] else { return nil }
        if case .scalar(let scalar) = node, ScalarKind(scalar) == .null { return nil }
        return node
    }

    func path(_ key: String) -> String { NodeReader.join(path, key) }
}

/// Reads typed values out of one file's YAML nodes. Every problem becomes an error with the file, the
/// node's line and the field path; a value that cannot be read comes back nil so the caller skips it and
/// the compiler goes on to report the file's other problems too.
struct NodeReader {
    let file: String
    let session: CompileSession

    func error(line: Int, column: Int = 0, _ path: String, _ message: String) {
        session.diagnostics.error(file, line, path, message, column: column)
    }

    func error(_ node: Node, _ path: String, _ message: String) {
        error(line: NodeReader.line(of: node), column: node.mark?.column ?? 0, path, message)
    }

    func error(_ claim: Claim, _ message: String) {
        session.diagnostics.error(claim.file, claim.line, claim.path, message, column: claim.column)
    }

    func claim(_ value: String, _ node: Node, _ path: String) -> Claim {
        Claim(value: value, file: file, line: NodeReader.line(of: node), column: node.mark?.column ?? 0, path: path)
    }

    static func line(of node: Node) -> Int { node.mark?.line ?? 0 }

    static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : path + "." + key }

    static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): return ScalarKind(scalar).noun
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    // MARK: Structure

    /// `node` as a mapping whose keys are all in `known` (listed in the order the docs present them).
    func mapping(_ node: Node, _ path: String, known: [String]) -> MappingFields? {
        guard case .mapping(let mapping) = node else {
            error(node, path, "expected a mapping, got \(NodeReader.describe(node))")
            return nil
        }
        var fields = MappingFields(path: path, line: NodeReader.line(of: node))
        for (keyNode, value) in mapping {
            guard let key = mappingKey(keyNode, path) else { continue }
            guard known.contains(key) else {
                error(keyNode, NodeReader.join(path, key), "unknown field (expected one of: \(known.joined(separator: ", ")))")
                continue
            }
            fields.entries[key] = value
        }
        return fields
    }

    /// Every entry of a mapping with free keys (labels, annotations, enforcement), in the order written.
    func entries(_ node: Node, _ path: String) -> [(key: String, keyNode: Node, value: Node)]? {
        guard case .mapping(let mapping) = node else {
            error(node, path, "expected a mapping, got \(NodeReader.describe(node))")
            return nil
        }
        var out: [(key: String, keyNode: Node, value: Node)] = []
        for (keyNode, value) in mapping {
            if let key = mappingKey(keyNode, path) { out.append((key, keyNode, value)) }
        }
        return out
    }

    private func mappingKey(_ node: Node, _ path: String) -> String? {
        guard case .scalar(let scalar) = node else {
            error(node, path, "mapping keys must be plain text, got \(NodeReader.describe(node))")
            return nil
        }
        return scalar.string
    }

    /// The items of a list, each with its path (`path[i]`).
    func list(_ node: Node, _ path: String) -> [(node: Node, path: String)]? {
        guard case .sequence(let sequence) = node else {
            var message = "expected a list, got \(NodeReader.describe(node))"
            if case .scalar(let scalar) = node, ScalarKind(scalar) == .string {
                message += " (write [\(scalar.string)] for a list of one)"
            }
            error(node, path, message)
            return nil
        }
        return sequence.enumerated().map { ($0.element, "\(path)[\($0.offset)]") }
    }

    // MARK: Scalars

    func string(_ node: Node, _ path: String) -> String? {
        guard case .scalar(let scalar) = node else {
            error(node, path, "expected a string, got \(NodeReader.describe(node))")
            return nil
        }
        let kind = ScalarKind(scalar)
        guard kind == .string else {
            var message = "expected a string, got \(kind.noun)"
            if kind != .null { message += " (quote it: \"\(scalar.string)\")" }
            error(node, path, message)
            return nil
        }
        return scalar.string
    }

    /// A list of strings, as claims so callers can check them against other documents.
    func strings(_ node: Node, _ path: String) -> [Claim]? {
        guard let items = list(node, path) else { return nil }
        return items.compactMap { item in
            string(item.node, item.path).map { claim($0, item.node, item.path) }
        }
    }

    func bool(_ node: Node, _ path: String) -> Bool? {
        if case .scalar(let scalar) = node, case .bool(let value) = ScalarKind(scalar) { return value }
        error(node, path, "expected true or false, got \(NodeReader.describe(node))")
        return nil
    }

    func int(_ node: Node, _ path: String) -> Int64? {
        if case .scalar(let scalar) = node, case .int(let value) = ScalarKind(scalar) { return value }
        error(node, path, "expected an integer, got \(NodeReader.describe(node))")
        return nil
    }

    /// A Kubernetes quantity written as a string (`"2"`, `128Mi`) or a YAML number (`2`, `0.5`, `1e3`);
    /// the text is kept as written, since mutations inject it verbatim.
    func quantity(_ node: Node, _ path: String) -> Quantity? {
        guard case .scalar(let scalar) = node else {
            error(node, path, "expected a quantity (like 500m, 2 or 128Mi), got \(NodeReader.describe(node))")
            return nil
        }
        switch ScalarKind(scalar) {
        case .string, .int, .number:
            do {
                return try Quantity(parsing: scalar.string)
            } catch {
                self.error(node, path, error.description)
                return nil
            }
        case .null, .bool:
            error(node, path, "expected a quantity (like 500m, 2 or 128Mi), got \(NodeReader.describe(node))")
            return nil
        }
    }

    // MARK: Checks

    /// Reports every value listed twice in one list (after the first).
    func rejectDuplicates(_ claims: [Claim], _ what: String) {
        var seen: [String: Claim] = [:]
        for claim in claims {
            if let first = seen[claim.value] {
                error(claim, "duplicate \(what) \"\(claim.value)\" (first listed at line \(first.line))")
            } else {
                seen[claim.value] = claim
            }
        }
    }
}
