import Foundation
import XCTest

/// Runs a real program (curl, python3, openssl, bash, the tenantry binary) with a deadline,
/// capturing its output in files, so no pipe can fill up and stall it. Shared by the TLS and server
/// tests, which drive the same external clients.
public final class ExternalCommand {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        public var timedOut: Bool
        public var output: String { stdout + stderr }
    }

    public let process = Process()
    private let directory: URL
    private let outURL: URL
    private let errURL: URL
    private let out: FileHandle
    private let err: FileHandle

    public static func available(_ name: String) -> Bool {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return paths.contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(name)") }
    }

    /// Skips the calling test when a client program isn't installed, saying which.
    public static func require(_ names: String...) throws {
        for name in names where !available(name) {
            throw XCTSkip("\(name) is not installed")
        }
    }

    /// Starts `arguments` (looked up on PATH unless the first is a path) without waiting for it.
    public init(_ arguments: [String], stdin: String? = nil, directory workingDirectory: URL? = nil) throws {
        directory = try TemporaryDirectory.make("cmd")
        outURL = directory.appendingPathComponent("out")
        errURL = directory.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        out = try FileHandle(forWritingTo: outURL)
        err = try FileHandle(forWritingTo: errURL)
        if arguments.first?.hasPrefix("/") == true {
            process.executableURL = URL(fileURLWithPath: arguments[0])
            process.arguments = Array(arguments.dropFirst())
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = arguments
        }
        if let workingDirectory { process.currentDirectoryURL = workingDirectory }
        process.standardOutput = out
        process.standardError = err
        let input = Pipe()
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
    }

    public var stdoutSoFar: String { (try? String(contentsOf: outURL, encoding: .utf8)) ?? "" }
    public var stderrSoFar: String { (try? String(contentsOf: errURL, encoding: .utf8)) ?? "" }

    /// Waits for the program to end (terminating it after `timeout`) and returns what it did.
    public func wait(timeout: TimeInterval = 20) -> Result {
        let deadline = Date().addingTimeInterval(timeout)
        var timedOut = false
        while process.isRunning {
            if Date() > deadline {
                timedOut = true
                process.terminate()
                break
            }
            usleep(5_000)
        }
        process.waitUntilExit()
        try? out.close()
        try? err.close()
        let result = Result(status: process.terminationStatus, stdout: stdoutSoFar, stderr: stderrSoFar, timedOut: timedOut)
        try? FileManager.default.removeItem(at: directory)
        return result
    }

    public static func run(_ arguments: [String], stdin: String? = nil, timeout: TimeInterval = 20) throws -> Result {
        try ExternalCommand(arguments, stdin: stdin).wait(timeout: timeout)
    }
}
