import Logging
import NIOCore
import Policy
import TLS

/// Checks the policy directory and the certificate files for changes and swaps in what changed,
/// on a timer. Each check is a handful of `stat` calls; compiling or building a TLS context happens
/// only when something changed. Failures are logged once per change and the old set or certificate
/// keeps serving.
public struct Reloader: Sendable {
    public let policies: PolicyStore
    /// nil when certificates don't come from files (the in-process self-signed default).
    public let certificates: TLSContextStore?
    private let logger: Logger
    private let observer: any AdmissionObserver

    public init(policies: PolicyStore, certificates: TLSContextStore?, logger: Logger, observer: any AdmissionObserver = NoAdmissionObserver()) {
        self.policies = policies
        self.certificates = certificates
        self.logger = logger
        self.observer = observer
    }

    /// Runs `reloadNow` every `interval` on `loop`, which should not be one serving connections: a
    /// large policy set takes milliseconds to compile.
    public func start(every interval: TimeAmount, on loop: any EventLoop) -> RepeatedTask {
        loop.scheduleRepeatedTask(initialDelay: interval, delay: interval) { _ in
            reloadNow()
        }
    }

    /// One check of policies and certificates.
    public func reloadNow() {
        reloadPolicies()
        reloadCertificates()
    }

    private func reloadPolicies() {
        switch policies.reloadIfChanged() {
        case .unchanged:
            return
        case .sameContent(let set):
            logger.info("policy files changed, content unchanged", metadata: [
                "directory": .string(policies.directory), "policyHash": .string(set.contentHash),
            ])
        case .reloaded(let previous, let current):
            logger.info("policies reloaded", metadata: [
                "directory": .string(policies.directory),
                "previousHash": .string(previous.contentHash),
                "policyHash": .string(current.contentHash),
                "tenants": .stringConvertible(current.tenants.count),
            ])
            observer.reloadCompleted(.policiesReloaded(previousHash: previous.contentHash, currentHash: current.contentHash))
        case .rejected(let errors):
            logger.error("policy reload rejected; the previous set keeps serving", metadata: [
                "directory": .string(policies.directory),
                "policyHash": .string(policies.current.contentHash),
                "errors": .array(errors.errors.map { .string($0.description) }),
            ])
            observer.reloadCompleted(.policiesRejected(errorCount: errors.errors.count))
        }
    }

    private func reloadCertificates() {
        guard let certificates else { return }
        do throws(TLSError) {
            switch try certificates.reloadIfChanged() {
            case .unchanged:
                return
            case .reloaded(let context):
                logger.info("certificate reloaded", metadata: [
                    "certificate": .string(context.certificate?.summary ?? "?"),
                ])
                observer.reloadCompleted(.certificateReloaded(notAfter: context.certificate?.notAfter))
            }
        } catch {
            logger.error("certificate reload rejected; the previous certificate keeps serving", metadata: [
                "error": .string(error.description),
            ])
            observer.reloadCompleted(.certificateRejected)
        }
    }
}
