import JSON

extension AdmissionRequest {
    /// Decodes every field of the contract. `object`, `oldObject` and `options` may be `null` or absent;
    /// `name`, `namespace` and `subResource` may be absent; `dryRun` absent means false.
    ///
    /// One pass over the request's members finds every field (a lookup per field scanned the members
    /// fifteen times); the fields are then checked in a fixed order, so the first error reported does
    /// not depend on the order the members came in. Field paths (`request.userInfo.groups`) are only
    /// built for an error: every read takes them as an autoclosure, so decoding a valid review builds
    /// none.
    ///
    /// `path` is a literal ("request", or "" for a bare request): capturing a `String` in every read's
    /// autoclosure cost a retain and a release around each read.
    init<Document: ReviewDocument>(_ request: Document.Value, in document: Document, path: StaticString) throws(AdmissionDecodeError) {
        func p(_ field: String) -> String { path.utf8CodeUnitCount == 0 ? field : "\(path).\(field)" }
        let reader = FieldReader(document: document)
        var fields = RequestMembers<Document.Value>()
        document.forEachMember(of: request) { name, value in fields.take(name, value) }
        let uid = try reader.string(fields.uid, at: p("uid"))
        guard !uid.isEmpty else { throw AdmissionDecodeError(path: p("uid"), reason: "missing or empty") }
        let operation = try reader.operation(fields.operation, at: p("operation"))
        guard !operation.isEmpty else { throw AdmissionDecodeError(path: p("operation"), reason: "missing or empty") }
        // A Pod's kind and resource as the API server writes them are known by their text (see
        // `podKindMembers`): read member by member, they cost ~300 instructions each. The resource is
        // compared only after the kind was a Pod's, so that other reviews pay for one comparison.
        let isPodKind = fields.kind.map { document.isObject($0, writtenAs: podKindMembers) } ?? false
        guard let kind = isPodKind ? GroupVersionKind(group: "", version: "v1", kind: "Pod") : try reader.groupVersionKind(fields.kind, at: p("kind")) else {
            throw AdmissionDecodeError(path: p("kind"), reason: "missing")
        }
        let isPodResource = isPodKind && fields.resource.map { document.isObject($0, writtenAs: podResourceMembers) } ?? false
        guard let resource = isPodResource
            ? GroupVersionResource(group: "", version: "v1", resource: "pods") : try reader.groupVersionResource(fields.resource, at: p("resource"))
        else {
            throw AdmissionDecodeError(path: p("resource"), reason: "missing")
        }
        // A Pod's `requestKind` and `requestResource` written as its kind and resource are: the same
        // comparison of their text, cheaper than comparing the two objects' nodes.
        let requestKindRepeatsKind = isPodKind && fields.requestKind.map { document.isObject($0, writtenAs: podKindMembers) } == true
            || fields.isWrittenTheSame(fields.requestKind, fields.kind, in: document)
        let requestResourceRepeatsResource =
            isPodResource && fields.requestResource.map { document.isObject($0, writtenAs: podResourceMembers) } == true
            || fields.isWrittenTheSame(fields.requestResource, fields.resource, in: document)
        self.init(
            uid: uid,
            kind: kind,
            resource: resource,
            subResource: try reader.string(fields.subResource, at: p("subResource")),
            requestKind: requestKindRepeatsKind ? nil : try reader.groupVersionKind(fields.requestKind, at: p("requestKind")),
            requestResource: requestResourceRepeatsResource
                ? nil : try reader.groupVersionResource(fields.requestResource, at: p("requestResource")),
            requestSubResource: try reader.string(fields.requestSubResource, at: p("requestSubResource")),
            name: try reader.string(fields.name, at: p("name")),
            namespace: try reader.string(fields.namespace, at: p("namespace")),
            operation: Operation(operation),
            userInfo: try reader.userInfo(fields.userInfo, at: p("userInfo")),
            object: reader.embedded(fields.object),
            oldObject: reader.embedded(fields.oldObject),
            dryRun: try reader.bool(fields.dryRun, at: p("dryRun")),
            options: reader.embedded(fields.options),
            requestKindRepeatsKind: requestKindRepeatsKind,
            requestResourceRepeatsResource: requestResourceRepeatsResource
        )
    }
}

