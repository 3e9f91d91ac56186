import Admission
import JSON

/// How messages name an object: `Pod tenant-acme/web-7d4b9`, `Namespace tenant-acme`,
/// `Pod tenant-acme/web-*` for a generateName before the API server picks the name.
public enum ObjectIdentity {
    /// `Kind namespace/name`.
    public static func describe(_ request: AdmissionRequest) -> String {
        let kind = request.kind.kind.isEmpty ? request.resource.resource : request.kind.kind
        return RuleText.join(kind, " ", qualifiedName(request))
    }

    /// `namespace/name`, or `name` alone for cluster-scoped objects and Namespaces.
    public static func qualifiedName(_ request: AdmissionRequest) -> String {
        let metadata = (request.object ?? request.oldObject)?["metadata"]
        var name = request.name
        if name.isEmpty { name = metadata?["name"]?.stringValue ?? "" }
        if name.isEmpty, let generate = metadata?["generateName"]?.stringValue, !generate.isEmpty { name = RuleText.join(generate, "*") }
        if name.isEmpty { name = "(unnamed)" }
        let isNamespace = request.resource.group.isEmpty && request.resource.resource == "namespaces"
        if request.namespace.isEmpty || isNamespace { return name }
        return RuleText.join(request.namespace, "/", name)
    }
}
