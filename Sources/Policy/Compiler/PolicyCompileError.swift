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
    private(set) var errors: [PolicyCompileError] = []

    var isEmpty: Bool { errors.isEmpty }

    mutating func error(_ file: String, _ line: Int, _ path: String, _ message: String) {
        errors.append(PolicyCompileError(file: file, line: line, path: path, message: message))
    }

    /// By file, then line; errors on one line keep the order they were found in.
    func sorted() -> [PolicyCompileError] {
        errors.enumerated().sorted { a, b in
            if a.element.file != b.element.file { return a.element.file < b.element.file }
            if a.element.line != b.element.line { return a.element.line < b.element.line }
            return a.offset < b.offset
        }.map(\.element)
    }
}
