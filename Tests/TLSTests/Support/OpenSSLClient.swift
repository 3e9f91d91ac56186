import ExternalTools
import Foundation

/// `openssl s_client` against a test server: the CLI's own report of a handshake.
enum OpenSSLClient {
    struct Outcome {
        var result: ExternalCommand.Result
        var output: String { result.output }

        /// From "New, TLSv1.3, Cipher is TLS_AES_256_GCM_SHA384".
        var protocolVersion: String? { newLineField(1) }
        var cipher: String? { newLineField(4) }
        var alpn: String? { value(after: "ALPN protocol: ") }
        var verifyReturnCode: String? { value(after: "Verify return code: ") }
        var handshakeCompleted: Bool { protocolVersion.map { $0 != "(NONE)" } ?? false }

        private func newLineField(_ index: Int) -> String? {
            guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix("New, ") }) else { return nil }
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
            return fields.count > index ? fields[index] : nil
        }

        private func value(after prefix: String) -> String? {
            output.split(separator: "\n").lazy.map { $0.trimmingCharacters(in: .whitespaces) }
                .first { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
        }
    }

    static func run(port: Int, caFile: String, _ extra: [String] = [], stdin: String = "") throws -> Outcome {
        let arguments = ["openssl", "s_client", "-connect", "127.0.0.1:\(port)", "-CAfile", caFile,
                         "-servername", "tenantry.tenantry-system.svc", "-verify_return_error"] + extra
        return Outcome(result: try ExternalCommand.run(arguments, stdin: stdin))
    }
}
