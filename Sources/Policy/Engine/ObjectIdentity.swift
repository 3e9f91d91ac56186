import Admission
import JSON

/// How messages name an object: `Pod tenant-acme/web-7d4b9`, `Namespace tenant-acme`,
/// `Pod tenant-acme/web-*` for a generateName before the API server picks the name.
public enum ObjectIdentity {
    /// `Kind namespace/name`.
    public static func describe(_ request: AdmissionRequest) -> String {
        var text = TextBuilder(capacity: 64)
        describe(request, into: &text)
        return text.text
    }

    /// Appends `describe(request)` to `text`.
    static func describe(_ request: AdmissionRequest, into text: inout TextBuilder) {
        text.append(request.kind.kind.isEmpty ? request.resource.resource : request.kind.kind)
        text.append(" ")
        qualifiedName(request, into: &text)
    }

    /// `namespace/name`, or `name` alone for cluster-scoped objects and Namespaces.
    public static func qualifiedName(_ request: AdmissionRequest) -> String {
        var text = TextBuilder(capacity: 64)
        qualifiedName(request, into: &text)
        return text.text
    }

    /// Appends `qualifiedName(request)` to `text`. The object's name fields are read in place.
    static func qualifiedName(_ request: AdmissionRequest, into text: inout TextBuilder) {
        let isNamespace = request.resource.group.isEmpty && request.resource.resource == "namespaces"
        if !request.namespace.isEmpty, !isNamespace {
            text.append(request.namespace)
            text.append("/")
        }
        guard request.name.isEmpty else { return text.append(request.name) }
        let metadata = (request.object ?? request.oldObject).flatMap { JSONView($0)["metadata"] }
        if let name = metadata?["name"]?.stringValue, !name.isEmpty {
            name.withUTF8 { text.append($0) }
        } else if let generate = metadata?["generateName"]?.stringValue, !generate.isEmpty {
            generate.withUTF8 { text.append($0) }
            text.append("*")
        } else {
            text.append("(unnamed)")
        }
    }
}
