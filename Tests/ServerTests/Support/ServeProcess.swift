import ExternalTools
import Foundation
import XCTest

/// A running `tenantry serve` (the real binary) on ephemeral ports, and the ports it logged.
struct ServeProcess {
    var command: ExternalCommand
    var port: Int
    var metricsPort: Int

    /// Starts `binary serve --addr 127.0.0.1:0 --metrics-addr 127.0.0.1:0 ARGUMENTS` from the repository
    /// root and waits for its "serving" log line (or for it to exit, which fails here with its stderr).
    /// The caller stops it (`stopIfRunning`), also when the test fails.
    static func start(_ binary: String, _ arguments: [String]) throws -> ServeProcess {
        let command = try ExternalCommand(
            [binary, "serve", "--addr", "127.0.0.1:0", "--metrics-addr", "127.0.0.1:0"] + arguments, directory: Repository.root)
        var serving: [String: Any]?
        eventually(timeout: 20) {
            serving = command.stderrSoFar.split(separator: "\n")
                .compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
                .first { $0["msg"] as? String == "serving" }
            return serving != nil || !command.process.isRunning
        }
        guard let fields = serving else {
            command.stopIfRunning()
            throw TestFailure("no serving line: \(command.stderrSoFar)")
        }
        func port(_ key: String) -> Int { Int((fields[key] as? String ?? "").split(separator: ":").last ?? "") ?? 0 }
        return ServeProcess(command: command, port: port("addr"), metricsPort: port("metricsAddr"))
    }
}

extension ExternalCommand {
    /// SIGINT and a short wait, for cleanup after a test that may have stopped the program itself.
    func stopIfRunning() {
        if process.isRunning {
            process.interrupt()
            _ = wait(timeout: 5)
        }
    }
}
