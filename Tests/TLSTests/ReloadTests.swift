import ExternalTools
import Foundation
import TLS
import XCTest

/// Certificate rotation on disk: new handshakes get the new pair, open connections keep theirs,
/// and a broken new pair never replaces a working one.
final class ReloadTests: TLSTestCase {
    /// Copies `source` over `destination` the way tools do: write a temp file, then rename (atomic).
    private func replace(_ destination: String, with source: String) throws {
        let temporary = destination + ".tmp"
        try? FileManager.default.removeItem(atPath: temporary)
        try FileManager.default.copyItem(atPath: source, toPath: temporary)
        guard rename(temporary, destination) == 0 else { throw TestFailure("rename \(temporary) failed") }
    }

    private func fingerprint(_ client: TestClient) throws -> String {
        XCTAssertTrue(client.recorder.wait { !$0.handshakes.isEmpty || $0.closed > 0 })
        return try XCTUnwrap(client.recorder.state.handshakes.first?.peerCertificate?.sha256Fingerprint)
    }

    /// A context store reading `tls.crt` and `tls.key` from a fresh directory, which hold `initial`'s
    /// pair; the paths are returned so the test can rotate or delete what is in them.
    private func storeOnFiles(
        holding initial: DevCertificates, _ label: String
    ) throws -> (certificate: String, key: String, store: TLSContextStore) {
        let directory = try temporaryDirectory(label)
        let certificate = directory.appendingPathComponent("tls.crt").path
        let key = directory.appendingPathComponent("tls.key").path
        try replace(certificate, with: initial.certificate)
        try replace(key, with: initial.key)
        return (certificate, key, try TLSContextStore(configuration: .server(certificateChain: .file(certificate), privateKey: .file(key))))
    }

    /// A client configuration trusting both CAs, so it can talk to the server before and after.
    private func clientTrusting(_ first: DevCertificates, _ second: DevCertificates) throws -> TLSConfiguration {
        let roots = try String(contentsOfFile: first.caCertificate, encoding: .utf8)
            + String(contentsOfFile: second.caCertificate, encoding: .utf8)
        return .client(trustRoots: .pem(roots), serverName: "localhost")
    }

    func testRotatedFilesServeTheNewCertificateWhileAnOpenConnectionKeepsWorking() throws {
        let old = try freshCertificates("old")
        let new = try freshCertificates("new")
        let (certificate, key, store) = try storeOnFiles(holding: old, "rotate")
        let server = try startServer(store: store)
        let clientConfiguration = try clientTrusting(old, new)
        let keepAlive = try connect(server.port, clientConfiguration)
        XCTAssertTrue(try keepAlive.roundTrip("one"))
        XCTAssertEqual(try fingerprint(keepAlive), try DevCertificates.fingerprint(old.certificate))

        try replace(certificate, with: new.certificate)
        try replace(key, with: new.key)
        guard case .reloaded(let context) = try store.reloadIfChanged() else { return XCTFail("no reload") }
        let newFingerprint = try DevCertificates.fingerprint(new.certificate)
        XCTAssertEqual(context.certificate?.sha256Fingerprint, newFingerprint)
        XCTAssertEqual(store.certificate?.sha256Fingerprint, newFingerprint)

        XCTAssertTrue(try keepAlive.roundTrip("two"), "the open connection still echoes")
        let fresh = try connect(server.port, clientConfiguration)
        XCTAssertTrue(try fresh.roundTrip("three"))
        XCTAssertEqual(try fingerprint(fresh), newFingerprint)
        if ExternalCommand.available("python3") {
            let python = try PythonTLSClient.run(.init(port: server.port, caFile: new.caCertificate))
            XCTAssertTrue(python.ok, python.raw)
            XCTAssertEqual(python.fingerprint, newFingerprint.replacingOccurrences(of: ":", with: ""))
        }
        XCTAssertTrue(try keepAlive.roundTrip("four"))
        XCTAssertEqual(keepAlive.recorder.state.handshakes.count, 1, "no renegotiation, no second handshake")

        guard case .unchanged = try store.reloadIfChanged() else { return XCTFail("reloaded unchanged files") }
    }

