import Admission
import JSON
import Logging
import NIOHTTP1
import Policy

/// What an endpoint answers: a status and a JSON body.
public struct HTTPReply: Sendable {
    public var status: HTTPResponseStatus
    public var body: [UInt8]
    /// Headers besides Content-Type, Content-Length and Connection (e.g. `Allow` on a 405).
    public var headers: [(name: String, value: String)]
    public var contentType: String

    public init(
        status: HTTPResponseStatus, body: [UInt8], headers: [(name: String, value: String)] = [],
        contentType: String = "application/json"
    ) {
        self.status = status
        self.body = body
        self.headers = headers
        self.contentType = contentType
    }

    /// An error with a `metav1.Status` body naming what is wrong.
    public static func error(
        _ status: HTTPResponseStatus, reason: String, _ message: String, headers: [(name: String, value: String)] = []
    ) -> HTTPReply {
        HTTPReply(status: status, body: StatusBody.bytes(code: Int(status.code), reason: reason, message: message), headers: headers)
    }
}

/// Bytes of an AdmissionReview in, status and bytes of the answer out: decode, run the engine with
/// the current policy set, encode. The only caller of the engine in the server, and free of
/// sockets, so it is tested directly.
///
/// A bare `request` object (the form kwctl-style fixtures use) is accepted as v1 and answered in a
/// v1 envelope, as `tenantry replay` reads it; the API server itself always sends an envelope.
///
/// On the allow path nothing here builds a string: the decoder reads the bytes, the engine does
/// lookups, the encoder writes bytes. Denials are logged (once each, with uid, tenant, actor, rules).
public struct AdmissionService: Sendable {
    public let policies: PolicyStore
    private let logger: Logger
    private let observer: any AdmissionObserver
    private let limits: JSONLimits
    /// Whether the logger takes `info` lines, asked once: `logger` is a constant, and asking its
    /// handler on every denial cost more than the rest of a denial's logging when it is off.
    private let logsDenials: Bool

    public init(policies: PolicyStore, logger: Logger, observer: any AdmissionObserver = NoAdmissionObserver(), maxBodyBytes: Int) {
        self.policies = policies
        self.logger = logger
        self.observer = observer
        self.limits = JSONLimits(maxBytes: max(1, maxBodyBytes))
        self.logsDenials = logger.logLevel <= .info
    }

    public func handle(_ endpoint: AdmissionEndpoint, body: [UInt8]) -> HTTPReply {
        let clock = ContinuousClock()
        let start = clock.now
        let set = policies.current
        let review: AdmissionReview
        do throws(AdmissionDecodeError) {
            review = try AdmissionReview.decode(body, limits: limits)
        } catch {
            return malformed(endpoint, body: body, reason: "malformed AdmissionReview: \(error)", set: set, start: start, clock: clock)
        }
        // The request is read where it lies in the review: a copy of it (its box and its object)
        // would be retained here and released again, on every request.
        let responseBody: [UInt8]
        let result: AdmissionEvent.Result
        switch endpoint {
        case .validate:
            let decision = Engine.validate(review.request, with: set)
            if !decision.allowed, logsDenials { logDenial(decision, review: review) }
            responseBody = decision.responseBytes(uid: review.request.uid, version: review.version)
            result = .validated(decision)
        case .mutate:
            let outcome = Engine.mutate(review.request, with: set)
            responseBody = AdmissionResponseEncoder.bytes(outcome.response(uid: review.request.uid), version: review.version)
            result = .mutated(outcome)
        }
        // The result and the review are moved into the event, not copied: a copy would be retained
        // member by member and released again after the observer, on every request.
        observer.admissionCompleted(AdmissionEvent(
            endpoint: endpoint, result: consume result, review: consume review, requestBody: body, responseBody: responseBody,
            policyHash: set.contentHash, latency: clock.now - start))
        return HTTPReply(status: .ok, body: responseBody)
    }

    private func malformed(
        _ endpoint: AdmissionEndpoint, body: [UInt8], reason: String, set: PolicySet,
        start: ContinuousClock.Instant, clock: ContinuousClock
    ) -> HTTPReply {
        logger.warning("malformed admission request", metadata: ["endpoint": .string(endpoint.rawValue), "reason": .string(reason)])
        let reply = HTTPReply.error(.badRequest, reason: "BadRequest", reason)
        observer.admissionCompleted(AdmissionEvent(
            endpoint: endpoint, result: .malformed(reason: reason), review: nil, requestBody: body, responseBody: reply.body,
            policyHash: set.contentHash, latency: clock.now - start))
        return reply
    }

    /// One line per denial: enough to find the request in the API server's audit log (uid) and to
    /// see who was refused what, and why.
    private func logDenial(_ decision: Decision, review: AdmissionReview) {
        // Only called when `logsDenials`: the resource name below is built before the logger is
        // asked, so none of it is done when the line would be dropped (`--log-level warning` and above).
        let request = review.request
        let resource = request.resource.group.isEmpty
            ? request.resource.resource : request.resource.resource + "." + request.resource.group
        logger.info("denied", metadata: [
            "uid": .string(request.uid),
            "tenant": .string(decision.tenant ?? "none"),
            "actor": .string(decision.actor.rawValue),
            "rules": .array(decision.rules.map { .string($0.rawValue) }),
            "user": .string(request.userInfo.username),
            "operation": .string(request.operation.rawValue),
            "resource": .string(request.subResource.isEmpty ? resource : resource + "/" + request.subResource),
            "namespace": .string(request.namespace),
            "name": .string(request.name),
            "dryRun": .stringConvertible(request.dryRun),
            "message": .string(decision.message ?? ""),
        ])
    }
}
