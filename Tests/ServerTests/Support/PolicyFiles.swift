import ExternalTools
import Foundation

/// Edits to a copy of the example policies, as an operator would make them.
enum PolicyFiles {
    /// acme may also use `platform-critical`: the example pod asking for it is then allowed.
    static func allowPlatformCritical(in directory: URL) throws {
        let file = directory.appendingPathComponent("tenants/acme.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        let changed = text.replacingOccurrences(
            of: "allowed: [tenant-standard, tenant-batch]", with: "allowed: [tenant-standard, tenant-batch, platform-critical]")
        guard changed != text else { throw TestFailure("acme.yaml no longer has the expected priorityClasses line") }
        try write(changed, to: file)
    }

    /// A file that does not compile: YAML that doesn't parse.
    static func breakPolicies(in directory: URL) throws {
        try write("apiVersion: tenantry.dev/v1alpha1\nkind: Tenant\nmetadata: {name: broken\nspec: [\n", to: directory.appendingPathComponent("tenants/broken.yaml"))
    }

    static func fixPolicies(in directory: URL) throws {
        try FileManager.default.removeItem(at: directory.appendingPathComponent("tenants/broken.yaml"))
    }

    /// Writes through a temporary file and a rename, as editors and `kubectl cp` do.
    static func write(_ text: String, to file: URL) throws {
        let temporary = file.deletingLastPathComponent().appendingPathComponent(".tmp-\(UUID().uuidString)")
        try text.write(to: temporary, atomically: false, encoding: .utf8)
        guard rename(temporary.path, file.path) == 0 else { throw TestFailure("cannot rename onto \(file.path)") }
    }
}
