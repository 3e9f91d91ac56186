#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Buffered writes to stdout/stderr without `print`'s per-call locking and formatting: replay may
/// write hundreds of thousands of lines.
struct OutputStream {
    private let file: UnsafeMutablePointer<FILE>
    private var buffer: [UInt8] = []

    static func standardOutput() -> OutputStream { OutputStream(file: stdout) }
    static func standardError() -> OutputStream { OutputStream(file: stderr) }

    private init(file: UnsafeMutablePointer<FILE>) {
        self.file = file
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

    mutating func flush() {
        guard !buffer.isEmpty else { return }
        buffer.withUnsafeBytes { _ = fwrite($0.baseAddress, 1, $0.count, file) }
        fflush(file)
        buffer.removeAll(keepingCapacity: true)
    }
}
