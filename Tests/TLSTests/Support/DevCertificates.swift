import ExternalTools
import TLS

extension DevCertificates {
    var serverConfiguration: TLSConfiguration {
        .server(certificateChain: .file(certificate), privateKey: .file(key))
    }

    func clientConfiguration(
        serverName: String? = "tenantry.tenantry-system.svc", withClientCertificate: Bool = false
    ) -> TLSConfiguration {
        .client(
            trustRoots: .file(caCertificate), serverName: serverName,
            certificateChain: withClientCertificate ? .file(clientCertificate) : nil,
            privateKey: withClientCertificate ? .file(clientKey) : nil)
    }
}
