import ExternalTools
import Foundation
import NIOCore
import NIOPosix
import Server
import TLS
import XCTest

final class ReloadTests: XCTestCase {
    var cleanup: [() -> Void] = []

    override func tearDown() {
        for step in cleanup.reversed() { step() }
    }

    private func policies() throws -> URL {
        let directory = try Repository.copyOfPolicies()
        cleanup.append { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        return directory
    }

    private func allowed(_ server: TestServer, _ example: String) throws -> Bool? {
        let answer = try server.curl("/validate?timeout=10s", ["-H", "Content-Type: application/json", "--data-binary", "@" + Repository.example(example)])
        guard answer.status == 200 else { return nil }
        return answer.body.contains("\"allowed\":true") ? true : (answer.body.contains("\"allowed\":false") ? false : nil)
    }

    /// Through the running server: a broken policy file is rejected and the old verdicts stand; the
    /// fix (with a real change) brings the new verdicts.
    func testBadReloadKeepsTheOldSetAndAFixBringsTheNewOne() throws {
        try ExternalCommand.require("curl")
        let directory = try policies()
        let server = try TestServer(policiesDirectory: directory.path) { $0.reloadInterval = .milliseconds(100) }
        cleanup.append { server.stop() }
        let original = server.policies.current.contentHash
        XCTAssertEqual(try allowed(server, "pod-create-platform-critical.json"), false)

        try PolicyFiles.breakPolicies(in: directory)
        let rejected = server.logs.wait(for: "policy reload rejected; the previous set keeps serving")
        XCTAssertEqual(rejected.count, 1)
        let errors = rejected.first?["errors"] as? [String] ?? []
        XCTAssertTrue(errors.contains { $0.contains("tenants/broken.yaml") }, "\(errors)")
        XCTAssertEqual(rejected.first?["policyHash"] as? String, original)
        XCTAssertEqual(try allowed(server, "pod-create-platform-critical.json"), false, "the old set keeps answering")
        XCTAssertEqual(server.policies.current.contentHash, original)
        usleep(400_000)
        XCTAssertEqual(server.logs.entries(message: "policy reload rejected; the previous set keeps serving").count, 1, "logged once per change, not per check")

        try PolicyFiles.fixPolicies(in: directory)
        try PolicyFiles.allowPlatformCritical(in: directory)
        let reloaded = server.logs.wait(for: "policies reloaded")
        XCTAssertEqual(reloaded.first?["previousHash"] as? String, original)
        XCTAssertNotEqual(reloaded.first?["policyHash"] as? String, original)
        XCTAssertEqual(try allowed(server, "pod-create-platform-critical.json"), true, "new verdicts after the fix")
    }

    func testReloaderReportsToTheObserver() throws {
        let directory = try policies()
        let logs = LogCapture()
        let observer = RecordingObserver()
        let store = try PolicyStore(directory: directory.path)
        let reloader = Reloader(policies: store, certificates: nil, logger: logs.logger(), observer: observer)
        reloader.reloadNow()
        XCTAssertEqual(logs.rawLines, [], "nothing changed, nothing said")
        XCTAssertTrue(observer.reloads.isEmpty)

        try PolicyFiles.breakPolicies(in: directory)
        reloader.reloadNow()
        reloader.reloadNow()
        try PolicyFiles.fixPolicies(in: directory)
        reloader.reloadNow()
        try PolicyFiles.allowPlatformCritical(in: directory)
        reloader.reloadNow()
        XCTAssertEqual(logs.entries.map { $0["msg"] as? String }, [
            "policy reload rejected; the previous set keeps serving", "policy files changed, content unchanged", "policies reloaded",
        ])
        XCTAssertEqual(logs.entries.map { $0["level"] as? String }, ["error", "info", "info"])
        guard observer.reloads.count == 2, case .policiesRejected(let count) = observer.reloads[0], count > 0,
            case .policiesReloaded(let previous, let current) = observer.reloads[1], previous != current
        else { return XCTFail("\(observer.reloads)") }
    }

    func testCertificateFilesAreReloadedAndABrokenPairIsRefused() throws {
        let first = try DevCertificates.make()
        let second = try DevCertificates.make()
        cleanup.append { first.remove(); second.remove() }
        let live = try Repository.temporaryDirectory("live-certs")
        cleanup.append { try? FileManager.default.removeItem(at: live) }
        let certificate = live.appendingPathComponent("tls.crt")
        let key = live.appendingPathComponent("tls.key")
        func install(_ certificates: DevCertificates) throws {
            for (source, target) in [(certificates.certificate, certificate), (certificates.key, key)] {
                let temporary = live.appendingPathComponent(".tmp")
                try? FileManager.default.removeItem(at: temporary)
                try FileManager.default.copyItem(atPath: source, toPath: temporary.path)
                XCTAssertEqual(rename(temporary.path, target.path), 0)
            }
        }
        try install(first)
        let store = try TLSContextStore(configuration: .server(certificateChain: .file(certificate.path), privateKey: .file(key.path)))
        let logs = LogCapture()
        let observer = RecordingObserver()
        let reloader = Reloader(policies: try PolicyStore(directory: Repository.policies), certificates: store, logger: logs.logger(), observer: observer)
        let before = store.certificate?.sha256Fingerprint

        try install(second)
        reloader.reloadNow()
        XCTAssertNotEqual(store.certificate?.sha256Fingerprint, before)
        XCTAssertEqual(logs.entries(message: "certificate reloaded").count, 1)
        XCTAssertTrue((logs.entries(message: "certificate reloaded").first?["certificate"] as? String ?? "").contains("tenantry.tenantry-system.svc"))

        // The first key with the second certificate: refused, the second pair keeps serving.
        let serving = store.certificate?.sha256Fingerprint
        try FileManager.default.removeItem(at: key)
        try FileManager.default.copyItem(atPath: first.key, toPath: key.path)
        reloader.reloadNow()
        XCTAssertEqual(store.certificate?.sha256Fingerprint, serving)
        let refused = logs.entries(message: "certificate reload rejected; the previous certificate keeps serving")
        XCTAssertEqual(refused.count, 1)
        XCTAssertTrue((refused.first?["error"] as? String ?? "").contains("does not match"), "\(refused)")
        guard observer.reloads.count == 2, case .certificateReloaded(let notAfter) = observer.reloads[0], notAfter != nil,
            case .certificateRejected = observer.reloads[1]
        else { return XCTFail("\(observer.reloads)") }
    }

    func testTimerRunsTheChecks() throws {
        let directory = try policies()
        let logs = LogCapture()
        let reloader = Reloader(policies: try PolicyStore(directory: directory.path), certificates: nil, logger: logs.logger())
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        let task = reloader.start(every: .milliseconds(50), on: group.next())
        defer { task.cancel() }
        try PolicyFiles.allowPlatformCritical(in: directory)
        XCTAssertEqual(logs.wait(for: "policies reloaded").count, 1)
    }
}
