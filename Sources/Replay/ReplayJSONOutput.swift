import Admission
import JSON
import Policy

/// `--output json`: one object per review and line, with exactly the keys of policy.md §6, in order.
public enum ReplayJSONOutput {
    public static func write(_ verdict: ReplayVerdict, into out: inout [UInt8]) {
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
        PatchWriter.write(verdict.mutation.patch, into: &out)
        out.append(ascii: "}\n")
    }

    private static func field(_ key: StaticString, _ value: String, _ out: inout [UInt8]) {
        out.append(ascii: #",""#)
        out.append(ascii: key)
        out.append(ascii: #"":"#)
        JSONWriter.writeString(value, into: &out)
    }
}
