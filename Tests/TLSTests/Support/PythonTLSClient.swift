import ExternalTools
import Foundation

/// A TLS client in Python's `ssl` module (a different TLS stack's API over the system OpenSSL,
/// with its own defaults): connects, reports what was negotiated, optionally sends and reads.
enum PythonTLSClient {
    struct Outcome {
        var ok: Bool
        var error: String
        var version: String
        var cipher: String
        var alpn: String?
        /// SHA-256 of the server's DER certificate, upper-case hex without separators.
        var fingerprint: String
        var received: String
        var raw: String
    }

    struct Options {
        var port: Int
        var caFile: String
        var serverName: String = "tenantry.tenantry-system.svc"
        /// "1.2" pins TLS 1.2, "1.3" requires TLS 1.3, nil lets them negotiate.
        var version: String?
        var alpn: [String]? = ["http/1.1"]
        var ciphers: String?
        var clientCertificate: String?
        var clientKey: String?
        var send: String?
        /// Read until this many bytes arrived, or until a clean close_notify when nil and `send` is set.
        var expectBytes: Int?
    }

    static let script = #"""
import hashlib, json, socket, ssl, sys
a = json.loads(sys.argv[1])
out = {"ok": False, "error": "", "version": "", "cipher": "", "alpn": None, "fingerprint": "", "received": ""}
try:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.load_verify_locations(a["ca"])
    if a.get("version") == "1.2":
        ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        ctx.maximum_version = ssl.TLSVersion.TLSv1_2
    elif a.get("version") == "1.3":
        ctx.minimum_version = ssl.TLSVersion.TLSv1_3
    if a.get("alpn"):
        ctx.set_alpn_protocols(a["alpn"])
    if a.get("ciphers"):
        ctx.set_ciphers(a["ciphers"])
    if a.get("cert"):
        ctx.load_cert_chain(a["cert"], a["key"])
    with socket.create_connection(("127.0.0.1", a["port"]), timeout=5) as raw:
        with ctx.wrap_socket(raw, server_hostname=a["sni"], suppress_ragged_eofs=False) as s:
            out["version"] = s.version()
            out["cipher"] = s.cipher()[0]
            out["alpn"] = s.selected_alpn_protocol()
            out["fingerprint"] = hashlib.sha256(s.getpeercert(binary_form=True)).hexdigest().upper()
            if a.get("send"):
                s.sendall(a["send"].encode())
                data = b""
                want = a.get("expect")
                while want is None or len(data) < want:
                    chunk = s.recv(65536)
                    if not chunk:
                        break
                    data += chunk
                out["received"] = data.decode("utf-8", "replace")
            elif a.get("cert"):
                # TLS 1.3 reports a refused client certificate only after the handshake: read once.
                s.settimeout(1.0)
                try:
                    s.recv(1)
                except socket.timeout:
                    pass
    out["ok"] = True
except Exception as e:
    out["error"] = type(e).__name__ + ": " + str(e)
print(json.dumps(out))
"""#

    static func run(_ options: Options) throws -> Outcome {
        var arguments: [String: Any] = ["port": options.port, "ca": options.caFile, "sni": options.serverName]
        if let version = options.version { arguments["version"] = version }
        if let alpn = options.alpn { arguments["alpn"] = alpn }
        if let ciphers = options.ciphers { arguments["ciphers"] = ciphers }
        if let certificate = options.clientCertificate { arguments["cert"] = certificate }
        if let key = options.clientKey { arguments["key"] = key }
        if let send = options.send { arguments["send"] = send }
        if let expect = options.expectBytes { arguments["expect"] = expect }
        let json = String(decoding: try JSONSerialization.data(withJSONObject: arguments), as: UTF8.self)
        let result = try ExternalCommand.run(["python3", "-c", script, json])
        guard let line = result.stdout.split(separator: "\n").last,
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        else {
            throw TestFailure("python client printed no result: \(result.output)")
        }
        return Outcome(
            ok: object["ok"] as? Bool ?? false,
            error: object["error"] as? String ?? "",
            version: object["version"] as? String ?? "",
            cipher: object["cipher"] as? String ?? "",
            alpn: object["alpn"] as? String,
            fingerprint: object["fingerprint"] as? String ?? "",
            received: object["received"] as? String ?? "",
            raw: result.output)
    }
}
