import Foundation
import TLS
import XCTest

/// A set of real certificates made by `certs/make-dev-certs.sh` (the openssl CLI) in a temp dir:
/// CA, serving pair and `CN=kube-apiserver` client pair.
struct DevCertificates {
    let directory: URL
    let caBundle: String

    var caCertificate: String { path("ca.crt") }
    var caKey: String { path("ca.key") }
    var certificate: String { path("tls.crt") }
    var key: String { path("tls.key") }
    var clientCertificate: String { path("client.crt") }
    var clientKey: String { path("client.key") }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    static var repositoryRoot: URL {
        // Tests/TLSTests/Support/DevCertificates.swift → repository root
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Runs the script into a new temp directory.
    static func make(_ label: String = "dev") throws -> DevCertificates {
        try ExternalCommand.require("bash", "openssl")
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("tenantry-tls-\(label)-\(UUID().uuidString)")
        let script = repositoryRoot.appendingPathComponent("certs/make-dev-certs.sh").path
        let result = try ExternalCommand.run(["bash", script, directory.path])
        guard result.status == 0 else {
            throw TestFailure("make-dev-certs.sh failed (\(result.status)): \(result.stderr)")
        }
        let bundle = result.stdout.split(separator: "\n").last.map(String.init) ?? ""
        return DevCertificates(directory: directory, caBundle: bundle)
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }

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

    /// `openssl x509 -noout -fingerprint -sha256` of a certificate file: `AB:CD:…`.
    static func fingerprint(_ file: String) throws -> String {
        let result = try ExternalCommand.run(["openssl", "x509", "-noout", "-fingerprint", "-sha256", "-in", file])
        guard result.status == 0, let value = result.stdout.split(separator: "=").last else {
            throw TestFailure("openssl x509 -fingerprint failed: \(result.output)")
        }
        return value.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
