import ExternalTools
import Foundation
import Logging
import NIOCore
import Server
import TLS

/// The real server on ephemeral loopback ports, with certificates from `certs/make-dev-certs.sh`
/// and its logs captured.
final class TestServer {
    let server: WebhookServer
    let addresses: WebhookServer.Addresses
    let certificates: DevCertificates
    let logs = LogCapture()
    let policies: PolicyStore
    let tls: TLSContextStore

    var port: Int { addresses.admission.port }
    var metricsPort: Int { addresses.metrics?.port ?? 0 }
    var caFile: String { certificates.caCertificate }

    init(
        policiesDirectory: String = Repository.policies, clientCA: Bool = false,
        metrics: MetricsObserver? = nil, capture: CaptureWriter? = nil,
        configure: (inout ServerConfiguration) -> Void = { _ in }
    ) throws {
        certificates = try DevCertificates.make()
        var configuration = ServerConfiguration(
            address: BindAddress(host: "127.0.0.1", port: 0),
            metricsAddress: BindAddress(host: "127.0.0.1", port: 0),
            threads: 2, reloadInterval: nil)
        configure(&configuration)
        policies = try PolicyStore(directory: policiesDirectory)
        tls = try TLSContextStore(configuration: certificates.serverConfiguration(clientCA: clientCA))
        server = WebhookServer(configuration: configuration, policies: policies, tls: tls, logger: logs.logger(),
            metrics: metrics, capture: capture)
        do {
            addresses = try server.start()
        } catch {
            server.shutdown()
            throw error
        }
    }

    func stop() {
        server.shutdown()
        certificates.remove()
    }

    var baseURL: String { "https://localhost:\(port)" }

    /// `curl` with this server's CA; `-w` appends the status code on a last line.
    func curl(_ path: String, _ extra: [String] = []) throws -> (status: Int, body: String, result: ExternalCommand.Result) {
        let result = try ExternalCommand.run(
            ["curl", "-sS", "--cacert", caFile, "-o", "-", "-w", "\n%{http_code}", baseURL + path] + extra)
        var lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        let status = Int(lines.popLast() ?? "") ?? 0
        return (status, lines.joined(separator: "\n"), result)
    }

    /// Runs `raw_http.py` over TLS (or plain HTTP to the metrics port).
    func raw(_ steps: [[String: Any]], plain: Bool = false, settle: Double = 1.0) throws -> RawExchange {
        var arguments = ["python3", Repository.support("raw_http.py"), "--port", String(plain ? metricsPort : port), "--settle", String(settle)]
        if !plain { arguments += ["--cafile", caFile] }
        let input = String(decoding: try JSONSerialization.data(withJSONObject: steps), as: UTF8.self)
        return try RawExchange.parse(try ExternalCommand.run(arguments, stdin: input, timeout: 30))
    }
}

/// What `raw_http.py` saw on one connection.
struct RawExchange {
    struct Response {
        var status: Int
        var headers: [String: String]
        var body: String
        var json: [String: Any]? { try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] }
        var message: String { json?["message"] as? String ?? "" }
    }

    var responses: [Response]
    var closed: Bool
    var error: String?
    var output: String

    static func parse(_ result: ExternalCommand.Result) throws -> RawExchange {
        guard let line = result.stdout.split(separator: "\n").last,
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        else { throw TestFailure("raw_http.py printed no result: \(result.output)") }
        let responses = (object["responses"] as? [[String: Any]] ?? []).map {
            Response(status: $0["status"] as? Int ?? 0, headers: $0["headers"] as? [String: String] ?? [:], body: $0["body"] as? String ?? "")
        }
        return RawExchange(responses: responses, closed: object["closed"] as? Bool ?? false, error: object["error"] as? String, output: result.output)
    }
}

/// An HTTP/1.1 request as bytes.
func request(_ method: String, _ path: String, headers: [(String, String)] = [], body: String? = nil, contentLength: Bool = true) -> String {
    var text = "\(method) \(path) HTTP/1.1\r\nHost: localhost\r\n"
    for (name, value) in headers { text += "\(name): \(value)\r\n" }
    if let body, contentLength { text += "Content-Length: \(body.utf8.count)\r\n" }
    return text + "\r\n" + (body ?? "")
}