/// The request's members by name, as one pass over them finds them. The first of a repeated name is
/// kept, as a lookup by name would find it (the reader rejects repeats; a `JSON` value built in memory
/// may have them).
private struct RequestMembers<Value> {
    var uid: Value?
    var kind: Value?
    var resource: Value?
    var subResource: Value?
    var requestKind: Value?
    var requestResource: Value?
    var requestSubResource: Value?
    var name: Value?
    var namespace: Value?
    var operation: Value?
    var userInfo: Value?
    var object: Value?
    var oldObject: Value?
    var dryRun: Value?
    var options: Value?

    /// Whether both are present and written the same: `requestKind` and `requestResource` repeat
    /// `kind` and `resource` in nearly every review, and are then taken from them instead of decoded
    /// again.
    func isWrittenTheSame<Document: ReviewDocument>(_ a: Value?, _ b: Value?, in document: Document) -> Bool where Document.Value == Value {
        guard let a, let b else { return false }
        return document.isWrittenTheSame(a, b)
    }

    /// Sorted by the name's length first: most names are told apart by it alone.
    mutating func take(_ name: UnsafeBufferPointer<UInt8>, _ value: Value) {
        switch name.count {
        case 3: if name.equals("uid") { keepFirst(&uid, value) }
        case 4:
            if name.equals("kind") { keepFirst(&kind, value) } else if name.equals("name") { keepFirst(&self.name, value) }
        case 6:
            if name.equals("object") { keepFirst(&object, value) } else if name.equals("dryRun") { keepFirst(&dryRun, value) }
        case 7: if name.equals("options") { keepFirst(&options, value) }
        case 8:
            if name.equals("resource") { keepFirst(&resource, value) } else if name.equals("userInfo") { keepFirst(&userInfo, value) }
        case 9:
            if name.equals("namespace") {
                keepFirst(&namespace, value)
            } else if name.equals("operation") {
                keepFirst(&operation, value)
            } else if name.equals("oldObject") {
                keepFirst(&oldObject, value)
            }
        case 11:
            if name.equals("subResource") {
                keepFirst(&subResource, value)
            } else if name.equals("requestKind") {
                keepFirst(&requestKind, value)
            }
        case 15: if name.equals("requestResource") { keepFirst(&requestResource, value) }
        case 18: if name.equals("requestSubResource") { keepFirst(&requestSubResource, value) }
        default: break
        }
    }
}

/// The members of a Pod's `kind` (and `requestKind`) as the API server writes them, in its order and
/// without spaces: read member by member, they give the core group, `v1` and `Pod`.
let podKindMembers: StaticString = #""group":"","version":"v1","kind":"Pod""#
/// The members of pods' `resource` (and `requestResource`), as `podKindMembers`.
let podResourceMembers: StaticString = #""group":"","version":"v1","resource":"pods""#

@inline(__always)
private func keepFirst<Value>(_ slot: inout Value?, _ value: Value) {
    if slot == nil { slot = value }
}

/// Typed reads of optional fields: absent or `null` gives the zero value, a wrong type is an error that
/// names the field.
struct FieldReader<Document: ReviewDocument> {
    typealias Value = Document.Value
    let document: Document

    func string(_ value: Value?, at path: @autoclosure () -> String) throws(AdmissionDecodeError) -> String {
        guard let value, !document.isNull(value) else { return "" }
        guard let s = document.string(value) else {
            throw AdmissionDecodeError(path: path(), reason: "expected a string, found \(document.typeName(value))")
        }
        return s
    }

