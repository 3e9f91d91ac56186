import Admission
import Foundation
import Policy
import Server
import XCTest

final class PolicyStoreTests: XCTestCase {
    var directories: [URL] = []

    override func tearDown() {
        for directory in directories { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
    }

    private func policies() throws -> URL {
        let directory = try Repository.copyOfPolicies()
        directories.append(directory)
        return directory
    }

    private func verdict(_ store: PolicyStore, _ example: String) throws -> Bool {
        let review = try AdmissionReview.decode(try Repository.exampleBytes(example))
        return Engine.validate(review.request, with: store.current).allowed
    }

    func testInitialCompileFailureThrowsEveryError() throws {
        let directory = try policies()
        try PolicyFiles.breakPolicies(in: directory)
        XCTAssertThrowsError(try PolicyStore(directory: directory.path)) { error in
            let errors = (error as? PolicyCompileErrors)?.errors ?? []
            XCTAssertFalse(errors.isEmpty)
            XCTAssertTrue(errors.allSatisfy { $0.file.hasSuffix("tenants/broken.yaml") }, "\(errors)")
        }
        XCTAssertThrowsError(try PolicyStore(directory: directory.appendingPathComponent("missing").path))
    }

    func testUnchangedFilesAreNotRecompiled() throws {
        let store = try PolicyStore(directory: try policies().path)
        let first = store.current
        guard case .unchanged = store.reloadIfChanged() else { return XCTFail("expected unchanged") }
        guard case .unchanged = store.reloadIfChanged() else { return XCTFail("expected unchanged") }
        XCTAssertTrue(store.current === first)
    }

    func testChangedPolicyIsSwappedIn() throws {
        let directory = try policies()
        let store = try PolicyStore(directory: directory.path)
        let before = store.current
        XCTAssertFalse(try verdict(store, "pod-create-platform-critical.json"))
        try PolicyFiles.allowPlatformCritical(in: directory)
        guard case .reloaded(let previous, let current) = store.reloadIfChanged() else { return XCTFail("expected a reload") }
        XCTAssertTrue(previous === before)
        XCTAssertTrue(store.current === current)
        XCTAssertNotEqual(current.contentHash, before.contentHash)
        XCTAssertTrue(try verdict(store, "pod-create-platform-critical.json"))
        // A request that took the old set before the swap still holds a complete, working set.
        XCTAssertFalse(Engine.validate(try AdmissionReview.decode(try Repository.exampleBytes("pod-create-platform-critical.json")).request, with: before).allowed)
    }

    func testBrokenPolicyIsRejectedOnceAndTheOldSetKeepsServing() throws {
        let directory = try policies()
        let store = try PolicyStore(directory: directory.path)
        let good = store.current
        try PolicyFiles.breakPolicies(in: directory)
        guard case .rejected(let errors) = store.reloadIfChanged() else { return XCTFail("expected a rejection") }
        XCTAssertTrue(errors.errors.contains { $0.file.hasSuffix("tenants/broken.yaml") && $0.line > 0 }, "\(errors)")
        XCTAssertTrue(store.current === good)
        XCTAssertFalse(try verdict(store, "pod-create-platform-critical.json"))
        // Reported once: the same broken files are not compiled again on every check.
        guard case .unchanged = store.reloadIfChanged() else { return XCTFail("a rejected change must not be retried until the files change") }

        // Fixing it with a real change swaps the new set in.
        try PolicyFiles.fixPolicies(in: directory)
        try PolicyFiles.allowPlatformCritical(in: directory)
        guard case .reloaded = store.reloadIfChanged() else { return XCTFail("expected a reload after the fix") }
        XCTAssertTrue(try verdict(store, "pod-create-platform-critical.json"))
    }

    func testRevertingABrokenChangeCompilesToTheSameContent() throws {
        let directory = try policies()
        let store = try PolicyStore(directory: directory.path)
        let good = store.current
        try PolicyFiles.breakPolicies(in: directory)
        _ = store.reloadIfChanged()
        try PolicyFiles.fixPolicies(in: directory)
        guard case .sameContent(let set) = store.reloadIfChanged() else { return XCTFail("expected the same content") }
        XCTAssertTrue(set === good)
        XCTAssertTrue(store.current === good)
    }

    func testAddedAndRemovedFilesAreSeen() throws {
        let directory = try policies()
        let store = try PolicyStore(directory: directory.path)
        try "# notes, no documents\n".write(to: directory.appendingPathComponent("tenants/notes.yaml"), atomically: true, encoding: .utf8)
        guard case .sameContent = store.reloadIfChanged() else { return XCTFail("a new file must be noticed") }
        try FileManager.default.removeItem(at: directory.appendingPathComponent("tenants/globex.yaml"))
        guard case .reloaded(_, let current) = store.reloadIfChanged() else { return XCTFail("a removed tenant must be noticed") }
        XCTAssertEqual(current.tenants.map(\.name), ["acme"])
        // A file the compiler does not read changes nothing.
        try "x".write(to: directory.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        guard case .unchanged = store.reloadIfChanged() else { return XCTFail("non-policy files are not watched") }
    }

    func testInPlaceEditWithTheSameSizeIsSeen() throws {
        let directory = try policies()
        let store = try PolicyStore(directory: directory.path)
        let file = directory.appendingPathComponent("tenants/acme.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        // Same length, same inode: only the modification time tells.
        let edited = text.replacingOccurrences(of: "pods: 50", with: "pods: 51")
        XCTAssertEqual(edited.utf8.count, text.utf8.count)
        let handle = try FileHandle(forWritingTo: file)
        try handle.write(contentsOf: Data(edited.utf8))
        try handle.close()
        guard case .reloaded = store.reloadIfChanged() else { return XCTFail("an in-place edit must be noticed") }
    }

    /// A ConfigMap volume: visible names are symlinks into `..data`, itself a symlink to a timestamped
    /// directory; an update writes a new directory and renames a new `..data` link over the old one.
    func testConfigMapSymlinkSwapIsSeen() throws {
        let source = try policies()
        let volume = source.deletingLastPathComponent().appendingPathComponent("volume")
        let manager = FileManager.default
        func writeVersion(_ name: String) throws {
            let version = volume.appendingPathComponent(name)
            try manager.createDirectory(at: version, withIntermediateDirectories: true)
            for file in ["platform.yaml", "tenants/acme.yaml", "tenants/globex.yaml"] {
                try manager.copyItem(at: source.appendingPathComponent(file), to: version.appendingPathComponent((file as NSString).lastPathComponent))
            }
        }
        try writeVersion("..2026_11_27_00_00_00.1")
        try manager.createSymbolicLink(atPath: volume.appendingPathComponent("..data").path, withDestinationPath: "..2026_11_27_00_00_00.1")
        for name in ["platform.yaml", "acme.yaml", "globex.yaml"] {
            try manager.createSymbolicLink(atPath: volume.appendingPathComponent(name).path, withDestinationPath: "..data/\(name)")
        }
        let store = try PolicyStore(directory: volume.path)
        XCTAssertEqual(store.current.tenants.count, 2, "each file is read once, not again through ..data")
        XCTAssertFalse(try verdict(store, "pod-create-platform-critical.json"))

        try PolicyFiles.allowPlatformCritical(in: source)
        try writeVersion("..2026_11_27_00_01_00.2")
        try manager.createSymbolicLink(atPath: volume.appendingPathComponent("..data_tmp").path, withDestinationPath: "..2026_11_27_00_01_00.2")
        XCTAssertEqual(rename(volume.appendingPathComponent("..data_tmp").path, volume.appendingPathComponent("..data").path), 0)
        try manager.removeItem(at: volume.appendingPathComponent("..2026_11_27_00_00_00.1"))

        guard case .reloaded = store.reloadIfChanged() else { return XCTFail("the ..data swap must be noticed") }
        XCTAssertTrue(try verdict(store, "pod-create-platform-critical.json"))
    }
}
