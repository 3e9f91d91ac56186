import COpenSSL

/// What a certificate says, read once when a context is built: for logs ("serving CN=… until …,
/// SANs …") and for the certificate-expiry metric.
public struct CertificateInfo: Sendable, Hashable {
    /// RFC 2253 form, e.g. `CN=tenantry.tenantry-system.svc`.
    public let subject: String
    public let issuer: String
    /// Upper-case hex, as `openssl x509 -serial` prints it.
    public let serialNumber: String
    /// Seconds since the Unix epoch.
    public let notBefore: Int64
    public let notAfter: Int64
    public let dnsNames: [String]
    /// Dotted IPv4 or colon-separated IPv6 text.
    public let ipAddresses: [String]
    /// SHA-256 over the DER certificate, upper-case hex pairs joined by colons (as
    /// `openssl x509 -fingerprint -sha256` prints it).
    public let sha256Fingerprint: String

    /// Reads an `X509*` (not consumed).
    init(_ certificate: OpaquePointer) {
        subject = X509Text.name(X509_get_subject_name(certificate))
        issuer = X509Text.name(X509_get_issuer_name(certificate))
        serialNumber = X509Text.serial(X509_get_serialNumber(certificate))
        notBefore = X509Text.epochSeconds(X509_get0_notBefore(certificate)) ?? 0
        notAfter = X509Text.epochSeconds(X509_get0_notAfter(certificate)) ?? 0
        let names = X509Text.subjectAltNames(certificate)
        dnsNames = names.dns
        ipAddresses = names.ip
        sha256Fingerprint = X509Text.sha256Fingerprint(certificate)
    }

    /// One line for logs: `CN=… SANs=a,b,127.0.0.1 serial=… notAfter=1795736729 sha256=AB:…`.
    public var summary: String {
        "\(subject) SANs=\((dnsNames + ipAddresses).joined(separator: ",")) serial=\(serialNumber) notAfter=\(notAfter) sha256=\(sha256Fingerprint)"
    }

    /// Reads the first certificate of a PEM source.
    public init(pem source: PEMSource) throws(TLSError) {
        let certificates = try PEMLoader.certificates(source, what: "certificate")
        defer { for certificate in certificates { X509_free(certificate) } }
        self.init(certificates[0])
    }
}

/// Turns the parts of an X509 into text and numbers. Nothing here fails on odd input: a part that
/// can't be rendered becomes "" (or nil for a time), since these only describe a certificate that
/// OpenSSL already accepted.
enum X509Text {
    static func name(_ name: OpaquePointer?) -> String {
        guard let name else { return "" }
        return withMemoryBIO { bio in tenantry_X509_NAME_print_rfc2253(bio, name) >= 0 }
    }

    static func serial(_ serial: UnsafePointer<ASN1_INTEGER>?) -> String {
        guard let serial, let number = ASN1_INTEGER_to_BN(serial, nil) else { return "" }
        defer { BN_free(number) }
        guard let hex = BN_bn2hex(number) else { return "" }
        defer { tenantry_OPENSSL_free(hex) }
        return String(cString: hex)
    }

    /// An ASN1_TIME as seconds since the Unix epoch, computed from its broken-down UTC fields (no
    /// libc time zone involved).
    static func epochSeconds(_ time: UnsafePointer<ASN1_TIME>?) -> Int64? {
        guard let time else { return nil }
        var fields = tm()
        guard ASN1_TIME_to_tm(time, &fields) == 1 else { return nil }
        let days = daysFromCivil(
            year: Int64(fields.tm_year) + 1900, month: Int64(fields.tm_mon) + 1, day: Int64(fields.tm_mday))
        return days * 86_400 + Int64(fields.tm_hour) * 3600 + Int64(fields.tm_min) * 60 + Int64(fields.tm_sec)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func subjectAltNames(_ certificate: OpaquePointer) -> (dns: [String], ip: [String]) {
        guard let names = tenantry_X509_subject_alt_names(certificate) else { return ([], []) }
        defer { GENERAL_NAMES_free(names) }
        var dns: [String] = []
        var ip: [String] = []
        for index in 0..<max(0, tenantry_GENERAL_NAMES_count(names)) {
            guard let entry = tenantry_GENERAL_NAMES_at(names, index) else { continue }
            var type: Int32 = 0
            guard let value = tenantry_GENERAL_NAME_value(entry, &type),
                let data = ASN1_STRING_get0_data(value)
            else { continue }
            let bytes = UnsafeBufferPointer(start: data, count: Int(max(0, ASN1_STRING_length(value))))
            if type == GEN_DNS {
                dns.append(String(decoding: bytes, as: UTF8.self))
            } else if type == GEN_IPADD, let text = ipText(bytes) {
                ip.append(text)
            }
        }
        return (dns, ip)
    }

    static func ipText(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        if bytes.count == 4 {
            return bytes.map { String($0) }.joined(separator: ".")
        }
        if bytes.count == 16 {
            // Full form without zero compression: unambiguous and enough for logs.
            return stride(from: 0, to: 16, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
                .joined(separator: ":")
        }
        return nil
    }

    static func sha256Fingerprint(_ certificate: OpaquePointer) -> String {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard X509_digest(certificate, EVP_sha256(), &digest, &length) == 1 else { return "" }
        return digest.prefix(Int(length)).map { hexByte($0) }.joined(separator: ":")
    }

    static func hexByte(_ byte: UInt8) -> String {
        let digits: [Character] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "A", "B", "C", "D", "E", "F"]
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }

    /// Runs `write` against a fresh memory BIO and returns what it wrote ("" when it fails).
    static func withMemoryBIO(_ write: (OpaquePointer) -> Bool) -> String {
        guard let bio = BIO_new(BIO_s_mem()) else { return "" }
        defer { BIO_free(bio) }
        guard write(bio) else { return "" }
        return MemoryBIO.readAllText(bio)
    }
}
