import JSON

/// Error response bodies, shaped as a Kubernetes `metav1.Status`: client-go (the API server's webhook
/// client) decodes a non-2xx body of that shape and puts its message in the error it logs and
/// reports, so the reason for a 400 reaches whoever reads the API server's side.
enum StatusBody {
    static func bytes(code: Int, reason: String, message: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(128 + message.utf8.count)
        out.append(contentsOf: #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"#.utf8)
        JSONWriter.writeString(message, into: &out)
        out.append(contentsOf: #","reason":"#.utf8)
        JSONWriter.writeString(reason, into: &out)
        out.append(contentsOf: #","code":"#.utf8)
        out.append(contentsOf: String(code).utf8)
        out.append(contentsOf: "}\n".utf8)
        return out
    }
}
