import ArgumentParser
import Policy

struct CompileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile",
        abstract: "Compile a policy directory and print a summary, or every error.",
        discussion: """
            Exit status: 0 when the set compiles (a summary with tenants, namespaces, owners, rules and the \
            set's content hash is printed); 2 when it does not (every error is printed, one per line, as \
            FILE:LINE: FIELD: MESSAGE).
            """)

    @Argument(help: "The policy directory (*.yaml and *.yml files at any depth).")
    var directory: String = "policies"

    func run() throws {
        do {
            let set = try PolicyCompiler.compile(directory: directory)
            print(PolicySummary(set).description)
        } catch {
            var err = OutputStream.standardError()
            err.writeLine(error.description)
            err.flush()
            throw ExitCode(2)
        }
    }
}
