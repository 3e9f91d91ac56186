import Foundation
import Policy
import XCTest

@testable import Server

/// The reload check's promise: it sees exactly the files the compiler reads, and every problem that
/// changes what the compiler reports.
final class PolicyFingerprintTests: XCTestCase {
    private var root: URL!
    private var outside: URL!

    override func setUpWithError() throws {
        root = try Repository.temporaryDirectory("fingerprint")
        outside = try Repository.temporaryDirectory("fingerprint-outside")
    }

    override func tearDownWithError() throws {
        try FileManager.default.removeItem(at: root)
        try FileManager.default.removeItem(at: outside)
    }

    /// Copies the example policy file `example` (`platform.yaml`, `tenants/acme.yaml`, …) to `relative`.
    private func copy(_ example: String, to relative: String, in directory: URL? = nil) throws {
        let file = (directory ?? root).appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Repository.policies + "/" + example, toPath: file.path)
    }

    private func link(_ relative: String, to destination: String) throws {
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent(relative).path, withDestinationPath: destination)
    }

    private func relative(_ listing: PolicyDirectory.Listing) -> [String] {
        listing.files.map { String($0.path.dropFirst(root.path.count + 1)) }
    }

    /// Each example tenant file defines the tenant it is named after, and a second copy of one would be
    /// a compile error (a tenant defined twice): the compiled set tells which files the compiler read.
    func testTheFingerprintListsExactlyTheFilesTheCompilerReads() throws {
        try copy("tenants/acme.yaml", to: "tenants/eu/acme.yaml")
        try copy("tenants/acme.yaml", to: ".git/acme.yaml")
        try copy("tenants/globex.yaml", to: ".draft.yaml")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("tenants/us"), withIntermediateDirectories: true)
        try "not policy".write(to: root.appendingPathComponent("tenants/us/notes.md"), atomically: true, encoding: .utf8)
        // A ConfigMap volume: the file under a timestamped directory, reached through `..data`.
        try copy("tenants/globex.yaml", to: "configmap/..2026_11_27_00_00_00.1/globex.yaml")
        try link("configmap/..data", to: "..2026_11_27_00_00_00.1")
        try link("configmap/globex.yaml", to: "..data/globex.yaml")
        // A symlinked directory outside the tree, a loop back to the root, dangling links.
        try copy("platform.yaml", to: "platform.yaml", in: outside)
        try link("shared", to: outside.path)
        try link("tenants/loop", to: "..")
        try link("gone", to: "nowhere")
        try link("gone.yaml", to: "nowhere.yaml")

        let broken = PolicyFingerprint(directory: root.path)
        XCTAssertThrowsError(try PolicyCompiler.compile(directory: root.path)) { error in
            XCTAssertEqual((error as? PolicyCompileErrors)?.errors, broken.listing.errors)
        }
        XCTAssertEqual(broken.listing.errors.map(\.description), [root.path + "/gone.yaml: cannot read: No such file or directory"])

        try FileManager.default.removeItem(at: root.appendingPathComponent("gone.yaml"))
        let fingerprint = PolicyFingerprint(directory: root.path)
        XCTAssertNotEqual(fingerprint, broken)
        XCTAssertEqual(fingerprint.listing.errors, [])
        XCTAssertEqual(relative(fingerprint.listing), ["configmap/globex.yaml", "shared/platform.yaml", "tenants/eu/acme.yaml"])
        let set = try PolicyCompiler.compile(directory: root.path)
        let fingerprintedTenants = fingerprint.listing.files.map { ($0.path as NSString).lastPathComponent }
            .filter { $0 != "platform.yaml" }.map { String($0.dropLast(".yaml".count)) }
        XCTAssertEqual(set.tenants.map(\.name).sorted(), fingerprintedTenants.sorted())
        XCTAssertEqual(PolicyFingerprint(directory: root.path), fingerprint, "nothing changed, nothing seen")
    }

    /// A directory the compiler cannot read (here: too deep) is a compile error, so it must change the
    /// fingerprint even when it holds no policy file yet; the old check only saw files.
    func testADirectoryTheCompilerCannotReadChangesTheFingerprint() throws {
        try copy("platform.yaml", to: "platform.yaml")
        let before = PolicyFingerprint(directory: root.path)
        let deep = String(repeating: "d/", count: DirectoryWalker.maxDepth)
        try FileManager.default.createDirectory(at: root.appendingPathComponent(deep), withIntermediateDirectories: true)
        let after = PolicyFingerprint(directory: root.path)
        XCTAssertNotEqual(after, before)
        XCTAssertEqual(after.listing.errors.map(\.message), ["nested deeper than 32 directories; not read"])
        XCTAssertThrowsError(try PolicyCompiler.compile(directory: root.path))
    }

    /// The compiler never opens a FIFO named like a policy file (it would block), so the check ignores
    /// it too.
    func testAFIFONamedLikePolicyIsNeitherReadNorFingerprinted() throws {
        try copy("platform.yaml", to: "platform.yaml")
        let before = PolicyFingerprint(directory: root.path)
        XCTAssertEqual(mkfifo(root.appendingPathComponent("pipe.yaml").path, 0o600), 0)
        XCTAssertEqual(PolicyFingerprint(directory: root.path), before)
        XCTAssertEqual(try PolicyCompiler.compile(directory: root.path).tenants.count, 0, "compiled without waiting on the FIFO")
    }

    func testAMissingDirectoryThatAppearsIsAChange() throws {
        let missing = root.appendingPathComponent("later")
        let before = PolicyFingerprint(directory: missing.path)
        XCTAssertEqual(before.listing.errors.map(\.description), [missing.path + ": cannot read policy directory: No such file or directory"])
        try copy("platform.yaml", to: "later/platform.yaml")
        XCTAssertNotEqual(PolicyFingerprint(directory: missing.path), before)
    }
}
