import Admission
import JSON
import Policy

/// `--output json`: one object per review and line, with exactly the keys of policy.md §6, in order.
public enum ReplayJSONOutput {
    public static func write(_ verdict: ReplayVerdict, into out: inout [UInt8]) {
        let r = verdict.request
        let d = verdict.decision
        out.append(contentsOf: #"{"source":"#.utf8)
        JSONWriter.writeString(verdict.source, into: &out)
        field("uid", r.uid, &out)
        field("operation", r.operation.rawValue, &out)
        field("resource", r.resource.resource, &out)
        field("subResource", r.subResource, &out)
        field("namespace", r.namespace, &out)
        field("name", r.name, &out)
        field("user", r.userInfo.username, &out)
        field("actor", d.actor.rawValue, &out)
        out.append(contentsOf: #","tenant":"#.utf8)
        if let tenant = d.tenant { JSONWriter.writeString(tenant, into: &out) } else { out.append(contentsOf: "null".utf8) }
        out.append(contentsOf: (d.allowed ? #","allowed":true"# : #","allowed":false"#).utf8)
        out.append(contentsOf: #","rules":["#.utf8)
        for (i, rule) in d.rules.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            JSONWriter.writeString(rule.rawValue, into: &out)
        }
        out.append(contentsOf: #"],"warnings":["#.utf8)
        for (i, warning) in d.warnings.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            JSONWriter.writeString(warning, into: &out)
        }
        out.append(contentsOf: #"],"message":"#.utf8)
        if let message = d.message { JSONWriter.writeString(message, into: &out) } else { out.append(contentsOf: "null".utf8) }
        out.append(contentsOf: #","patch":"#.utf8)
        PatchWriter.write(verdict.mutation.patch, into: &out)
        out.append(contentsOf: "}\n".utf8)
    }

    private static func field(_ key: StaticString, _ value: String, _ out: inout [UInt8]) {
        out.append(contentsOf: #",""#.utf8)
        out.append(contentsOf: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
        out.append(contentsOf: #"":"#.utf8)
        JSONWriter.writeString(value, into: &out)
    }
}
