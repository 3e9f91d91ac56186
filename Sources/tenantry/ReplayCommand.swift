import Admission
import ArgumentParser
import JSON
import Policy
import Replay

struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Run captured AdmissionReviews through the engine, as the server would.",
        discussion: """
            Each PATH is a file (one review, a JSON array of reviews, or JSON Lines), a directory (read \
            recursively) or - for standard input. Reviews may be v1 or v1beta1 envelopes, bare requests, or \
            capture records written by the server. Every review goes through the mutating pass and then the \
            validating pass on the patched object.

            Exit status: 0 when every review was read (whatever the verdicts); 1 with --fail-on-deny when \
            any review was denied; 2 when an input or the policies could not be read.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Option(name: .long, help: "The policy directory.")
    var policies: String = "policies"

    @Option(name: .long, help: "text (aligned lines and a summary) or json (one object per review and line).")
    var output: Format = .text

    @Flag(name: .long, help: "Exit 1 when any review is denied.")
    var failOnDeny = false

    @Argument(help: "Review files, directories, or - for standard input.")
    var paths: [String]

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("Give at least one PATH (a file, a directory, or - for standard input).") }
    }

    func run() throws {
        OutputStream.ignoreBrokenPipeSignal()
        var err = OutputStream.standardError()
        let set: PolicySet
        do {
            set = try PolicyCompiler.compile(directory: policies)
        } catch {
            err.writeErrors(error)
            err.flush()
            throw ExitCode(2)
        }
        var out = OutputStream.standardOutput()
        var text = ReplayTextOutput()
        var summary = ReplaySummary()
        // Read once: each read of an option goes through its property wrapper.
        let output = output
        // JSON lines are written straight into one buffer, reused, and go out in large writes.
        var lines = JSONOutput(capacity: Self.jsonWriteSize + (Self.jsonWriteSize >> 1))
        // One review at a time, from reading to its verdict's output line: memory stays flat however
        // large the corpus.
        ReplayInputs.forEach(paths) { input in
            switch input.review {
            case .success(let review):
                let verdict = Replayer.replay(review, source: input.source, policies: set)
                summary.count(verdict)
                switch output {
                case .json:
                    ReplayJSONOutput.write(verdict, into: &lines)
                    if lines.count >= Self.jsonWriteSize { Self.write(&lines, to: &out) }
                case .text: text.add(verdict)
                }
            case .failure(let failure):
                summary.unreadable += 1
                if output == .text { text.addFailure(failure) }
                err.writeLine("tenantry replay: " + PrintableText.escape(failure.description))
            }
        }
        Self.write(&lines, to: &out)
        if output == .text {
            text.render { out.write(now: $0) }
            out.writeLine(summary.description)
        }
        out.flush()
        err.flush()
        if summary.unreadable > 0 { throw ExitCode(2) }
        if failOnDeny, summary.denied > 0 { throw ExitCode(1) }
    }

    /// JSON output goes out in writes of about this many bytes.
    static let jsonWriteSize = 1 << 17

    /// Writes the JSON lines gathered and empties the buffer for more.
    private static func write(_ lines: inout JSONOutput, to out: inout OutputStream) {
        lines.withBytes(0..<lines.count) { out.write(now: $0) }
        lines.truncate(to: 0)
    }
}
