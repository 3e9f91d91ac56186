import Foundation
import Logging
import NIOConcurrencyHelpers
import Server

/// Collects the JSON lines a `JSONLogHandler` writes, for tests to read back.
final class LogCapture: Sendable {
    private let lines = NIOLockedValueBox<[String]>([])

    var sink: LogSink {
        LogSink { [lines] bytes in
            lines.withLockedValue { $0.append(String(decoding: bytes, as: UTF8.self)) }
        }
    }

    func logger(level: Logger.Level = .debug) -> Logger {
        let sink = sink
        return Logger(label: "test") { _ in JSONLogHandler(level: level, sink: sink) }
    }

    var rawLines: [String] { lines.withLockedValue { $0 } }

    /// Every line parsed as a JSON object (a line that isn't one fails the parse and is left out:
    /// the JSONLogHandler tests check the format itself).
    var entries: [[String: Any]] {
        rawLines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    func entries(message: String) -> [[String: Any]] {
        entries.filter { $0["msg"] as? String == message }
    }

    @discardableResult
    func wait(for message: String, count: Int = 1, timeout: TimeInterval = 5) -> [[String: Any]] {
        eventually(timeout: timeout) { entries(message: message).count >= count }
        return entries(message: message)
    }
}
