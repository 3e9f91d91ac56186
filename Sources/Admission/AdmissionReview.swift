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
        let json: JSON
        do {
            json = try JSONReader.parse(bytes, limits: limits)
        } catch {
            throw AdmissionDecodeError(path: "", reason: "malformed JSON at \(error)")
        }
        return try AdmissionReview(json: json)
    }

    /// Decodes an already parsed review. Unknown fields are ignored, as the API server's own decoder does.
    public init(json: JSON) throws(AdmissionDecodeError) {
        guard case .object(let top) = json else {
            throw AdmissionDecodeError(path: "", reason: "expected an AdmissionReview object, found \(json.typeName)")
        }
        if let request = top["request"] {
            let apiVersion = try FieldReader.string(top["apiVersion"], at: "apiVersion")
            guard let version = AdmissionVersion(rawValue: apiVersion) else {
                let found = apiVersion.isEmpty ? "none" : "\"\(apiVersion)\""
                throw AdmissionDecodeError(path: "apiVersion", reason: "expected \"admission.k8s.io/v1\" or \"admission.k8s.io/v1beta1\", found \(found)")
            }
            let kind = try FieldReader.string(top["kind"], at: "kind")
            guard kind == "AdmissionReview" else {
                throw AdmissionDecodeError(path: "kind", reason: "expected \"AdmissionReview\", found \(kind.isEmpty ? "none" : "\"\(kind)\"")")
            }
            guard case .object = request else {
                throw AdmissionDecodeError(path: "request", reason: "expected an object, found \(request.typeName)")
            }
            self.init(version: version, request: try AdmissionRequest(json: request, path: "request"))
        } else if top["uid"] != nil, top["operation"] != nil {
            self.init(version: .v1, request: try AdmissionRequest(json: json, path: ""), isBareRequest: true)
        } else {
            throw AdmissionDecodeError(path: "request", reason: "missing: expected an AdmissionReview with a \"request\", or a bare request with \"uid\" and \"operation\"")
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
