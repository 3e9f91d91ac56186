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
        field("uid", r.uid, &out)
        field("operation", r.operation.rawValue, &out)
        field("resource", r.resource.resource, &out)
        field("subResource", r.subResource, &out)
        field("namespace", r.namespace, &out)
        field("name", r.name, &out)
        field("user", r.userInfo.username, &out)
        field("actor", d.actor.rawValue, &out)
        out.append(ascii: #","tenant":"#)
        if let tenant = d.tenant { JSONWriter.writeString(tenant, into: &out) } else { out.append(ascii: "null") }
        out.append(ascii: d.allowed ? #","allowed":true"# : #","allowed":false"#)
        out.append(ascii: #","rules":["#)
        for (i, rule) in d.rules.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            JSONWriter.writeString(rule.rawValue, into: &out)
        }
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

    private static func field(_ key: StaticString, _ value: String, _ out: inout JSONOutput) {
        out.append(ascii: #",""#)
        out.append(ascii: key)
        out.append(ascii: #"":"#)
        JSONWriter.writeString(value, into: &out)
    }
}
