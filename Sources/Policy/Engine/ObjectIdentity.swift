import Admission
import JSON

/// How messages name an object: `Pod tenant-acme/web-7d4b9`, `Namespace tenant-acme`,
/// `Pod tenant-acme/web-*` for a generateName before the API server picks the name.
public enum ObjectIdentity {
    /// `Kind namespace/name`.
    public static func describe(_ request: AdmissionRequest) -> String {
        return TextBuilder.withStackBuffer { text in
            describe(request, into: &text)
            return text.text
        }
    }

    /// Appends `describe(request)` to `text`. Each of the request's fields is read once (each read of
    /// one copies it out of the request's storage).
    static func describe(_ request: AdmissionRequest, into text: inout TextBuilder) {
        let kind = request.kind.kind
        let resource = request.resource
        text.append(kind.isEmpty ? resource.resource : kind)
        text.append(" ")
        qualifiedName(request, resource: resource, into: &text)
    }

    /// `namespace/name`, or `name` alone for cluster-scoped objects and Namespaces.
    public static func qualifiedName(_ request: AdmissionRequest) -> String {
        return TextBuilder.withStackBuffer { text in
            qualifiedName(request, into: &text)
            return text.text
        }
    }

    /// Appends `qualifiedName(request)` to `text`. The object's name fields are read in place.
    static func qualifiedName(_ request: AdmissionRequest, into text: inout TextBuilder) {
        qualifiedName(request, resource: request.resource, into: &text)
    }

    private static func qualifiedName(_ request: AdmissionRequest, resource: GroupVersionResource, into text: inout TextBuilder) {
        let isNamespace = resource.group.isEmpty && resource.resource == "namespaces"
        let namespace = request.namespace
        if !namespace.isEmpty, !isNamespace {
            text.append(namespace)
            text.append("/")
        }
        let name = request.name
        guard name.isEmpty else { return text.append(name) }
        // The object read where the request holds it (`??` copied it out, and out again).
        switch request.object {
        case .some(let object): objectName(object, into: &text)
        case .none: objectName(request.oldObject, into: &text)
        }
    }

    /// The name in `object`'s metadata (`generateName` and `*` when it has none), or `(unnamed)`.
    private static func objectName(_ object: JSON?, into text: inout TextBuilder) {
        if let (document, root) = object?.tapeNode {
            // The request's object, read in the tape (through views, a view per level made and dropped),
            // its metadata's names in one pass (a generated name's object has no `name`, so looking it up
            // walked every member before `generateName` was looked up).
            var name, generate: JSONTapeNode?
            if let metadata = document.member("metadata", of: root) {
                document.forEachMember(of: metadata) { key, value in
                    if name == nil, JSONView.key(key, is: "name") {
                        name = value
                    } else if generate == nil, JSONView.key(key, is: "generateName") {
                        generate = value
                    }
                }
            }
            if let name, appendNonEmpty(document, name, to: &text) {
                return
            }
            if let generate, appendNonEmpty(document, generate, to: &text) {
                return text.append("*")
            }
            return text.append("(unnamed)")
        }
        let metadata = object.flatMap { JSONView($0)["metadata"] }
        if let name = metadata?["name"]?.stringValue, !name.isEmpty {
            name.withUTF8 { text.append($0) }
        } else if let generate = metadata?["generateName"]?.stringValue, !generate.isEmpty {
            generate.withUTF8 { text.append($0) }
            text.append("*")
        } else {
            text.append("(unnamed)")
        }
    }

    /// Appends the string at `node` and returns true; false, appending nothing, when it is not a string
    /// or is empty.
    private static func appendNonEmpty(_ document: JSONTapeDocument, _ node: JSONTapeNode, to text: inout TextBuilder) -> Bool {
        document.withStringBytes(node) { bytes in
            guard !bytes.isEmpty else { return false }
            text.append(bytes)
            return true
        } ?? false
    }
}
