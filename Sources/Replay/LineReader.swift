// tenantry runs on Linux (Debian); Glibc is its C library.
import Glibc

/// The lines of an open file or stream, read in large chunks into one buffer that is reused, and
/// handed out in place: a JSON Lines corpus of any size is replayed in a few hundred kilobytes, where
/// reading it whole cost its size in memory (a 78 MB corpus, 105 MB peak) and a pass over cold memory
/// for every line. Works the same on pipes (`-`), which cannot be mapped or measured beforehand.
///
/// Lines are split at each newline, as `ReviewDecoder.lineRanges` splits bytes in memory: a line is
/// what lies between two newlines (a carriage return stays part of it), numbered from 1, and the bytes
/// after the last newline are the last line. Until `discardConsumed()` is called, nothing read is let
/// go, so `rest()` can still give the whole input from its first byte (a file that turns out to be
/// one pretty-printed document is parsed whole, as before).
struct LineReader: ~Copyable {
    /// Bytes asked of the kernel per read: small enough to stay in the core's L2 cache, large enough
    /// that the read calls cost nothing next to the reviews (a corpus line is ~1.6 KB).
    static let defaultChunk = 1 << 17

    private let descriptor: Int32
    private let path: String
    private let chunk: Int
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// Bytes `buffer` holds: `[0, end)`.
    private var end = 0
    /// The first byte not yet handed out as part of a line.
    private var start = 0
    /// Where the search for the next newline resumes (bytes before it, from `start`, hold none).
    private var scanned = 0
    private var atEnd = false
    /// While true, bytes handed out are kept (see `rest()`).
    private var keepsAll = true
    /// The number of the line last handed out (1-based); 0 before the first.
    private(set) var lineNumber = 0

    /// Reads `descriptor` (which the caller owns, and closes after this reader is gone). `path` names
    /// it in failures.
    init(descriptor: Int32, path: String, chunk: Int = LineReader.defaultChunk) {
        self.descriptor = descriptor
        self.path = path
        self.chunk = max(chunk, 16)
        capacity = self.chunk
        buffer = .allocate(capacity: capacity)
    }

    deinit { buffer.deallocate() }

    /// The next line, without its newline; nil after the last. The bytes stay valid (and unchanged)
    /// until the next call to a mutating method.
    mutating func next() throws(InputFiles.Failure) -> UnsafeBufferPointer<UInt8>? {
        while true {
            if let newline = memchr(buffer + scanned, 0x0A, end &- scanned) {
                let stop = buffer.distance(to: newline.assumingMemoryBound(to: UInt8.self))
                defer { start = stop &+ 1; scanned = start }
                return line(to: stop)
            }
            scanned = end
            if atEnd {
                guard start < end else { return nil }
                defer { start = end }
                return line(to: end)
            }
            try fill()
        }
    }

    private mutating func line(to stop: Int) -> UnsafeBufferPointer<UInt8> {
        lineNumber &+= 1
        return UnsafeBufferPointer(start: buffer + start, count: stop &- start)
    }

    /// Whether anything but JSON whitespace (space, tab, CR, LF) follows the line last handed out.
    /// Reads ahead as far as it must; hands out nothing.
    mutating func hasContentAhead() throws(InputFiles.Failure) -> Bool {
        var i = start
        while true {
            while i < end {
                switch buffer[i] {
                case 0x20, 0x09, 0x0D, 0x0A: i &+= 1
                default: return true
                }
            }
            if atEnd { return false }
            // A fill may move the unconsumed bytes to the front of the buffer: keep `i` relative.
            let offset = i &- start
            try fill()
            i = start &+ offset
        }
    }

    /// From now on, lines handed out may be dropped from memory (`rest()` can no longer be called).
    mutating func discardConsumed() { keepsAll = false }

    /// Every byte of the input, from the first (the lines handed out included), read to the end. Only
    /// before `discardConsumed()`.
    mutating func rest() throws(InputFiles.Failure) -> [UInt8] {
        precondition(keepsAll, "LineReader.rest() after discardConsumed()")
        while !atEnd { try fill() }
        return [UInt8](UnsafeBufferPointer(start: buffer, count: end))
    }

    /// Reads one more chunk (or the end), first making room: the bytes handed out are dropped when
    /// allowed, and the buffer doubles when it is full of bytes still needed (a line longer than it).
    private mutating func fill() throws(InputFiles.Failure) {
        if !keepsAll, start > 0 {
            let kept = end &- start
            if kept > 0 { buffer.update(from: buffer + start, count: kept) }
            end = kept
            scanned &-= start
            start = 0
        }
        if capacity &- end < chunk / 2 {
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            bigger.initialize(from: buffer, count: end)
            buffer.deallocate()
            buffer = bigger
            capacity *= 2
        }
        while true {
            let n = Glibc.read(descriptor, buffer + end, capacity &- end)
            if n > 0 {
                end &+= n
                return
            }
            if n == 0 {
                atEnd = true
                return
            }
            if errno != EINTR { throw InputFiles.Failure(path: path, reason: String(cString: strerror(errno))) }
        }
    }
}
