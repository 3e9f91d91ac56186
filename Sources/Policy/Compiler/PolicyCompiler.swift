import Yams

/// Turns the YAML of `policies/` into an immutable `PolicySet` (policy.md §1), or reports every problem
/// found, each with its file, line and field.
public enum PolicyCompiler {
    public static let apiVersion = "tenantry.dev/v1alpha1"

    /// Compiles YAML texts. Pure: `path` only names the text in errors. Texts are read in path order, so
    /// "first" and "later" in duplicate and ambiguity errors do not depend on the order given.
    public static func compile(sources: [(path: String, text: String)]) throws(PolicyCompileErrors) -> PolicySet {
        try compile(sources: sources, readErrors: [], origin: "")
    }

    /// `readErrors`: files that could not be read, reported with the rest; `origin` names the set as a
    /// whole in errors no file holds (the directory).
    static func compile(
        sources: [(path: String, text: String)], readErrors: [PolicyCompileError], origin: String
    ) throws(PolicyCompileErrors) -> PolicySet {
        let session = CompileSession()
        for error in readErrors { session.diagnostics.error(error.file, error.line, error.path, error.message) }
        var platforms: [PlatformDocument] = []
        var tenants: [TenantDocument] = []
        // A file that could not be read or parsed may hold the Platform: do not also claim it is missing.
        var unreadableFile = !readErrors.isEmpty
        for source in sources.sorted(by: { $0.path < $1.path }) {
            let reader = NodeReader(file: source.path, session: session)
            guard let documents = DocumentSplitter(reader: reader).documents(source.text) else {
                unreadableFile = true
                continue
            }
            for root in documents {
                guard let header = DocumentHeader.read(root, reader) else { continue }
                switch header.kind {
                case .platform:
                    platforms.append(PlatformDocumentReader(reader: reader).read(name: header.name, line: header.nameLine, spec: header.spec))
                case .tenant:
                    tenants.append(TenantDocumentReader(reader: reader).read(name: header.name, line: header.nameLine, spec: header.spec))
                }
            }
        }

        let platform = selectPlatform(platforms, session: session, unreadableFile: unreadableFile, origin: origin)
        let unique = uniqueTenants(tenants, session: session)
        if let platform {
            let checks = TenantPlatformChecks(platform: platform, session: session)
            for tenant in unique { checks.run(tenant) }
        }
        AmbiguityChecks(tenants: unique, session: session).run()

        guard session.diagnostics.isEmpty, let platform else {
            throw PolicyCompileErrors(session.diagnostics.sorted())
        }
        let compiled = unique.map(\.tenant)
        return PolicySet(
            platform: platform.platform, tenants: compiled,
            contentHash: ContentHash.of(platform: platform.platform, tenants: compiled))
    }

    /// Exactly one Platform. A missing one is not reported when a file could not be parsed, since it may
    /// well be in that file.
    private static func selectPlatform(
        _ platforms: [PlatformDocument], session: CompileSession, unreadableFile: Bool, origin: String
    ) -> PlatformDocument? {
        guard let first = platforms.first else {
            if !unreadableFile {
                session.diagnostics.error(origin, 0, "", "no Platform document (exactly one kind: Platform is required)")
            }
            return nil
        }
        for extra in platforms.dropFirst() {
            session.diagnostics.error(extra.file, extra.line, "metadata.name",
                "a second Platform document (\"\(extra.platform.name)\"); there must be exactly one, and \"\(first.platform.name)\" is at \(first.file):\(first.line)")
        }
        return first
    }

    /// Tenants by name; a repeated name is an error on the later document, which is then left out.
    private static func uniqueTenants(_ tenants: [TenantDocument], session: CompileSession) -> [TenantDocument] {
        var seen: [String: TenantDocument] = [:]
        var out: [TenantDocument] = []
        for tenant in tenants {
            if let first = seen[tenant.tenant.name] {
                session.diagnostics.error(tenant.file, tenant.line, "metadata.name",
                    "duplicate tenant \"\(tenant.tenant.name)\" (already defined at \(first.location))")
                continue
            }
            seen[tenant.tenant.name] = tenant
            out.append(tenant)
        }
        return out
    }
}

/// Splits a file into its YAML documents, turning YAML syntax errors into file:line errors.
struct DocumentSplitter {
    let reader: NodeReader

