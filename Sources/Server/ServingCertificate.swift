import NIOCore
import TLS

/// Where the serving certificate comes from: PEM files (reloaded when they change), or, when none
/// are given, a certificate made in-process for a local run.
public enum ServingCertificate {
    public struct Resolved: Sendable {
        public var configuration: TLSConfiguration
        /// Set when the certificate was generated: its CA bundle is what a client must trust.
        public var selfSigned: SelfSignedCertificate?
    }

    /// - Parameters:
    ///   - bindHost: the listening host; a specific one is added to a generated certificate's names.
    public static func resolve(
        certificate: String?, key: String?, clientCA: String?, minimumVersion: TLSVersion,
        handshakeTimeout: TimeAmount = TLSConfiguration.defaultHandshakeTimeout, bindHost: String
    ) throws -> Resolved {
        let clientCASource = clientCA.map(PEMSource.file)
        switch (certificate, key) {
        case (let certificate?, let key?):
            var configuration = TLSConfiguration.server(
                certificateChain: .file(certificate), privateKey: .file(key), minimumVersion: minimumVersion,
                clientCA: clientCASource, handshakeTimeout: handshakeTimeout)
            configuration.handshakeTimeout = handshakeTimeout
            return Resolved(configuration: configuration, selfSigned: nil)
        case (nil, nil):
            let generated = try SelfSignedCertificate.generate(hosts: selfSignedHosts(bindHost: bindHost))
            var configuration = generated.serverConfiguration(minimumVersion: minimumVersion, clientCA: clientCASource)
            configuration.handshakeTimeout = handshakeTimeout
            return Resolved(configuration: configuration, selfSigned: generated)
        case (.some, nil):
            throw ServerValueError("--tls-cert needs --tls-key (the private key of that certificate)")
        case (nil, .some):
            throw ServerValueError("--tls-key needs --tls-cert (the certificate chain for that key)")
        }
    }

    /// The loopback names a local client uses, plus the listening host when it is a specific one.
    static func selfSignedHosts(bindHost: String) -> [String] {
        var hosts = ["localhost", "127.0.0.1", "::1"]
        let wildcard = ["", "0.0.0.0", "::", "*"]
        if !wildcard.contains(bindHost), !hosts.contains(bindHost) { hosts.append(bindHost) }
        return hosts
    }
}
