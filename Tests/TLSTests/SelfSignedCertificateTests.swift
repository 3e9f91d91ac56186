import ExternalTools
import Foundation
import TLS
import XCTest

/// The in-process default certificate: checked by the openssl CLI and served to Python.
final class SelfSignedCertificateTests: TLSTestCase {
    static let hosts = ["tenantry.tenantry-system.svc", "tenantry.tenantry-system.svc.cluster.local", "localhost", "127.0.0.1", "::1"]

    private func writeFiles(_ generated: SelfSignedCertificate) throws -> (ca: String, chain: String, key: String) {
        let directory = try temporaryDirectory("self-signed")
        let ca = directory.appendingPathComponent("ca.crt").path
        let chain = directory.appendingPathComponent("tls.crt").path
        let key = directory.appendingPathComponent("tls.key").path
        try generated.caCertificatePEM.write(toFile: ca, atomically: true, encoding: .utf8)
        try generated.certificateChainPEM.write(toFile: chain, atomically: true, encoding: .utf8)
        try generated.privateKeyPEM.write(toFile: key, atomically: true, encoding: .utf8)
        return (ca, chain, key)
    }

    func testGeneratedChainVerifiesWithTheOpenSSLCLI() throws {
        try ExternalCommand.require("openssl")
        let generated = try SelfSignedCertificate.generate(hosts: Self.hosts)
        let files = try writeFiles(generated)
        let verify = try ExternalCommand.run(["openssl", "verify", "-purpose", "sslserver", "-CAfile", files.ca, files.chain])
        XCTAssertEqual(verify.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "\(files.chain): OK", verify.output)
        let hostCheck = try ExternalCommand.run(["openssl", "verify", "-CAfile", files.ca, "-verify_hostname", "tenantry.tenantry-system.svc", files.chain])
        XCTAssertEqual(hostCheck.status, 0, hostCheck.output)
        let wrongHost = try ExternalCommand.run(["openssl", "verify", "-CAfile", files.ca, "-verify_hostname", "other.svc", files.chain])
        XCTAssertNotEqual(wrongHost.status, 0, wrongHost.output)

        let leaf = try ExternalCommand.run(["openssl", "x509", "-noout", "-text", "-in", files.chain]).stdout
        for expected in ["ecdsa-with-SHA256", "prime256v1", "CA:FALSE", "TLS Web Server Authentication", "Digital Signature",
                         "DNS:tenantry.tenantry-system.svc", "IP Address:127.0.0.1", "IP Address:0:0:0:0:0:0:0:1"] {
            XCTAssertTrue(leaf.contains(expected), "leaf lacks \(expected):\n\(leaf)")
        }
        let ca = try ExternalCommand.run(["openssl", "x509", "-noout", "-text", "-in", files.ca]).stdout
        XCTAssertTrue(ca.contains("CA:TRUE"), ca)
        XCTAssertTrue(ca.contains("Certificate Sign"), ca)
        let keyCheck = try ExternalCommand.run(["openssl", "pkey", "-noout", "-in", files.key])
        XCTAssertEqual(keyCheck.status, 0, keyCheck.output)
    }

    func testDescribesItselfAndItsCABundleDecodesToTheCA() throws {
        let generated = try SelfSignedCertificate.generate(hosts: Self.hosts, validity: .seconds(30 * 86_400))
        XCTAssertEqual(generated.certificate.subject, "CN=tenantry.tenantry-system.svc")
        XCTAssertEqual(generated.certificate.issuer, "CN=tenantry self-signed CA")
        XCTAssertEqual(generated.certificate.dnsNames, Array(Self.hosts.prefix(3)))
        XCTAssertEqual(generated.certificate.ipAddresses, ["127.0.0.1", "0:0:0:0:0:0:0:1"])
        XCTAssertEqual(generated.certificate.notAfter - generated.certificate.notBefore, 30 * 86_400 + 300)
        let now = Int64(Date().timeIntervalSince1970)
        XCTAssertLessThanOrEqual(generated.certificate.notBefore, now)
        XCTAssertEqual(generated.certificate.serialNumber.count, 32, "a 128-bit serial with the top bits fixed")
        let decoded = try XCTUnwrap(Data(base64Encoded: generated.caBundle))
        XCTAssertEqual(String(decoding: decoded, as: UTF8.self), generated.caCertificatePEM)
        XCTAssertTrue(generated.caCertificatePEM.hasPrefix("-----BEGIN CERTIFICATE-----\n"))
        XCTAssertTrue(generated.privateKeyPEM.hasPrefix("-----BEGIN PRIVATE KEY-----\n"))

        let second = try SelfSignedCertificate.generate(hosts: Self.hosts)
        XCTAssertNotEqual(second.certificate.serialNumber, generated.certificate.serialNumber)
        XCTAssertNotEqual(second.caBundle, generated.caBundle)
    }

    func testGeneratedPairServesAHandshakePythonVerifies() throws {
        try ExternalCommand.require("python3")
        let generated = try SelfSignedCertificate.generate(hosts: Self.hosts)
        let files = try writeFiles(generated)
        let server = try startServer(generated.serverConfiguration())
        let outcome = try PythonTLSClient.run(.init(port: server.port, caFile: files.ca, send: "self-signed", expectBytes: 11))
        XCTAssertTrue(outcome.ok, outcome.raw)
        XCTAssertEqual(outcome.received, "self-signed")
        XCTAssertEqual(outcome.fingerprint, generated.certificate.sha256Fingerprint.replacingOccurrences(of: ":", with: ""))

        // A client trusting a different self-signed CA is refused: each generation is its own root.
        let other = try SelfSignedCertificate.generate(hosts: Self.hosts)
        let client = try connect(server.port, .client(trustRoots: .pem(other.caCertificatePEM), serverName: "localhost"))
        XCTAssertTrue(client.recorder.wait { $0.closed == 1 })
        XCTAssertTrue(client.recorder.state.tlsErrors.first?.description.contains("certificate verify failed") ?? false)
    }

    func testHostsThatCouldInjectExtensionSyntaxAreRefused() {
        for hosts in [[], ["tenantry.svc,IP:10.0.0.1"], ["with space"], [""]] {
            XCTAssertThrowsError(try SelfSignedCertificate.generate(hosts: hosts), "\(hosts)") { error in
                XCTAssertEqual((error as? TLSError)?.kind, .certificateGeneration)
            }
        }
        XCTAssertThrowsError(try SelfSignedCertificate.generate(hosts: ["localhost"], validity: .seconds(0)))
    }

    func testValidityBeyond2049UsesGeneralizedTimeAndStillReadsBack() throws {
        try ExternalCommand.require("openssl", "date")
        let generated = try SelfSignedCertificate.generate(hosts: ["localhost"], validity: .seconds(40 * 365 * 86_400))
        let files = try writeFiles(generated)
        let end = try ExternalCommand.run(["openssl", "x509", "-noout", "-enddate", "-in", files.chain])
        let text = String(end.stdout.trimmingCharacters(in: .whitespacesAndNewlines).dropFirst("notAfter=".count))
        let epoch = try ExternalCommand.run(["date", "-u", "-d", text, "+%s"])
        XCTAssertEqual(generated.certificate.notAfter, Int64(epoch.stdout.trimmingCharacters(in: .whitespacesAndNewlines)), text)
        XCTAssertGreaterThan(generated.certificate.notAfter, 2_524_608_000)  // 2050-01-01
    }
}
