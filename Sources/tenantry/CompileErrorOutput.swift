import Policy
import Replay

extension OutputStream {
    /// One `FILE:LINE: FIELD: MESSAGE` line per error. A key or value quoted from the YAML may hold a
    /// newline (`"col\nour": x`); it is escaped so each error stays one line for editors and CI
    /// annotations that read them.
    mutating func writeErrors(_ errors: PolicyCompileErrors) {
        for error in errors.errors { writeLine(PrintableText.escape(error.description)) }
    }
}