    /// `string(_:at:)`'s checks and errors, without building the string: the value when it is one,
    /// nil when it is absent or `null`.
    func checkedString(_ value: Value?, at path: @autoclosure () -> String) throws(AdmissionDecodeError) -> Value? {
        guard let value, !document.isNull(value) else { return nil }
        guard document.isString(value) else {
            throw AdmissionDecodeError(path: path(), reason: "expected a string, found \(document.typeName(value))")
        }
        return value
    }

    func bool(_ value: Value?, at path: @autoclosure () -> String) throws(AdmissionDecodeError) -> Bool {
        guard let value, !document.isNull(value) else { return false }
        guard let b = document.bool(value) else {
            throw AdmissionDecodeError(path: path(), reason: "expected a boolean, found \(document.typeName(value))")
        }
        return b
    }

    func strings(_ value: Value?, at path: @autoclosure () -> String) throws(AdmissionDecodeError) -> [String] {
        guard let value, !document.isNull(value) else { return [] }
        guard document.isArray(value) else {
            throw AdmissionDecodeError(path: path(), reason: "expected an array of strings, found \(document.typeName(value))")
        }
        var out: [String] = []
        out.reserveCapacity(document.count(value))
        var wrong: Value?
        document.forEachElement(of: value) { item in
            guard wrong == nil else { return }
            if let s = document.string(item) { out.append(s) } else { wrong = item }
        }
        if let wrong {
            // `out` holds the strings before it, so its count is the wrong element's index.
            throw AdmissionDecodeError(path: "\(path())[\(out.count)]", reason: "expected a string, found \(document.typeName(wrong))")
        }
        return out
    }

    /// `strings(_:at:)`'s checks and errors, without building the strings or the array: the array
    /// when it is one of strings, nil when it is absent or `null`.
    func checkedStrings(_ value: Value?, at path: @autoclosure () -> String) throws(AdmissionDecodeError) -> Value? {
        guard let value, !document.isNull(value) else { return nil }
        guard document.isArray(value) else {
            throw AdmissionDecodeError(path: path(), reason: "expected an array of strings, found \(document.typeName(value))")
        }
        var index = 0
        var wrong: Value?
        document.forEachElement(of: value) { item in
            guard wrong == nil else { return }
            if document.isString(item) { index += 1 } else { wrong = item }
        }
        if let wrong {
            throw AdmissionDecodeError(path: "\(path())[\(index)]", reason: "expected a string, found \(document.typeName(wrong))")
        }
        return value
    }

    /// The operation: one of the four the API server sends is read as its literal (a comparison where
    /// building the string cost more), anything else as any string is.
    func operation(_ value: Value?, at path: @autoclosure () -> String) throws(AdmissionDecodeError) -> String {
        if let value {
            if document.isString(value, "CREATE") { return "CREATE" }
            if document.isString(value, "UPDATE") { return "UPDATE" }
            if document.isString(value, "DELETE") { return "DELETE" }
            if document.isString(value, "CONNECT") { return "CONNECT" }
        }
        return try string(value, at: path())
    }

    /// A kind's or resource's version: `v1`, the version of the core group and of most others
    /// (`apps/v1`, `batch/v1`, `rbac.authorization.k8s.io/v1`), is read as its literal (a comparison
    /// where building the string cost ~130 instructions more), anything else as any string is.
    private func version(_ value: Value?, at path: @autoclosure () -> String) throws(AdmissionDecodeError) -> String {
        if let value, document.isString(value, "v1") { return "v1" }
        return try string(value, at: path())
    }

    /// A kind: `Pod`, the kind most reviews are about, is read as its literal (a comparison where
    /// building the string cost more), anything else as any string is.
    private func kindName(_ value: Value?, at path: @autoclosure () -> String) throws(AdmissionDecodeError) -> String {
        if let value, document.isString(value, "Pod") { return "Pod" }
        return try string(value, at: path())
    }

