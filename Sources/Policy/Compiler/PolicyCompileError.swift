/// One problem in the policy files, located so an editor can jump to it:
/// `policies/tenants/acme.yaml:14: spec.priorityClasses.default: "gold" is not in allowed [tenant-standard]`.
public struct PolicyCompileError: Error, Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The file as the compiler was given it (relative to the working directory for `compile(directory:)`).
    /// Empty for problems of the set as a whole that no file holds (no Platform document at all).
    public var file: String
    /// 1-based; 0 when the problem has no line (the file could not be read).
    public var line: Int
    /// The field, dotted with `[i]` for list items (`spec.owners.groups[1]`); empty for whole documents
    /// and YAML syntax errors.
    public var path: String
    public var message: String

    public init(file: String, line: Int, path: String, message: String) {
        self.file = file
        self.line = line
        self.path = path
        self.message = message
    }

    /// `file:line: path: message`, leaving out the parts the error lacks.
    public var description: String {
        var out = ""
        if !file.isEmpty {
            out += file
            if line > 0 { out += ":\(line)" }
            out += ": "
        }
        if !path.isEmpty { out += path + ": " }
        return out + message
    }
}

/// Every problem found in one compilation, sorted by file then line, so one run reports them all.
public struct PolicyCompileErrors: Error, Sendable, Equatable, CustomStringConvertible {
    public var errors: [PolicyCompileError]

    public init(_ errors: [PolicyCompileError]) {
        self.errors = errors
    }

    /// One error per line.
    public var description: String {
        errors.map(\.description).joined(separator: "\n")
    }
}

/// Collects errors while compiling; sorting happens once at the end.
struct Diagnostics {
    private var entries: [(error: PolicyCompileError, column: Int)] = []

    var isEmpty: Bool { entries.isEmpty }
    var count: Int { entries.count }

    /// `column` only orders errors that share a line (items of a flow list `[a, b, a]`).
    mutating func error(_ file: String, _ line: Int, _ path: String, _ message: String, column: Int = 0) {
        entries.append((PolicyCompileError(file: file, line: line, path: path, message: message), column))
    }

    /// By file, then line, then column; otherwise in the order found.
    func sorted() -> [PolicyCompileError] {
        entries.enumerated().sorted { a, b in
            let (x, y) = (a.element, b.element)
            if x.error.file != y.error.file { return x.error.file < y.error.file }
            if x.error.line != y.error.line { return x.error.line < y.error.line }
            if x.column != y.column { return x.column < y.column }
            return a.offset < b.offset
        }.map(\.element.error)
    }
}
