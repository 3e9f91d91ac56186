import ArgumentParser
import COpenSSL

enum TenantryVersion {
    static let string = "0.1.0"

    /// The OpenSSL the binary is linked against, e.g. "OpenSSL 3.0.19 27 Jan 2026".
    static var openSSL: String { String(cString: OpenSSL_version(OPENSSL_VERSION)) }
}

struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version", abstract: "Print tenantry's version and the OpenSSL it is linked against.")

    func run() {
        print("tenantry \(TenantryVersion.string)")
        print(TenantryVersion.openSSL)
    }
}
