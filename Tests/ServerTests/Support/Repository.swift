import ExternalTools
import Foundation

/// Paths in this repository (the tests read its policies, examples and scripts, never anything
/// outside it).
enum Repository {
    /// Tests/ServerTests/Support/Repository.swift → the repository root.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static var policies: String { root.appendingPathComponent("policies").path }
    static var examples: URL { root.appendingPathComponent("examples/reviews") }
    static func support(_ name: String) -> String {
        root.appendingPathComponent("Tests/ServerTests/Support").appendingPathComponent(name).path
    }

    static func example(_ name: String) -> String { examples.appendingPathComponent(name).path }

    static func exampleBytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: examples.appendingPathComponent(name)))
    }

    static var exampleFiles: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: examples.path)) ?? [])
            .filter { $0.hasSuffix(".json") }.sorted().map { examples.appendingPathComponent($0).path }
    }

    /// A fresh temporary directory, removed by the caller.
    static func temporaryDirectory(_ label: String) throws -> URL { try TemporaryDirectory.make(label) }

    /// A copy of the example policies in a temporary directory, for tests that change them.
    static func copyOfPolicies() throws -> URL {
        let directory = try temporaryDirectory("policies")
        let target = directory.appendingPathComponent("policies")
        try FileManager.default.copyItem(atPath: policies, toPath: target.path)
        return target
    }
}

/// Polls `condition` until it holds or `timeout` passes; returns whether it held.
@discardableResult
func eventually(timeout: TimeInterval = 5, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try condition() { return true }
        usleep(10_000)
    }
    return try condition()
}
