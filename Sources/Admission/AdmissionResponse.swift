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
    /// The JSON text of an RFC 6902 patch array; nil or empty means no patch.
    public private(set) var patch: [UInt8]?
    public var warnings: [String]
    public var auditAnnotations: [(key: String, value: String)]

    private init(uid: String, allowed: Bool, status: Status?, patch: [UInt8]?, warnings: [String], auditAnnotations: [(key: String, value: String)]) {
        self.uid = uid
        self.allowed = allowed
        self.status = status
        self.patch = patch
        self.warnings = warnings
        self.auditAnnotations = auditAnnotations
    }

    public static func validating(
        uid: String, allowed: Bool, status: Status? = nil, warnings: [String] = [],
        auditAnnotations: [(key: String, value: String)] = []
    ) -> AdmissionResponse {
        AdmissionResponse(uid: uid, allowed: allowed, status: status, patch: nil, warnings: warnings, auditAnnotations: auditAnnotations)
    }

    /// `patch` is the JSON text of the patch array; an empty array (`[]`) is sent as no patch at all.
    public static func mutating(
        uid: String, allowed: Bool, status: Status? = nil, patch: [UInt8]?, warnings: [String] = [],
        auditAnnotations: [(key: String, value: String)] = []
    ) -> AdmissionResponse {
        let isEmptyPatch = patch.map { $0.isEmpty || $0.elementsEqual("[]".utf8) } ?? true
        return AdmissionResponse(
            uid: uid, allowed: allowed, status: status, patch: isEmptyPatch ? nil : patch, warnings: warnings,
            auditAnnotations: auditAnnotations)
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
        out.append(ascii: #"{"apiVersion":"#)
        JSONWriter.writeString(version.rawValue, into: &out)
        out.append(ascii: #","kind":"AdmissionReview","response":{"uid":"#)
        JSONWriter.writeString(response.uid, into: &out)
        out.append(ascii: response.allowed ? #","allowed":true"# : #","allowed":false"#)
        if !response.allowed, let status = response.status {
            out.append(ascii: #","status":{"metadata":{},"status":"Failure","message":"#)
            JSONWriter.writeString(status.message, into: &out)
            out.append(ascii: #","reason":"#)
            JSONWriter.writeString(status.reason, into: &out)
            out.append(ascii: #","code":"#)
            out.append(contentsOf: String(max(status.code, 400)).utf8)
            out.append(UInt8(ascii: "}"))
        }
        if let patch = response.patch {
            out.append(ascii: #","patch":""#)
            Base64.encode(patch, into: &out)
            out.append(ascii: #"","patchType":"JSONPatch""#)
        }
        let warnings = ResponseText.cleanWarnings(response.warnings)
        if !warnings.isEmpty {
            out.append(ascii: #","warnings":["#)
            for (i, warning) in warnings.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONWriter.writeString(warning, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
        var wroteAnnotation = false
        let annotations = response.auditAnnotations
        for (i, annotation) in annotations.enumerated() where ResponseText.isValidAuditAnnotationKey(annotation.key) {
            // A repeated key would make two members of one name; the API server never overwrites an
            // annotation, so the first value stands. The list is a handful long: a scan beats a set.
            if annotations[..<i].contains(where: { $0.key == annotation.key }) { continue }
            out.append(ascii: wroteAnnotation ? "," : #","auditAnnotations":{"#)
            JSONWriter.writeString(annotation.key, into: &out)
            out.append(UInt8(ascii: ":"))
            JSONWriter.writeString(annotation.value, into: &out)
            wroteAnnotation = true
        }
        if wroteAnnotation { out.append(UInt8(ascii: "}")) }
        out.append(ascii: "}}")
    }

    public static func bytes(_ response: AdmissionResponse, version: AdmissionVersion) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(512 + (response.patch?.count ?? 0) * 4 / 3)
        encode(response, version: version, into: &out)
        return out
    }
}
