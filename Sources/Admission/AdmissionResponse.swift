import JSON

/// What tenantry answers. Build it with `validating` or `mutating`: only the mutating path can carry a
/// patch, because the API server fails a validating webhook that returns one (contract §1.2).
public struct AdmissionResponse: Sendable, Equatable {
    public struct Status: Sendable, Equatable {
        /// ≥ 400; the API server turns anything lower into 400.
        public var code: Int
        public var reason: String
        public var message: String
        public init(code: Int, reason: String, message: String) {
            self.code = code
            self.reason = reason
            self.message = message
        }
        public static func forbidden(_ message: String) -> Status {
            Status(code: 403, reason: "Forbidden", message: message)
        }
    }

    public var uid: String
    public var allowed: Bool
    /// Sent only with `allowed: false` (the API server ignores it otherwise).
    public var status: Status?
    /// The JSON text of an RFC 6902 patch array; nil means no patch.
    public var patch: [UInt8]? {
        switch patchPayload {
        case nil: return nil
        case .text(let text): return text
        case .operations(let patch): return JSONPatchWriter.bytes(patch)
        }
    }
    public var warnings: [String]
    public var auditAnnotations: [(key: String, value: String)] {
        get {
            switch annotations {
            case .strings(let list): return list
            case .standard(let standard): return standard.list
            }
        }
        set { annotations = .strings(newValue) }
    }

    /// The audit annotations as they were given: tenantry's own four stay a `StandardAuditAnnotations`,
    /// whose constant keys the encoder writes without checking them.
    @usableFromInline enum Annotations: Sendable {
        case strings([(key: String, value: String)])
        case standard(StandardAuditAnnotations)
    }
    @usableFromInline private(set) var annotations: Annotations

    /// A patch as the response holds it until it is encoded.
    @usableFromInline enum PatchPayload: Sendable {
        /// Its JSON text, written already.
        case text([UInt8])
        /// The operations, which the encoder writes straight into the response and base64-encodes
        /// there (no array of the text in between).
        case operations(JSONPatch)
    }
    /// Never an empty patch.
    @usableFromInline private(set) var patchPayload: PatchPayload?

    // The factories are inlinable so that the response is built in the caller: called across modules,
    // `validating` cost ~630 instructions a response to build it, copy it out and destroy its copy.
    @usableFromInline init(
        uid: String, allowed: Bool, status: Status?, patch: PatchPayload?, warnings: [String], annotations: Annotations
    ) {
        self.uid = uid
        self.allowed = allowed
        self.status = status
        self.patchPayload = patch
        self.warnings = warnings
        self.annotations = annotations
    }

    @inlinable
    public static func validating(
        uid: String, allowed: Bool, status: Status? = nil, warnings: [String] = [],
        auditAnnotations: [(key: String, value: String)] = []
    ) -> AdmissionResponse {
        AdmissionResponse(
            uid: uid, allowed: allowed, status: status, patch: nil, warnings: warnings, annotations: .strings(auditAnnotations))
    }

    /// The same with tenantry's own four annotations, which the encoder writes without checking them.
    @inlinable
    public static func validating(
        uid: String, allowed: Bool, status: Status? = nil, warnings: [String] = [], auditAnnotations: StandardAuditAnnotations
    ) -> AdmissionResponse {
        AdmissionResponse(
            uid: uid, allowed: allowed, status: status, patch: nil, warnings: warnings, annotations: .standard(auditAnnotations))
    }

    /// `patch` is the JSON text of the patch array; an empty array (`[]`) is sent as no patch at all.
    public static func mutating(
        uid: String, allowed: Bool, status: Status? = nil, patch: [UInt8]?, warnings: [String] = [],
        auditAnnotations: [(key: String, value: String)] = []
    ) -> AdmissionResponse {
        let isEmptyPatch = patch.map { $0.isEmpty || $0.elementsEqual("[]".utf8) } ?? true
        return AdmissionResponse(
            uid: uid, allowed: allowed, status: status, patch: isEmptyPatch ? nil : patch.map(PatchPayload.text),
            warnings: warnings, annotations: .strings(auditAnnotations))
    }

    /// The same for a patch of operations, which the encoder writes straight into the response (a
    /// patch without operations is sent as no patch at all).
    @inlinable
    public static func mutating(
        uid: String, allowed: Bool, status: Status? = nil, patch: JSONPatch, warnings: [String] = [],
        auditAnnotations: [(key: String, value: String)] = []
    ) -> AdmissionResponse {
        AdmissionResponse(
            uid: uid, allowed: allowed, status: status, patch: patch.isEmpty ? nil : .operations(patch),
            warnings: warnings, annotations: .strings(auditAnnotations))
    }