    /// A resource: `pods` read as its literal, as `kindName` reads `Pod`.
    private func resourceName(_ value: Value?, at path: @autoclosure () -> String) throws(AdmissionDecodeError) -> String {
        if let value, document.isString(value, "pods") { return "pods" }
        return try string(value, at: path())
    }

    func object(_ value: Value?, at path: @autoclosure () -> String) throws(AdmissionDecodeError) -> Value? {
        guard let value, !document.isNull(value) else { return nil }
        guard document.isObject(value) else {
            throw AdmissionDecodeError(path: path(), reason: "expected an object, found \(document.typeName(value))")
        }
        return value
    }

    func groupVersionKind(_ value: Value?, at path: @autoclosure () -> String) throws(AdmissionDecodeError) -> GroupVersionKind? {
        guard let o = try object(value, at: path()) else { return nil }
        var group: Value?, version: Value?, kind: Value?
        document.forEachMember(of: o) { name, value in
            switch name.count {
            case 4: if name.equals("kind") { keepFirst(&kind, value) }
            case 5: if name.equals("group") { keepFirst(&group, value) }
            case 7: if name.equals("version") { keepFirst(&version, value) }
            default: break
            }
        }
        return GroupVersionKind(
            group: try string(group, at: path() + ".group"),
            version: try self.version(version, at: path() + ".version"),
            kind: try kindName(kind, at: path() + ".kind"))
    }

    func groupVersionResource(_ value: Value?, at path: @autoclosure () -> String) throws(AdmissionDecodeError) -> GroupVersionResource? {
        guard let o = try object(value, at: path()) else { return nil }
        var group: Value?, version: Value?, resource: Value?
        document.forEachMember(of: o) { name, value in
            switch name.count {
            case 5: if name.equals("group") { keepFirst(&group, value) }
            case 7: if name.equals("version") { keepFirst(&version, value) }
            case 8: if name.equals("resource") { keepFirst(&resource, value) }
            default: break
            }
        }
        return GroupVersionResource(
            group: try string(group, at: path() + ".group"),
            version: try self.version(version, at: path() + ".version"),
            resource: try resourceName(resource, at: path() + ".resource"))
    }

    func userInfo(_ value: Value?, at path: @autoclosure () -> String) throws(AdmissionDecodeError) -> UserInfo {
        guard let o = try object(value, at: path()) else { return UserInfo() }
        var username: Value?, uid: Value?, groups: Value?, extraValue: Value?
        document.forEachMember(of: o) { name, value in
            switch name.count {
            case 3: if name.equals("uid") { keepFirst(&uid, value) }
            case 5: if name.equals("extra") { keepFirst(&extraValue, value) }
            case 6: if name.equals("groups") { keepFirst(&groups, value) }
            case 8: if name.equals("username") { keepFirst(&username, value) }
            default: break
            }
        }
        var extra: [String: [String]] = [:]
        if let e = try object(extraValue, at: path() + ".extra") {
            var failure: AdmissionDecodeError?
            document.forEachMember(of: e) { name, value in
                guard failure == nil else { return }
                let key = String(decoding: name, as: UTF8.self)
                do throws(AdmissionDecodeError) {
                    extra[key] = try strings(value, at: "\(path()).extra.\(key)")
                } catch {
                    failure = error
                }
            }
            if let failure { throw failure }
        }
        let kept = document.keptUser(
            username: try checkedString(username, at: path() + ".username"),
            uid: try checkedString(uid, at: path() + ".uid"),
            groups: try checkedStrings(groups, at: path() + ".groups"))
        return UserInfo(source: kept, extra: extra)
    }

    /// A RawExtension (`object`, `oldObject`, `options`): any JSON; `null` and absent mean none.
    func embedded(_ value: Value?) -> JSON? {
        guard let value, !document.isNull(value) else { return nil }
        return document.json(value)
    }
}
