import Admission
import JSON
import Policy

/// `--output json`: one object per review and line, with exactly the keys of policy.md §6, in order.
public enum ReplayJSONOutput {
    /// Appends the line to `out`, written first through a `JSONOutput` (one copy per piece, where
    /// appending each of its ~40 pieces to the array cost ~100 instructions apiece).
    public static func write(_ verdict: ReplayVerdict, into out: inout [UInt8]) {
        JSONOutput.append(to: &out) { write(verdict, into: &$0) }
    }

    public static func write(_ verdict: ReplayVerdict, into out: inout JSONOutput) {
        let r = verdict.request
        let d = verdict.decision
        out.append(ascii: #"{"source":"#)
        JSONWriter.writeString(verdict.source, into: &out)
        // Each key with its comma, colon and quotes as one literal: one copy per field, not three.
        field(#","uid":"#, r.uid, &out)
        field(#","operation":"#, r.operation.rawValue, &out)
        field(#","resource":"#, r.resource.resource, &out)
        field(#","subResource":"#, r.subResource, &out)
        field(#","namespace":"#, r.namespace, &out)
        field(#","name":"#, r.name, &out)
        // The user's name from the request's bytes, without building its `String`.
        out.append(ascii: #","user":"#)
        r.userInfo.withUsernameBytes { JSONWriter.writeString(utf8: $0, into: &out) }
        field(#","actor":"#, d.actor.rawValue, &out)
        out.append(ascii: #","tenant":"#)
        if let tenant = d.tenant { JSONWriter.writeString(tenant, into: &out) } else { out.append(ascii: "null") }
        out.append(ascii: d.allowed ? #","allowed":true"# : #","allowed":false"#)
        out.append(ascii: #","rules":["#)
        writeRules(d.fired, into: &out)
        out.append(ascii: #"],"warnings":["#)
        for (i, warning) in d.warnings.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            JSONWriter.writeString(warning, into: &out)
        }
        out.append(ascii: #"],"message":"#)
        if let message = d.message { JSONWriter.writeString(message, into: &out) } else { out.append(ascii: "null") }
        out.append(ascii: #","patch":"#)
        JSONPatchWriter.write(verdict.mutation.patch, into: &out)
        out.append(ascii: "}\n")
    }

    /// `Decision.rules` (the fired rules' ids, sorted, repeats kept) written without building it: a
    /// review fires a few rules at most, so each pass picks the next smallest id and writes it as often
    /// as it fired.
    private static func writeRules(_ fired: [FiredRule], into out: inout JSONOutput) {
        if fired.count == 1 { return JSONWriter.writeString(fired[0].rule.rawValue, into: &out) }
        var previous: RuleID?
        var written = 0
        while written < fired.count {
            var smallest: RuleID?
            var repeats = 0
            for firing in fired {
                let rule = firing.rule
                if let previous, !(previous < rule) { continue }
                if let least = smallest, !(rule < least) {
                    if rule == least { repeats += 1 }
                    continue
                }
                smallest = rule
                repeats = 1
            }
            guard let smallest else { return }
            for _ in 0..<repeats {
                if written > 0 { out.append(UInt8(ascii: ",")) }
                JSONWriter.writeString(smallest.rawValue, into: &out)
                written += 1
            }
            previous = smallest
        }
    }

    private static func field(_ key: StaticString, _ value: String, _ out: inout JSONOutput) {
        out.append(ascii: key)
        JSONWriter.writeString(value, into: &out)
    }
}
