import COpenSSL

/// OpenSSL's per-thread error queue. Every handler on an event loop shares its thread's queue, so each
/// OpenSSL call that may fail starts with `clear()` and its failure is read with `drain()`: an error
/// left behind by one connection must never be reported against another.
enum OpenSSLErrorQueue {
    static func clear() {
        // Runs before every read and write: looking costs a fraction of clearing the queue's 16
        // slots, and the queue is empty nearly always.
        if ERR_peek_error() != 0 { ERR_clear_error() }
    }

    /// The queued errors, oldest first, as `error:05800074:x509 certificate routines::key values mismatch`.
    static func drain() -> [String] {
        var messages: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            // ERR_error_string_n needs at least 120 bytes for the longest message; 256 is comfortable.
            let text = withUnsafeTemporaryAllocation(of: CChar.self, capacity: 256) { buffer -> String in
                guard let base = buffer.baseAddress else { return "error:\(code)" }
                ERR_error_string_n(code, base, buffer.count)
                return String(cString: base)
            }
            // A long queue is one root cause plus follow-ups; the first few say everything.
            if messages.count < 8 { messages.append(text) }
        }
        return messages
    }
}
