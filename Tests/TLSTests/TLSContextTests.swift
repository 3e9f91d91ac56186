import ExternalTools
import Foundation
import TLS
import XCTest

/// Building contexts: every bad input is a TLSError naming the file and carrying OpenSSL's reason.
final class TLSContextTests: TLSTestCase {
    private func configurationError(_ configuration: TLSConfiguration, file: StaticString = #filePath, line: UInt = #line) -> TLSError? {
        do {
            _ = try TLSContext(configuration: configuration)
            XCTFail("context was built", file: file, line: line)
            return nil
        } catch {
            XCTAssertEqual(error.kind, .configuration, file: file, line: line)
            return error
        }
    }

    private func write(_ text: String, _ name: String) throws -> String {
        let path = try temporaryDirectory("ctx").appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func testValidPairLoadsAndDescribesItsCertificate() throws {
        let certs = try certificates()
        let context = try TLSContext(configuration: certs.serverConfiguration)
        let info = try XCTUnwrap(context.certificate)
        XCTAssertEqual(info.subject, "CN=tenantry.tenantry-system.svc")
        XCTAssertEqual(info.issuer, "CN=tenantry dev CA")
        XCTAssertEqual(info.dnsNames, ["tenantry.tenantry-system.svc", "tenantry.tenantry-system.svc.cluster.local", "localhost"])
        XCTAssertEqual(info.ipAddresses, ["127.0.0.1"])
        XCTAssertEqual(info.sha256Fingerprint, try DevCertificates.fingerprint(certs.certificate))
        XCTAssertEqual(info.summary, "CN=tenantry.tenantry-system.svc SANs=tenantry.tenantry-system.svc,"
            + "tenantry.tenantry-system.svc.cluster.local,localhost,127.0.0.1 serial=\(info.serialNumber) "
            + "notAfter=\(info.notAfter) sha256=\(info.sha256Fingerprint)")
        let store = try TLSContextStore(configuration: certs.serverConfiguration)
        XCTAssertEqual(store.certificateNotAfter, info.notAfter)
    }

    func testMissingCertificateFileNamesItAndTheSystemError() throws {
        let certs = try certificates()
        let error = configurationError(.server(certificateChain: .file("/nonexistent/tls.crt"), privateKey: .file(certs.key)))
        XCTAssertEqual(error?.description.hasPrefix("tls: certificate /nonexistent/tls.crt: cannot open: error:"), true, "\(String(describing: error))")
        XCTAssertEqual(error?.description.contains("No such file or directory"), true, "\(String(describing: error))")
    }

    func testMismatchedKeySaysWhichFilesAndWhy() throws {
        let certs = try certificates()
        let error = configurationError(.server(certificateChain: .file(certs.certificate), privateKey: .file(certs.clientKey)))
        XCTAssertEqual(error?.context, "key \(certs.clientKey) does not match certificate \(certs.certificate)")
        XCTAssertEqual(error?.openSSLErrors.first?.hasSuffix(":x509 certificate routines::key values mismatch"), true,
                       "\(String(describing: error))")
    }

    func testGarbageKeyFileIsRejectedWithOpenSSLText() throws {
        let certs = try certificates()
        let key = try write("-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n", "tls.key")
        let error = configurationError(.server(certificateChain: .file(certs.certificate), privateKey: .file(key)))
        XCTAssertEqual(error?.context.hasPrefix("key \(key): no usable PEM private key"), true, "\(String(describing: error))")
        XCTAssertEqual(error?.openSSLErrors.isEmpty, false)
    }

    func testEncryptedKeyFailsInsteadOfPromptingForAPassphrase() throws {
        try ExternalCommand.require("openssl")
        let certs = try certificates()
        let key = try temporaryDirectory("enc").appendingPathComponent("enc.key").path
        let result = try ExternalCommand.run(["openssl", "pkey", "-in", certs.key, "-aes256", "-passout", "pass:secret", "-out", key])
        XCTAssertEqual(result.status, 0, result.output)
        let error = configurationError(.server(certificateChain: .file(certs.certificate), privateKey: .file(key)))
        XCTAssertEqual(error?.context.contains("encrypted keys are not supported"), true)
    }

    func testFileWithoutCertificateIsRejected() throws {
        let certs = try certificates()
        let error = configurationError(.server(certificateChain: .file(certs.key), privateKey: .file(certs.key)))
        XCTAssertEqual(error?.context, "certificate \(certs.key): no PEM certificate found")
    }

    func testTruncatedSecondCertificateIsRejected() throws {
        let certs = try certificates()
        let leaf = try String(contentsOfFile: certs.certificate, encoding: .utf8)
        let chain = try write(leaf + "-----BEGIN CERTIFICATE-----\nMIIB\n", "chain.crt")
        let error = configurationError(.server(certificateChain: .file(chain), privateKey: .file(certs.key)))
        XCTAssertEqual(error?.context, "certificate \(chain): malformed PEM certificate")
    }

    func testMissingClientCAFileIsNamed() throws {
        let certs = try certificates()
        var configuration = certs.serverConfiguration
        configuration.clientCA = .file("/nonexistent/ca.crt")
        let error = configurationError(configuration)
        XCTAssertEqual(error?.context, "client CA /nonexistent/ca.crt: cannot open")
    }

    func testServerWithoutCertificateAndClientWithoutRootsAreRefused() throws {
        let certs = try certificates()
        var server = certs.serverConfiguration
        server.certificateChain = nil
        XCTAssertEqual(configurationError(server)?.context, "a server needs a certificate chain and a private key")
        var client = certs.clientConfiguration()
        client.trustRoots = nil
        XCTAssertEqual(configurationError(client)?.context, "a client needs trust roots to verify the server")
    }

    func testUnusableServerNameFailsTheHandlerNotTheProcess() throws {
        let certs = try certificates()
        let name = String(repeating: "a", count: 300) + ".svc"  // longer than SNI allows
        let context = try TLSContext(configuration: certs.clientConfiguration(serverName: name))
        XCTAssertThrowsError(try OpenSSLHandler(context: context)) { error in
            XCTAssertEqual((error as? TLSError)?.context, "server name \(name) is not usable")
        }
        XCTAssertNoThrow(try OpenSSLHandler(context: TLSContext(configuration: certs.clientConfiguration())))
    }

    func testInvalidALPNNameIsRefused() throws {
        let certs = try certificates()
        var configuration = certs.serverConfiguration
        configuration.applicationProtocols = ["http/1.1", ""]
        XCTAssertEqual(configurationError(configuration)?.context, "ALPN protocol name \"\" must be 1 to 255 bytes")
    }

    func testChainWithCACertificateIsServedWhole() throws {
        try ExternalCommand.require("openssl")
        let certs = try certificates()
        let chain = try write(
            String(contentsOfFile: certs.certificate, encoding: .utf8) + String(contentsOfFile: certs.caCertificate, encoding: .utf8),
            "chain.crt")
        let server = try startServer(.server(certificateChain: .file(chain), privateKey: .file(certs.key)))
        let outcome = try OpenSSLClient.run(port: server.port, caFile: certs.caCertificate, ["-showcerts"])
        XCTAssertEqual(outcome.verifyReturnCode, "0 (ok)", outcome.output)
        XCTAssertTrue(outcome.output.contains(" 1 s:CN = tenantry dev CA"), outcome.output)
    }

    func testCertificateDatesAndSerialMatchTheOpenSSLCLI() throws {
        try ExternalCommand.require("openssl", "date")
        let certs = try certificates()
        let info = try CertificateInfo(pem: .file(certs.certificate))
        let serial = try ExternalCommand.run(["openssl", "x509", "-noout", "-serial", "-in", certs.certificate])
        XCTAssertEqual("serial=" + info.serialNumber, serial.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        let dates = try ExternalCommand.run(["openssl", "x509", "-noout", "-dates", "-in", certs.certificate])
        for line in dates.stdout.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            let epoch = try ExternalCommand.run(["date", "-u", "-d", parts[1], "+%s"])
            let expected = Int64(epoch.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
            XCTAssertEqual(parts[0] == "notAfter" ? info.notAfter : info.notBefore, expected, String(line))
        }
        XCTAssertEqual(info.notAfter - info.notBefore, 365 * 86_400)
    }
}
