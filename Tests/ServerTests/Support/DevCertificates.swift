import Foundation
import TLS

/// Real certificates made by `certs/make-dev-certs.sh` (the openssl CLI) in a temporary directory:
/// CA, serving pair (SANs tenantry.tenantry-system.svc, localhost, 127.0.0.1) and a client pair.
struct DevCertificates {
    let directory: URL
    let caBundle: String

    var caCertificate: String { path("ca.crt") }
    var certificate: String { path("tls.crt") }
    var key: String { path("tls.key") }
    var clientCertificate: String { path("client.crt") }
    var clientKey: String { path("client.key") }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    static func make() throws -> DevCertificates {
        try ExternalCommand.require("bash", "openssl")
        let directory = try Repository.temporaryDirectory("certs")
        let script = Repository.root.appendingPathComponent("certs/make-dev-certs.sh").path
        let result = try ExternalCommand.run(["bash", script, directory.path])
        guard result.status == 0 else {
            throw TestFailure("make-dev-certs.sh failed (\(result.status)): \(result.stderr)")
        }
        return DevCertificates(directory: directory, caBundle: result.stdout.split(separator: "\n").last.map(String.init) ?? "")
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }

    func serverConfiguration(clientCA: Bool = false) -> TLSConfiguration {
        .server(
            certificateChain: .file(certificate), privateKey: .file(key),
            clientCA: clientCA ? .file(caCertificate) : nil)
    }
}
