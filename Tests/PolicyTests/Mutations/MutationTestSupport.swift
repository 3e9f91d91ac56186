import Admission
import JSON
import XCTest

@testable import Policy

/// Policies and requests for the mutation tests, built directly (no YAML), close to the example of
/// policy.md: a platform with a global-default PriorityClass tenants may not use, and tenant acme.
enum MutationFixtures {
    static let platform = Platform(
        priorityClasses: [
            PriorityClassSpec(name: "platform-critical", value: 1_000_000),
            PriorityClassSpec(name: "cluster-default", value: 1000, globalDefault: true),
            PriorityClassSpec(name: "tenant-standard", value: 100),
            PriorityClassSpec(name: "tenant-batch", value: 10, preemptionPolicy: "Never"),
        ]
    )

    static let acme = Tenant(
        name: "acme",
        ownerGroups: ["tenant-acme-admins"],
        namespaceNames: ["tenant-acme"],
        namespacePrefixes: ["acme-"],
        namespaceLabels: [KeyValue("tier", "enterprise")],
        namespaceAnnotations: [KeyValue("linkerd.io/inject", "enabled")],
        priorityClasses: TenantPriorityClasses(allowed: ["tenant-standard", "tenant-batch"], defaultClass: "tenant-standard"),
        containers: ContainerPolicy(
            defaultRequest: ResourceList(cpu: cpu("100m", 100), memory: memory("128Mi", 134_217_728)),
            defaultLimit: ResourceList(cpu: cpu("500m", 500), memory: memory("512Mi", 536_870_912)),
            max: ResourceList(cpu: cpu("2", 2000), memory: memory("4Gi", 4_294_967_296))
        ),
        nodeSelector: [KeyValue("node-pool", "tenant-workloads")]
    )

    /// What the engine hands a mutation for a request about `object`.
    static func context(
        _ object: JSON, resource: GroupResource, namespace: String = "tenant-acme", name: String = "web",
        operation: Admission.Operation = .create, platform: Platform = platform, tenant: Tenant = acme
    ) -> MutationContext {
        let policies = PolicySet(platform: platform, tenants: [tenant], contentHash: "test")
        let request = AdmissionRequest(
            uid: "uid-1",
            kind: GroupVersionKind(group: resource.group, version: "v1", kind: "Object"),
            resource: GroupVersionResource(group: resource.group, version: "v1", resource: resource.resource),
            name: name,
            namespace: namespace,
            operation: operation,
            object: object
        )
        return MutationContext(policies: policies, request: request)
    }

    static func cpu(_ text: String, _ millicores: Int64) -> CompiledQuantity {
        CompiledQuantity(text: text, amount: millicores)
    }

    static func memory(_ text: String, _ bytes: Int64) -> CompiledQuantity {
        CompiledQuantity(text: text, amount: bytes)
    }

    /// A Pod as the API server sends it to a mutating webhook: defaulted, `resources: {}` included.
    static func pod(_ containers: [JSON], spec extra: [(String, JSON)] = []) -> JSON {
        var spec = JSONObject([JSONObject.Member(key: "containers", value: .array(containers))])
        for (key, value) in extra { spec[key] = value }
        return [
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": ["name": "web", "namespace": "tenant-acme", "labels": ["app": "web"]],
            "spec": .object(spec),
        ]
    }

    static func container(_ name: String, resources: JSON? = nil) -> JSON {
        var fields: JSON = ["name": .string(name), "image": "registry.acme.io/web:1.2"]
        if let resources, case .object(var object) = fields {
            object["resources"] = resources
            fields = .object(object)
        }
        return fields
    }
}

extension XCTestCase {
    /// Runs `mutation` over `object` as the engine would for a request of `tenant`, and checks the
    /// idempotence contract on every run: the recorded patch, sent through its wire form, turns the
    /// original into `builder.document`, and a second pass over that document records nothing.
    func mutate<M: Mutation>(
        _ mutation: M.Type,
        _ object: JSON,
        resource: GroupResource = .pods,
        namespace: String = "tenant-acme",
        name: String = "web",
        operation: Admission.Operation = .create,
        platform: Platform = MutationFixtures.platform,
        tenant: Tenant = MutationFixtures.acme,
        file: StaticString = #filePath,
        line: UInt = #line
    ) -> JSONPatchBuilder {
        let context = MutationFixtures.context(
            object, resource: resource, namespace: namespace, name: name, operation: operation, platform: platform,
            tenant: tenant)
        var builder = JSONPatchBuilder(document: object)
        mutation.apply(context, tenant: tenant, to: &builder)
        // The patch's text is written as each operation is recorded: it must be what writing the
        // operations as values gives, byte for byte (the response carries it).
        XCTAssertEqual(
            String(decoding: JSONPatchWriter.bytes(builder.patch), as: UTF8.self), JSONWriter.string(JSONPatch(builder.operations).json),
            "the recorded text", file: file, line: line)
        assertIdempotent(mutation, context, tenant: tenant, original: object, builder: builder, file: file, line: line)
        assertSameFromTheTape(mutation, object, builder, resource: resource, namespace: namespace, name: name,
                              operation: operation, platform: platform, tenant: tenant, file: file, line: line)
        return builder
    }

