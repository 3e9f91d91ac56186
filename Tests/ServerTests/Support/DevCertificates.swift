import ExternalTools
import TLS

extension DevCertificates {
    /// The serving pair, and with `clientCA` the CA that client certificates must chain to (mTLS).
    func serverConfiguration(clientCA: Bool = false) -> TLSConfiguration {
        .server(
            certificateChain: .file(certificate), privateKey: .file(key),
            clientCA: clientCA ? .file(caCertificate) : nil)
    }
}
