import Foundation

/// Real certificates made by `certs/make-dev-certs.sh` (the openssl CLI) in a temporary directory:
/// CA, serving pair (SANs tenantry.tenantry-system.svc, localhost, 127.0.0.1) and a `CN=kube-apiserver`
/// client pair. Each test module adds the TLS configurations it needs.
public struct DevCertificates: Sendable {
    public let directory: URL
    /// The CA certificate base64-encoded, as a webhook configuration's `caBundle` wants it.
    public let caBundle: String

    public var caCertificate: String { path("ca.crt") }
    public var caKey: String { path("ca.key") }
    public var certificate: String { path("tls.crt") }
    public var key: String { path("tls.key") }
    public var clientCertificate: String { path("client.crt") }
    public var clientKey: String { path("client.key") }

    public func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Tests/ExternalTools/DevCertificates.swift → the repository root.
    public static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Runs the script into a new temporary directory (skipping the test when bash or openssl is missing).
    public static func make(_ label: String = "certs") throws -> DevCertificates {
        try ExternalCommand.require("bash", "openssl")
        let directory = try TemporaryDirectory.make(label)
        let script = repositoryRoot.appendingPathComponent("certs/make-dev-certs.sh").path
        let result = try ExternalCommand.run(["bash", script, directory.path])
        guard result.status == 0 else {
            throw TestFailure("make-dev-certs.sh failed (\(result.status)): \(result.stderr)")
        }
        return DevCertificates(directory: directory, caBundle: result.stdout.split(separator: "\n").last.map(String.init) ?? "")
    }

    public func remove() {
        try? FileManager.default.removeItem(at: directory)
    }

    /// `openssl x509 -noout -fingerprint -sha256` of a certificate file: `AB:CD:…`.
    public static func fingerprint(_ file: String) throws -> String {
        let result = try ExternalCommand.run(["openssl", "x509", "-noout", "-fingerprint", "-sha256", "-in", file])
        guard result.status == 0, let value = result.stdout.split(separator: "=").last else {
            throw TestFailure("openssl x509 -fingerprint failed: \(result.output)")
        }
        return value.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