    /// The non-empty documents; nil when the file is not valid YAML (the error is reported).
    func documents(_ text: String) -> [Node]? {
        do {
            // `Resolver.basic`: no regular expressions per scalar; `ScalarKind` classifies instead.
            var sequence = try Yams.compose_all(yaml: text, Resolver.basic)
            var documents: [Node] = []
            while let node = sequence.next() {
                // An empty document (`---` at the end of a file) is a null scalar.
                if case .scalar(let scalar) = node, ScalarKind(scalar) == .null { continue }
                documents.append(node)
            }
            if let error = sequence.error { throw error }
            return documents
        } catch {
            let (line, message) = DocumentSplitter.describe(error, text)
            reader.error(line: line, "", message)
            return nil
        }
    }

    static func describe(_ error: any Error, _ text: String) -> (line: Int, message: String) {
        guard let yamlError = error as? YamlError else { return (0, "cannot parse YAML: \(error)") }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            var message = "YAML syntax error: \(problem)"
            if let context { message += " (\(context.text) at line \(context.mark.line))" }
            return (mark.line, message)
        case .reader(let problem, let offset, _, _):
            let line = offset.map { offset in 1 + text.prefix(offset).reduce(0) { $1 == "\n" ? $0 + 1 : $0 } } ?? 0
            return (line, "cannot read YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "\"\($0)\"" }.joined(separator: ", ")
            return (context.mark.line, "key \(keys) appears more than once in this mapping (first here)")
        default:
            return (0, "cannot parse YAML: \(yamlError)")
        }
    }
}

/// `apiVersion`, `kind` and `metadata` of a document.
struct DocumentHeader {
    enum Kind: String {
        case platform = "Platform"
        case tenant = "Tenant"
    }

    var kind: Kind
    var name: String
    var nameLine: Int
    var spec: Node?

    /// nil (with errors reported) when the document cannot be compiled as a Platform or Tenant at all.
    static func read(_ root: Node, _ reader: NodeReader) -> DocumentHeader? {
        guard case .mapping = root else {
            reader.error(root, "", "a policy document must be a mapping with apiVersion, kind, metadata and spec; got \(NodeReader.describe(root))")
            return nil
        }
        guard let fields = reader.mapping(root, "", known: ["apiVersion", "kind", "metadata", "spec"]) else { return nil }
        if let node = fields["apiVersion"] {
            if let version = reader.string(node, "apiVersion"), version != PolicyCompiler.apiVersion {
                reader.error(node, "apiVersion", "\"\(version)\" is not supported (expected \(PolicyCompiler.apiVersion))")
            }
        } else {
            reader.error(line: fields.line, "apiVersion", "required field is missing (expected \(PolicyCompiler.apiVersion))")
        }
        guard let kindNode = fields["kind"] else {
            reader.error(line: fields.line, "kind", "required field is missing (expected Platform or Tenant)")
            return nil
        }
        guard let kindText = reader.string(kindNode, "kind") else { return nil }
        guard let kind = Kind(rawValue: kindText) else {
            reader.error(kindNode, "kind", "unknown kind \"\(kindText)\" (expected Platform or Tenant)")
            return nil
        }
        guard let metadataNode = fields["metadata"] else {
            reader.error(line: fields.line, "metadata", "required field is missing (metadata.name names the \(kindText))")
            return nil
        }
        guard let metadata = reader.mapping(metadataNode, "metadata", known: ["name", "labels", "annotations"]) else { return nil }
        readIgnoredMetadata(metadata, reader)
        guard let nameNode = metadata["name"] else {
            reader.error(line: metadata.line, "metadata.name", "required field is missing")
            return nil
        }
        guard let name = reader.string(nameNode, "metadata.name") else { return nil }
        let invalid = kind == .tenant ? NameValidation.dns1123Label(name) : NameValidation.dns1123Subdomain(name)
        if let invalid {
            reader.error(nameNode, "metadata.name", "\"\(name)\" is not a valid \(kindText) name: \(invalid)")
            return nil
        }
        return DocumentHeader(kind: kind, name: name, nameLine: NodeReader.line(of: nameNode), spec: fields["spec"])
    }

    /// `metadata.labels` and `metadata.annotations` are allowed for GitOps tooling and change nothing, but
    /// must still be string maps.
    private static func readIgnoredMetadata(_ metadata: MappingFields, _ reader: NodeReader) {
        for key in ["labels", "annotations"] {
            guard let node = metadata[key], let entries = reader.entries(node, metadata.path(key)) else { continue }
            for entry in entries { _ = reader.string(entry.value, metadata.path(key) + "." + entry.key) }
        }
    }
}
