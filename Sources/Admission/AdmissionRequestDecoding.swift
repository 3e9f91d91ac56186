import JSON

extension AdmissionRequest {
    /// Decodes every field of the contract. `object`, `oldObject` and `options` may be `null` or absent;
    /// `name`, `namespace` and `subResource` may be absent; `dryRun` absent means false.
    ///
    /// Field paths (`request.userInfo.groups`) are only built for an error: every read takes them as an
    /// autoclosure, so decoding a valid review builds none.
    init(json: JSON, path: String) throws(AdmissionDecodeError) {
        func p(_ field: String) -> String { path.isEmpty ? field : path + "." + field }
        let uid = try FieldReader.string(json["uid"], at: p("uid"))
        guard !uid.isEmpty else { throw AdmissionDecodeError(path: p("uid"), reason: "missing or empty") }
        let operation = try FieldReader.string(json["operation"], at: p("operation"))
        guard !operation.isEmpty else { throw AdmissionDecodeError(path: p("operation"), reason: "missing or empty") }
        guard let kind = try FieldReader.groupVersionKind(json["kind"], at: p("kind")) else {
            throw AdmissionDecodeError(path: p("kind"), reason: "missing")
        }
        guard let resource = try FieldReader.groupVersionResource(json["resource"], at: p("resource")) else {
            throw AdmissionDecodeError(path: p("resource"), reason: "missing")
        }
        self.init(
            uid: uid,
            kind: kind,
            resource: resource,
            subResource: try FieldReader.string(json["subResource"], at: p("subResource")),
            requestKind: try FieldReader.groupVersionKind(json["requestKind"], at: p("requestKind")),
            requestResource: try FieldReader.groupVersionResource(json["requestResource"], at: p("requestResource")),
            requestSubResource: try FieldReader.string(json["requestSubResource"], at: p("requestSubResource")),
            name: try FieldReader.string(json["name"], at: p("name")),
            namespace: try FieldReader.string(json["namespace"], at: p("namespace")),
            operation: Operation(operation),
            userInfo: try FieldReader.userInfo(json["userInfo"], at: p("userInfo")),
            object: FieldReader.embedded(json["object"]),
            oldObject: FieldReader.embedded(json["oldObject"]),
            dryRun: try FieldReader.bool(json["dryRun"], at: p("dryRun")),
            options: FieldReader.embedded(json["options"])
        )
    }
}

/// Typed reads of optional fields: absent or `null` gives the zero value, a wrong type is an error that
/// names the field.
enum FieldReader {
    static func string(_ value: JSON?, at path: @autoclosure () -> String) throws(AdmissionDecodeError) -> String {
        switch value {
        case nil, .null?: return ""
        case .string(let s)?: return s
        case let other?: throw AdmissionDecodeError(path: path(), reason: "expected a string, found \(other.typeName)")
        }
    }

    static func bool(_ value: JSON?, at path: @autoclosure () -> String) throws(AdmissionDecodeError) -> Bool {
        switch value {
        case nil, .null?: return false
        case .bool(let b)?: return b
        case let other?: throw AdmissionDecodeError(path: path(), reason: "expected a boolean, found \(other.typeName)")
        }
    }

    static func strings(_ value: JSON?, at path: @autoclosure () -> String) throws(AdmissionDecodeError) -> [String] {
        switch value {
        case nil, .null?: return []
        case .array(let items)?:
            var out: [String] = []
            out.reserveCapacity(items.count)
            for (i, item) in items.enumerated() {
                guard case .string(let s) = item else {
                    throw AdmissionDecodeError(path: "\(path())[\(i)]", reason: "expected a string, found \(item.typeName)")
                }
                out.append(s)
            }
            return out
        case let other?: throw AdmissionDecodeError(path: path(), reason: "expected an array of strings, found \(other.typeName)")
        }
    }

    static func object(_ value: JSON?, at path: @autoclosure () -> String) throws(AdmissionDecodeError) -> JSON? {
        switch value {
        case nil, .null?: return nil
        case .object?: return value
        case let other?: throw AdmissionDecodeError(path: path(), reason: "expected an object, found \(other.typeName)")
        }
    }

    static func groupVersionKind(_ value: JSON?, at path: @autoclosure () -> String) throws(AdmissionDecodeError) -> GroupVersionKind? {
        guard let o = try object(value, at: path()) else { return nil }
        return GroupVersionKind(
            group: try string(o["group"], at: path() + ".group"),
            version: try string(o["version"], at: path() + ".version"),
            kind: try string(o["kind"], at: path() + ".kind"))
    }

    static func groupVersionResource(_ value: JSON?, at path: @autoclosure () -> String) throws(AdmissionDecodeError) -> GroupVersionResource? {
        guard let o = try object(value, at: path()) else { return nil }
        return GroupVersionResource(
            group: try string(o["group"], at: path() + ".group"),
            version: try string(o["version"], at: path() + ".version"),
            resource: try string(o["resource"], at: path() + ".resource"))
    }

    static func userInfo(_ value: JSON?, at path: @autoclosure () -> String) throws(AdmissionDecodeError) -> UserInfo {
        guard let o = try object(value, at: path()) else { return UserInfo() }
        var extra: [String: [String]] = [:]
        if let e = try object(o["extra"], at: path() + ".extra"), case .object(let members) = e {
            for member in members.members {
                extra[member.key] = try strings(member.value, at: "\(path()).extra.\(member.key)")
            }
        }
        return UserInfo(
            username: try string(o["username"], at: path() + ".username"),
            uid: try string(o["uid"], at: path() + ".uid"),
            groups: try strings(o["groups"], at: path() + ".groups"),
            extra: extra)
    }

    /// A RawExtension (`object`, `oldObject`, `options`): any JSON; `null` and absent mean none.
    static func embedded(_ value: JSON?) -> JSON? {
        if case .null? = value { return nil }
        return value
    }
}
