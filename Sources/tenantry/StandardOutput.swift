// tenantry runs on Linux (Debian); Glibc is its C library.
import Glibc

/// Buffered writes to a file descriptor without `print`'s per-call locking and formatting: replay may
/// write hundreds of thousands of lines.
struct OutputStream {
    private let descriptor: Int32
    private var buffer: [UInt8] = []

    /// A write to a closed pipe raises SIGPIPE, whose default action kills the process (status 141, a
    /// failure under `set -o pipefail`) before `flush` ever sees EPIPE. Commands with long output call
    /// this first so `tenantry replay … | head` ends quietly with the verdicts' status.
    static func ignoreBrokenPipeSignal() {
        _ = signal(SIGPIPE, SIG_IGN)
    }

    static func standardOutput() -> OutputStream { OutputStream(descriptor: STDOUT_FILENO) }
    static func standardError() -> OutputStream { OutputStream(descriptor: STDERR_FILENO) }

    private init(descriptor: Int32) {
        self.descriptor = descriptor
        buffer.reserveCapacity(1 << 16)
    }

    /// Appends to the buffer; flushes when it passes 64 KiB.
    mutating func write(_ bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { flush() }
    }

    mutating func write(_ text: String) { write(text.utf8) }

    mutating func writeLine(_ text: String) {
        write(text.utf8)
        write(CollectionOfOne(UInt8(ascii: "\n")))
    }

    /// Gives `body` the buffer to append to directly (no intermediate array).
    mutating func append(_ body: (inout [UInt8]) -> Void) {
        body(&buffer)
        if buffer.count >= 1 << 16 { flush() }
    }

    /// Writes everything buffered, retrying partial writes and EINTR. A closed pipe (EPIPE, e.g.
    /// `tenantry replay … | head`) drops the rest quietly.
    mutating func flush() {
        buffer.withUnsafeBytes { writeAll($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is buffered and then `bytes`, now and without copying them: for a writer that
    /// gathers large pieces in a buffer of its own (replay's JSON lines).
    mutating func write(now bytes: UnsafeBufferPointer<UInt8>) {
        flush()
        writeAll(UnsafeRawBufferPointer(bytes))
    }

    private func writeAll(_ raw: UnsafeRawBufferPointer) {
        guard let base = raw.baseAddress else { return }
        var offset = 0
        while offset < raw.count {
            let n = Glibc.write(descriptor, base + offset, raw.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += n
        }
    }
}