    /// Mutations read the object through views, which work in place in the reader's tape for a parsed
    /// request and on `JSON` values for a built one (as here): both must record the same operations.
    private func assertSameFromTheTape<M: Mutation>(
        _ mutation: M.Type, _ object: JSON, _ built: JSONPatchBuilder, resource: GroupResource, namespace: String,
        name: String, operation: Admission.Operation, platform: Platform, tenant: Tenant, file: StaticString, line: UInt
    ) {
        guard let parsed = try? JSONReader.parse(JSONWriter.bytes(object)) else {
            return XCTFail("the test object does not survive a write and a parse", file: file, line: line)
        }
        let context = MutationFixtures.context(
            parsed, resource: resource, namespace: namespace, name: name, operation: operation, platform: platform,
            tenant: tenant)
        var fromTape = JSONPatchBuilder(document: parsed)
        mutation.apply(context, tenant: tenant, to: &fromTape)
        XCTAssertTrue(
            strictlyEqual(fromTape.patch.json, built.patch.json),
            "from the parsed object:\n\(render(fromTape.patch.json))\nfrom the built one:\n\(render(built.patch.json))",
            file: file, line: line)
    }

    func assertIdempotent<M: Mutation>(
        _ mutation: M.Type, _ context: MutationContext, tenant: Tenant, original: JSON, builder: JSONPatchBuilder,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        do {
            let wirePatch = try JSONPatch(parsing: builder.patch.json)
            let patched = try wirePatch.apply(to: original)
            XCTAssertTrue(
                strictlyEqual(patched, builder.document),
                "patch applied to the original:\n\(render(patched))\ndiffers from builder.document:\n\(render(builder.document))",
                file: file, line: line)
        } catch {
            XCTFail("the recorded patch does not apply to the original object: \(error)", file: file, line: line)
        }
        // The second pass is a request of its own, whose object is the patched one (mutations read the
        // request's object through their context as well as through the builder).
        let patched = builder.document
        var again = JSONPatchBuilder(document: patched)
        mutation.apply(MutationContext(policies: context.policies, request: context.request.with(object: patched)), tenant: tenant, to: &again)
        XCTAssertTrue(
            again.operations.isEmpty,
            "second pass of \(M.id) recorded \(render(again.patch.json))", file: file, line: line)
    }

    /// Compares the recorded operations with `expected`, member order included (the wire bytes follow it).
    func assertOperations(
        _ builder: JSONPatchBuilder, _ expected: JSON, file: StaticString = #filePath, line: UInt = #line
    ) {
        let actual = builder.patch.json
        XCTAssertTrue(
            strictlyEqual(actual, expected), "operations\n\(render(actual))\nexpected\n\(render(expected))",
            file: file, line: line)
    }

    func assertNoOperations(_ builder: JSONPatchBuilder, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertTrue(
            builder.operations.isEmpty, "expected no operations, got \(render(builder.patch.json))", file: file,
            line: line)
    }
}

/// Equality that, unlike `JSON ==`, also requires object members in the same order.
func strictlyEqual(_ a: JSON, _ b: JSON) -> Bool {
    switch (a, b) {
    case (.object(let x), .object(let y)):
        guard x.members.count == y.members.count else { return false }
        return zip(x.members, y.members).allSatisfy { $0.key == $1.key && strictlyEqual($0.value, $1.value) }
    case (.array(let x), .array(let y)):
        return x.count == y.count && zip(x, y).allSatisfy { strictlyEqual($0, $1) }
    default:
        return a == b
    }
}

/// Compact JSON text for failure messages (strings are not escaped: messages only).
func render(_ json: JSON) -> String {
    switch json {
    case .null: return "null"
    case .bool(let b): return b ? "true" : "false"
    case .number(let n): return n.text
    case .string(let s): return "\"\(s)\""
    case .array(let elements): return "[" + elements.map(render).joined(separator: ",") + "]"
    case .object(let object):
        return "{" + object.members.map { "\"\($0.key)\":\(render($0.value))" }.joined(separator: ",") + "}"
    }
}

extension AdmissionRequest {
    /// The same request about `object`.
    func with(object: JSON) -> AdmissionRequest {
        var request = self
        request.object = object
        return request
    }
}
