import Admission
import Policy

/// The human output: one aligned line per review, then the summary.
///
///     DENY   CREATE  pods        tenant-acme/web      alice     acme  [priority-class] Pod tenant-acme/web: …
///     ALLOW  CREATE  pods        tenant-acme/api      alice     acme  patched: tenant-label, node-selector
public struct ReplayTextOutput {
    private var rows: [[String]] = []

    public init() {}

    public mutating func add(_ verdict: ReplayVerdict) {
        let r = verdict.request
        let d = verdict.decision
        let verdictWord = d.allowed ? (d.warnings.isEmpty ? "ALLOW" : "WARN") : "DENY"
        let resource = r.subResource.isEmpty ? r.resource.resource : "\(r.resource.resource)/\(r.subResource)"
        let object = ObjectIdentity.qualifiedName(r)
        var notes: [String] = []
        if let message = d.message { notes.append(message) }
        notes.append(contentsOf: d.warnings.map { "warning: \($0)" })
        let audited = d.fired.filter { $0.action == .audit }.map(\.rule.rawValue)
        if !audited.isEmpty { notes.append("audit: " + audited.joined(separator: ", ")) }
        if !verdict.mutation.applied.isEmpty {
            notes.append("patched: " + verdict.mutation.applied.map(\.rawValue).joined(separator: ", "))
        }
        rows.append([verdictWord, r.operation.rawValue, resource, object, r.userInfo.username.isEmpty ? "-" : r.userInfo.username,
                     d.tenant ?? "-", verdict.source, notes.joined(separator: " | ")])
    }

    public mutating func addFailure(_ error: ReplayInputError) {
        rows.append(["ERROR", "-", "-", "-", "-", "-", error.source, error.reason])
    }

    /// The aligned lines. The last column (notes) is not padded.
    public func render() -> String {
        guard let columns = rows.first?.count else { return "" }
        var widths = [Int](repeating: 0, count: columns)
        for row in rows {
            for (i, cell) in row.enumerated() where i < columns - 1 { widths[i] = max(widths[i], cell.count) }
        }
        var out = ""
        for row in rows {
            var line = ""
            for (i, cell) in row.enumerated() {
                if i == columns - 1 {
                    line += cell
                } else {
                    line += cell + String(repeating: " ", count: widths[i] - cell.count + 2)
                }
            }
            while line.hasSuffix(" ") { line.removeLast() }
            out += line + "\n"
        }
        return out
    }
}
