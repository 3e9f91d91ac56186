import JSON

/// The two AdmissionReview versions the API server speaks. A response must use the request's.
public enum AdmissionVersion: String, Sendable, CaseIterable {
    case v1 = "admission.k8s.io/v1"
    case v1beta1 = "admission.k8s.io/v1beta1"
}

/// A decoded AdmissionReview: the request and the envelope version to answer in.
public struct AdmissionReview: Sendable, Equatable {
    public var version: AdmissionVersion
    public var request: AdmissionRequest
    /// True when the input was a bare `request` object (kwctl-style fixtures) rather than an envelope;
    /// such input is treated as v1.
    public var isBareRequest: Bool

    public init(version: AdmissionVersion, request: AdmissionRequest, isBareRequest: Bool = false) {
        self.version = version
        self.request = request
        self.isBareRequest = isBareRequest
    }

    /// Parses and decodes the bytes of an AdmissionReview (full envelope or bare request).
    public static func decode(_ bytes: [UInt8], limits: JSONLimits = .default) throws(AdmissionDecodeError) -> AdmissionReview {
        let document: JSONTapeDocument
        do {
            document = try JSONTapeDocument(parsing: bytes, limits: limits)
        } catch {
            throw AdmissionDecodeError(path: "", reason: "malformed JSON at \(error)")
        }
        return try AdmissionReview(document.root, in: document)
    }

    /// Decodes an already parsed review. Unknown fields are ignored, as the API server's own decoder does.
    public init(json: JSON) throws(AdmissionDecodeError) {
        // A review the reader parsed is read from its tape; one built in memory, member by member.
        if let (document, top) = json.tapeNode {
            try self.init(top, in: document)
        } else {
            try self.init(json, in: JSONValues())
        }
    }

    private init<Document: ReviewDocument>(_ top: Document.Value, in document: Document) throws(AdmissionDecodeError) {
        guard document.isObject(top) else {
            throw AdmissionDecodeError(path: "", reason: "expected an AdmissionReview object, found \(document.typeName(top))")
        }
        var request: Document.Value?, apiVersion: Document.Value?, kind: Document.Value?
        var hasUID = false, hasOperation = false
        document.forEachMember(of: top) { name, value in
            switch name.count {
            case 3: if name.equals("uid") { hasUID = true }
            case 4: if name.equals("kind"), kind == nil { kind = value }
            case 7: if name.equals("request"), request == nil { request = value }
            case 9: if name.equals("operation") { hasOperation = true }
            case 10: if name.equals("apiVersion"), apiVersion == nil { apiVersion = value }
            default: break
            }
        }
        if let request {
            let version = try Self.version(apiVersion, in: document)
            try Self.checkKind(kind, in: document)
            guard document.isObject(request) else {
                throw AdmissionDecodeError(path: "request", reason: "expected an object, found \(document.typeName(request))")
            }
            self.init(version: version, request: try AdmissionRequest(request, in: document, path: "request"))
        } else if hasUID, hasOperation {
            self.init(version: .v1, request: try AdmissionRequest(top, in: document, path: ""), isBareRequest: true)
        } else {
            throw AdmissionDecodeError(path: "request", reason: "missing: expected an AdmissionReview with a \"request\", or a bare request with \"uid\" and \"operation\"")
        }
    }

    /// The envelope's version. The bytes of the two known versions are compared in place; anything
    /// else takes the `String` path, whose comparison (and error) is the one that decides.
    private static func version<Document: ReviewDocument>(_ value: Document.Value?, in document: Document) throws(AdmissionDecodeError) -> AdmissionVersion {
        if let value {
            if document.isString(value, "admission.k8s.io/v1") { return .v1 }
            if document.isString(value, "admission.k8s.io/v1beta1") { return .v1beta1 }
        }
        let apiVersion = try FieldReader(document: document).string(value, at: "apiVersion")
        guard let version = AdmissionVersion(rawValue: apiVersion) else {
            let found = apiVersion.isEmpty ? "none" : "\"\(apiVersion)\""
            throw AdmissionDecodeError(path: "apiVersion", reason: "expected \"admission.k8s.io/v1\" or \"admission.k8s.io/v1beta1\", found \(found)")
        }
        return version
    }

    /// The envelope's kind must be AdmissionReview; compared in place as `version` is.
    private static func checkKind<Document: ReviewDocument>(_ value: Document.Value?, in document: Document) throws(AdmissionDecodeError) {
        if let value, document.isString(value, "AdmissionReview") { return }
        let kind = try FieldReader(document: document).string(value, at: "kind")
        guard kind == "AdmissionReview" else {
            throw AdmissionDecodeError(path: "kind", reason: "expected \"AdmissionReview\", found \(kind.isEmpty ? "none" : "\"\(kind)\"")")
        }
    }
}

/// Why an AdmissionReview could not be read, naming the field (`request.userInfo.groups[2]`).
public struct AdmissionDecodeError: Error, Sendable, Equatable, CustomStringConvertible {
    public let path: String
    public let reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { path.isEmpty ? reason : "\(path): \(reason)" }
}
