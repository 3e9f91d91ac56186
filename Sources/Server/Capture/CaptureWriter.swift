import CoreMetrics
import JSON
import Logging
import NIOConcurrencyHelpers
import NIOPosix
import Policy

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A capture directory could not be used.
public struct CaptureError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var reason: String
    public var description: String { "capture directory \(path): \(reason)" }
}

/// Appends capture records to JSON Lines files on its own thread, so the event loops never wait for
/// the disk. The queue is bounded: when the disk falls behind, records are dropped and counted rather
/// than held in memory or slowing admission down.
///
/// Files are `capture-NNNNNN.jsonl` (numbered, so a directory listing is in write order and replay
/// reads them oldest first); a file that would grow past `maxBytes` is closed and the next one
/// started; only the newest `keepFiles` are kept.
public final class CaptureWriter: Sendable {
    public struct Limits: Sendable {
        public var maxBytes: Int
        public var keepFiles: Int
        public var queueCapacity: Int

        public static let defaultMaxBytes = 64 << 20
        public init(maxBytes: Int = Limits.defaultMaxBytes, keepFiles: Int = 5, queueCapacity: Int = 1024) {
            self.maxBytes = max(1, maxBytes)
            self.keepFiles = max(1, keepFiles)
            self.queueCapacity = max(1, queueCapacity)
        }
    }

    /// Only the writer thread touches it.
    private struct FileState {
        var descriptor: Int32 = -1
        var size = 0
        var sequence: Int
        var failing = false
        /// After `close()`: nothing more is written, nothing reopened.
        var closed = false
    }

    public let directory: String
    private let limits: Limits
    private let pool: NIOThreadPool
    /// Records queued and not yet written.
    private let pending = NIOLockedValueBox(0)
    /// `close()` runs once; a second call would wait on a pool that no longer runs anything.
    private let closeStarted = NIOLockedValueBox(false)
    private let file: NIOLockedValueBox<FileState>
    private let dropped: CoreMetrics.Counter?
    private let errors: CoreMetrics.Counter?
    private let logger: Logger

    /// Creates the directory if needed and opens the first file: an unusable directory is an error
    /// here, at startup, not a stream of failures later.
    public init(
        directory: String, limits: Limits = Limits(), logger: Logger,
        dropped: CoreMetrics.Counter? = nil, errors: CoreMetrics.Counter? = nil
    ) throws(CaptureError) {
        self.directory = directory
        self.limits = limits
        self.logger = logger
        self.dropped = dropped
        self.errors = errors
        if mkdir(directory, 0o750) != 0, errno != EEXIST {
            throw CaptureError(path: directory, reason: Self.lastError())
        }
        let existing = try Self.captureFiles(in: directory)
        var state = FileState(sequence: (existing.last?.sequence ?? 0) + 1)
        let path = Self.path(directory, state.sequence)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else { throw CaptureError(path: directory, reason: Self.lastError()) }
        state.descriptor = descriptor
        file = NIOLockedValueBox(state)
        pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
    }

    /// Queues a record built (on the writer thread) by `makeLine`; false when the queue was full and
    /// the record was dropped.
    @discardableResult
    public func enqueue(_ makeLine: @escaping @Sendable () -> [UInt8]?) -> Bool {
        let accepted = pending.withLockedValue { count -> Bool in
            guard count < limits.queueCapacity else { return false }
            count += 1
            return true
        }
        guard accepted else {
            dropped?.increment()
            return false
        }
        // Written even when `state` is `.cancelled`: that is how a shutting-down pool hands over the
        // records still queued, and those are wanted too.
        pool.submit { [self] _ in
            defer { pending.withLockedValue { $0 -= 1 } }
            guard var line = makeLine() else { return }
            line.append(0x0A)
            write(line)
        }
        return true
    }

    /// Waits for queued records to be written, then closes the file. Records enqueued afterwards
    /// are not written.
    public func close() {
        guard !closeStarted.withLockedValue({ started in defer { started = true }; return started }) else { return }
        // The pool has one thread and runs its work in order: once this marker has run, every record
        // queued before it has been written. (Shutting the pool down instead would hand them over
        // asynchronously, possibly after the file is closed.)
        let drained = ConditionLock(value: false)
        pool.submit { _ in
            drained.lock()
            drained.unlock(withValue: true)
        }
        drained.lock(whenValue: true)
        drained.unlock()
        file.withLockedValue { state in
            if state.descriptor >= 0 { _ = Glibc.close(state.descriptor) }
            state.descriptor = -1
            state.closed = true
        }
        try? pool.syncShutdownGracefully()
    }

    /// Records queued and not yet written.
    public var queued: Int { pending.withLockedValue { $0 } }

    private func write(_ line: [UInt8]) {
        file.withLockedValue { state in
            guard !state.closed else { return }
            // No open file (a failed rotation): try again, so a directory that comes back is used again.
            if state.descriptor < 0 || (state.size > 0 && state.size + line.count > limits.maxBytes) {
                rotate(&state)
            }
            guard state.descriptor >= 0 else { return }
            var offset = 0
            while offset < line.count {
                let written = line.withUnsafeBytes { bytes -> Int in
                    guard let base = bytes.baseAddress else { return 0 }
                    return Glibc.write(state.descriptor, base + offset, bytes.count - offset)
                }
                if written < 0 {
                    if errno == EINTR { continue }
                    failed(&state, Self.lastError())
                    return
                }
                offset += written
            }
            state.size += line.count
            if state.failing {
                state.failing = false
                logger.notice("capture writing again", metadata: ["directory": .string(directory)])
            }
        }
    }

    /// Closes the current file and opens the next; after a failed open the same number is tried again.
    private func rotate(_ state: inout FileState) {
        if state.descriptor >= 0 {
            _ = Glibc.close(state.descriptor)
            state.sequence += 1
        }
        state.size = 0
        state.descriptor = open(Self.path(directory, state.sequence), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o640)
        if state.descriptor < 0 {
            failed(&state, Self.lastError())
            return
        }
        if let files = try? Self.captureFiles(in: directory), files.count > limits.keepFiles {
            for old in files.prefix(files.count - limits.keepFiles) { unlink(old.path) }
        }
    }

    /// Logged once per run of failures (not per record), counted every time.
    private func failed(_ state: inout FileState, _ reason: String) {
        errors?.increment()
        if !state.failing {
            state.failing = true
            logger.error("capture write failed", metadata: ["directory": .string(directory), "error": .string(reason)])
        }
    }

    static func path(_ directory: String, _ sequence: Int) -> String {
        var number = String(sequence)
        if number.count < 6 { number = String(repeating: "0", count: 6 - number.count) + number }
        return (directory.hasSuffix("/") ? directory : directory + "/") + "capture-" + number + ".jsonl"
    }

    /// The capture files in the directory, oldest first (by number: names sort wrongly past 999999).
    static func captureFiles(in directory: String) throws(CaptureError) -> [(sequence: Int, path: String)] {
        let names: [String]
        do throws(WalkProblem) {
            names = try DirectoryWalker.visibleNames(in: directory)
        } catch {
            throw CaptureError(path: directory, reason: error.description)
        }
        var out: [(sequence: Int, path: String)] = []
        for name in names {
            guard name.hasPrefix("capture-"), name.hasSuffix(".jsonl"),
                let sequence = Int(name.dropFirst("capture-".count).dropLast(".jsonl".count))
            else { continue }
            out.append((sequence, (directory.hasSuffix("/") ? directory : directory + "/") + name))
        }
        return out.sorted { $0.sequence < $1.sequence }
    }

    private static func lastError() -> String { String(cString: strerror(errno)) }
}