    /// The same with tenantry's own four annotations, which the encoder writes without checking them.
    @inlinable
    public static func mutating(
        uid: String, allowed: Bool, status: Status? = nil, patch: JSONPatch, warnings: [String] = [],
        auditAnnotations: StandardAuditAnnotations
    ) -> AdmissionResponse {
        AdmissionResponse(
            uid: uid, allowed: allowed, status: status, patch: patch.isEmpty ? nil : .operations(patch),
            warnings: warnings, annotations: .standard(auditAnnotations))
    }

    public static func == (a: AdmissionResponse, b: AdmissionResponse) -> Bool {
        a.uid == b.uid && a.allowed == b.allowed && a.status == b.status && a.patch == b.patch && a.warnings == b.warnings
            && a.auditAnnotations.map(\.key) == b.auditAnnotations.map(\.key)
            && a.auditAnnotations.map(\.value) == b.auditAnnotations.map(\.value)
    }
}

/// Writes the response envelope, straight to bytes: this runs for every request.
public enum AdmissionResponseEncoder {
    public static func encode(_ response: AdmissionResponse, version: AdmissionVersion, into out: inout [UInt8]) {
        JSONOutput.append(to: &out) { encode(response, version: version, into: &$0) }
    }

    public static func bytes(_ response: AdmissionResponse, version: AdmissionVersion) -> [UInt8] {
        JSONOutput.bytes { encode(response, version: version, into: &$0) }
    }

