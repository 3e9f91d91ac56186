import XCTest
@testable import Policy

/// Fixtures and helpers shared by the compiler tests.
enum CompilerFixtures {
    static let platform = """
        apiVersion: tenantry.dev/v1alpha1
        kind: Platform
        metadata: {name: platform}
        spec:
          admins: {groups: [platform-admins]}
          priorityClasses:
            - {name: platform-critical, value: 1000000}
            - {name: tenant-standard, value: 100, globalDefault: true}
            - {name: tenant-batch, value: 10, preemptionPolicy: Never}

        """

    /// A tenant with a name, a namespace and a prefix derived from `name`, and an owner group.
    static func tenant(_ name: String, extra: String = "") -> String {
        """
        apiVersion: tenantry.dev/v1alpha1
        kind: Tenant
        metadata: {name: \(name)}
        spec:
          owners: {groups: [\(name)-admins]}
          namespaces: {names: [tenant-\(name)], prefixes: [\(name)-]}
        \(extra)
        """
    }

    /// The repository's `policies/` directory, found from this file so tests run from any directory.
    static var repositoryPolicies: String {
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)  // Tests/PolicyTests/CompilerTestSupport.swift
        return parts.joined(separator: "/") + "/policies"
    }
}

extension XCTestCase {
    func compile(_ sources: [(String, String)], file: StaticString = #filePath, line: UInt = #line) -> PolicySet? {
        do {
            return try PolicyCompiler.compile(sources: sources.map { (path: $0.0, text: $0.1) })
        } catch {
            XCTFail("unexpected compile errors:\n\(error)", file: file, line: line)
            return nil
        }
    }

    /// The error lines (`file:line: path: message`) of a compilation that must fail.
    func compileErrors(_ sources: [(String, String)], file: StaticString = #filePath, line: UInt = #line) -> [String] {
        do {
            _ = try PolicyCompiler.compile(sources: sources.map { (path: $0.0, text: $0.1) })
            XCTFail("expected compile errors", file: file, line: line)
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }

    /// Errors of one tenant document `t.yaml` next to the standard platform.
    func tenantErrors(_ tenantYAML: String, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        compileErrors([("p.yaml", CompilerFixtures.platform), ("t.yaml", tenantYAML)], file: file, line: line)
    }

    /// Errors of a platform document `p.yaml` alone.
    func platformErrors(_ platformYAML: String, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        compileErrors([("p.yaml", platformYAML)], file: file, line: line)
    }
}