    func testKubernetesSecretVolumeSymlinkSwapIsDetected() throws {
        let old = try freshCertificates("k8s-old")
        let new = try freshCertificates("k8s-new")
        let volume = try temporaryDirectory("secret-volume")
        let fileManager = FileManager.default
        // The kubelet's layout: tls.crt -> ..data/tls.crt, ..data -> ..<timestamp>/
        func writeVersion(_ name: String, from certs: DevCertificates) throws {
            let versionDirectory = volume.appendingPathComponent(name)
            try fileManager.createDirectory(at: versionDirectory, withIntermediateDirectories: false)
            try fileManager.copyItem(atPath: certs.certificate, toPath: versionDirectory.appendingPathComponent("tls.crt").path)
            try fileManager.copyItem(atPath: certs.key, toPath: versionDirectory.appendingPathComponent("tls.key").path)
            let temporaryLink = volume.appendingPathComponent("..data_tmp").path
            try fileManager.createSymbolicLink(atPath: temporaryLink, withDestinationPath: name)
            guard rename(temporaryLink, volume.appendingPathComponent("..data").path) == 0 else {
                throw TestFailure("symlink swap failed")
            }
        }
        try writeVersion("..2026_01_01_00_00_00.000000001", from: old)
        for file in ["tls.crt", "tls.key"] {
            try fileManager.createSymbolicLink(atPath: volume.appendingPathComponent(file).path, withDestinationPath: "..data/\(file)")
        }
        let certificate = volume.appendingPathComponent("tls.crt").path
        let store = try TLSContextStore(configuration: .server(
            certificateChain: .file(certificate), privateKey: .file(volume.appendingPathComponent("tls.key").path)))
        let server = try startServer(store: store)
        let keepAlive = try connect(server.port, try clientTrusting(old, new))
        XCTAssertTrue(try keepAlive.roundTrip("before swap"))

        guard case .unchanged = try store.reloadIfChanged() else { return XCTFail("reloaded unchanged files") }
        try writeVersion("..2026_02_01_00_00_00.000000002", from: new)
        guard case .reloaded = try store.reloadIfChanged() else { return XCTFail("symlink swap not detected") }
        XCTAssertEqual(store.certificate?.sha256Fingerprint, try DevCertificates.fingerprint(new.certificate))
        // The old version directory is gone, as the kubelet removes it after the swap.
        try fileManager.removeItem(at: volume.appendingPathComponent("..2026_01_01_00_00_00.000000001"))

        XCTAssertTrue(try keepAlive.roundTrip("after swap"))
        let fresh = try connect(server.port, try clientTrusting(old, new))
        XCTAssertEqual(try fingerprint(fresh), try DevCertificates.fingerprint(new.certificate))
    }

    func testBrokenNewPairKeepsTheOldContextAndIsReportedOnce() throws {
        let old = try freshCertificates("keep")
        let other = try freshCertificates("mismatch")
        let (certificate, key, store) = try storeOnFiles(holding: old, "broken")
        let server = try startServer(store: store)
        let oldFingerprint = try DevCertificates.fingerprint(old.certificate)

        // A new certificate arrives without its key: the key on disk no longer matches.
        try replace(certificate, with: other.certificate)
        XCTAssertThrowsError(try store.reloadIfChanged()) { error in
            let error = error as? TLSError
            XCTAssertEqual(error?.kind, .configuration)
            XCTAssertEqual(error?.description.hasPrefix("tls: key \(key) does not match certificate \(certificate): error:"), true,
                           error?.description ?? "")
            XCTAssertEqual(error?.description.contains("key values mismatch"), true, error?.description ?? "")
        }
        XCTAssertEqual(store.certificate?.sha256Fingerprint, oldFingerprint)
        guard case .unchanged = try store.reloadIfChanged() else { return XCTFail("the same broken files were retried") }
        let client = try connect(server.port, try clientTrusting(old, other))
        XCTAssertEqual(try fingerprint(client), oldFingerprint, "new handshakes still get the old pair")

        // The key follows: now the pair loads.
        try replace(key, with: other.key)
        guard case .reloaded = try store.reloadIfChanged() else { return XCTFail("fixed pair not loaded") }
        XCTAssertEqual(store.certificate?.sha256Fingerprint, try DevCertificates.fingerprint(other.certificate))
    }

    func testDeletedKeyKeepsTheOldContext() throws {
        let certs = try freshCertificates("deleted")
        let (_, key, store) = try storeOnFiles(holding: certs, "deleted")
        try FileManager.default.removeItem(atPath: key)
        XCTAssertThrowsError(try store.reloadIfChanged()) { error in
            XCTAssertEqual((error as? TLSError)?.description.contains("key \(key): cannot open"), true, "\(error)")
            XCTAssertEqual((error as? TLSError)?.description.contains("No such file or directory"), true, "\(error)")
        }
        XCTAssertEqual(store.certificate?.sha256Fingerprint, try DevCertificates.fingerprint(certs.certificate))
    }

    func testStoreRefusesToStartWithoutAWorkingPair() throws {
        let certs = try certificates()
        XCTAssertThrowsError(try TLSContextStore(configuration: .server(
            certificateChain: .file(certs.certificate), privateKey: .file(certs.clientKey)))) { error in
            XCTAssertEqual((error as? TLSError)?.kind, .configuration)
        }
    }
}