    public static func encode(_ response: AdmissionResponse, version: AdmissionVersion, into out: inout JSONOutput) {
        writeOpening(uid: response.uid, allowed: response.allowed, status: response.status, version: version, into: &out)
        switch response.patchPayload {
        case nil: break
        case .text(let text):
            out.append(ascii: #","patch":""#)
            text.withUnsafeBufferPointer { Base64.encode($0, into: &out) }
            out.append(ascii: #"","patchType":"JSONPatch""#)
        case .operations(let patch):
            out.append(ascii: #","patch":""#)
            let start = out.count
            JSONPatchWriter.write(patch, into: &out)
            Base64.encodeInPlace(&out, from: start)
            out.append(ascii: #"","patchType":"JSONPatch""#)
        }
        if !response.warnings.isEmpty {
            writeWarnings(ResponseText.cleanWarnings(response.warnings), into: &out)
        }
        switch response.annotations {
        case .strings(let list): writeAuditAnnotations(list, into: &out)
        case .standard(let standard): writeAuditAnnotations(standard, into: &out)
        }
        out.append(ascii: "}}")
    }

    /// The bytes `bytes(.validating(uid:allowed:status:warnings:auditAnnotations:), version:)` writes
    /// for an answer whose status, when it denies, is `Status.forbidden(denial)` and whose annotations
    /// are the standard four, written from the parts without building the response (a response built
    /// only to be encoded cost a copy and a teardown of it). The values that never need an escape are
    /// given as literals: `actor`, and the rules (`ruleCount` of them, `rule(i)` each, joined with
    /// commas as sent; none, no `rules` annotation). The engine's answer on every request: no `Status`
    /// or annotations value is built, and only the uid, the denial, the warnings and the tenant are
    /// checked for characters to escape.
    ///
    /// `actor` and the rules must be text that JSON strings carry as it is (the callers' literals are
    /// lowercase ASCII letters and hyphens).
    public static func validatingBytes(
        uid: String, allowed: Bool, forbidden denial: String?, warnings: [String], tenant: String, actor: StaticString,
        ruleCount: Int, rule: (Int) -> StaticString, version: AdmissionVersion
    ) -> [UInt8] {
        JSONOutput.bytes { out in
            writeEnvelope(uid: uid, allowed: allowed, version: version, into: &out)
            if !allowed, let denial {
                out.append(ascii: #","status":{"metadata":{},"status":"Failure","message":"#)
                JSONWriter.writeString(denial, into: &out)
                // `Status.forbidden`'s reason and code, as `writeOpening` writes them.
                out.append(ascii: #","reason":"Forbidden","code":403}"#)
            }
            if !warnings.isEmpty {
                writeWarnings(ResponseText.cleanWarnings(warnings), into: &out)
            }
            out.append(ascii: #","auditAnnotations":{"tenant":"#)
            JSONWriter.writeString(tenant, into: &out)
            out.append(ascii: #","actor":""#)
            out.append(ascii: actor)
            if allowed {
                out.append(ascii: #"","decision":"allow""#)
            } else {
                out.append(ascii: #"","decision":"deny""#)
            }
            if ruleCount > 0 {
                out.append(ascii: #","rules":""#)
                for index in 0..<ruleCount {
                    if index > 0 { out.append(UInt8(ascii: ",")) }
                    out.append(ascii: rule(index))
                }
                out.append(UInt8(ascii: "\""))
            }
            out.append(ascii: "}}}")
        }
    }

    /// The envelope up to `allowed` included.
    private static func writeEnvelope(uid: String, allowed: Bool, version: AdmissionVersion, into out: inout JSONOutput) {
        // The envelope up to the uid's value is one constant per version.
        switch version {
        case .v1: out.append(ascii: #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"#)
        case .v1beta1: out.append(ascii: #"{"apiVersion":"admission.k8s.io/v1beta1","kind":"AdmissionReview","response":{"uid":"#)
        }
        JSONWriter.writeString(uid, into: &out)
        if allowed {
            out.append(ascii: #","allowed":true"#)
        } else {
            out.append(ascii: #","allowed":false"#)
        }
    }

    /// The envelope up to the end of `status` (sent only with a denial).
    private static func writeOpening(
        uid: String, allowed: Bool, status: AdmissionResponse.Status?, version: AdmissionVersion, into out: inout JSONOutput
    ) {
        writeEnvelope(uid: uid, allowed: allowed, version: version, into: &out)
        if !allowed, let status {
            out.append(ascii: #","status":{"metadata":{},"status":"Failure","message":"#)
            JSONWriter.writeString(status.message, into: &out)
            out.append(ascii: #","reason":"#)
            JSONWriter.writeString(status.reason, into: &out)
            out.append(ascii: #","code":"#)
            out.append(decimal: Int64(max(status.code, 400)))
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func writeWarnings(_ warnings: [String], into out: inout JSONOutput) {
        guard !warnings.isEmpty else { return }
        out.append(ascii: #","warnings":["#)
        for i in warnings.indices {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            JSONWriter.writeString(warnings[i], into: &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    private static func writeAuditAnnotations(_ annotations: [(key: String, value: String)], into out: inout JSONOutput) {
        var wroteAnnotation = false
        for i in annotations.indices {
            let key = annotations[i].key
            // A repeated key would make two members of one name; the API server never overwrites an
            // annotation, so the first value stands. The list is a handful long: a scan beats a set.
            if annotations[..<i].contains(where: { $0.key == key }) { continue }
            // The key's bytes are checked and, when valid (so free of anything to escape), written in
            // the same visit.
            let written =
                key.utf8.withContiguousStorageIfAvailable { writeKey($0, first: !wroteAnnotation, into: &out) }
                ?? writeKey(Array(key.utf8), first: !wroteAnnotation, into: &out)
            guard written else { continue }
            JSONWriter.writeString(annotations[i].value, into: &out)
            wroteAnnotation = true
        }
        if wroteAnnotation { out.append(UInt8(ascii: "}")) }
    }

    /// tenantry's own annotations: their keys are constants the API server accepts, and distinct, so
    /// they are written as they are; only the values are escaped as any string is.
    private static func writeAuditAnnotations(_ annotations: StandardAuditAnnotations, into out: inout JSONOutput) {
        out.append(ascii: #","auditAnnotations":{"tenant":"#)
        JSONWriter.writeString(annotations.tenant, into: &out)
        out.append(ascii: #","actor":"#)
        JSONWriter.writeString(annotations.actor, into: &out)
        out.append(ascii: #","decision":"#)
        JSONWriter.writeString(annotations.decision, into: &out)
        if let rules = annotations.rules {
            out.append(ascii: #","rules":"#)
            JSONWriter.writeString(rules, into: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    /// Writes the opening of the object (for the first annotation) or a comma, then `"key":`; does
    /// nothing and returns false when the API server would drop the key.
    private static func writeKey(_ key: UnsafeBufferPointer<UInt8>, first: Bool, into out: inout JSONOutput) -> Bool {
        guard ResponseText.isValidAuditAnnotationKey(bytes: key) else { return false }
        if first {
            out.append(ascii: #","auditAnnotations":{""#)
        } else {
            out.append(ascii: #",""#)
        }
        out.append(key)
        out.append(ascii: #"":"#)
        return true
    }

    private static func writeKey(_ key: [UInt8], first: Bool, into out: inout JSONOutput) -> Bool {
        key.withUnsafeBufferPointer { writeKey($0, first: first, into: &out) }
    }
}
