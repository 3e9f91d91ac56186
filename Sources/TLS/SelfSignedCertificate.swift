import COpenSSL

/// The embedded default when no certificate is configured: a throw-away CA and a serving
/// certificate it signed, made in-process with OpenSSL (EC P-256, SHA-256).
///
/// The CA's private key is never returned and is freed as soon as the serving certificate is
/// signed, so nothing can ever sign another certificate with this CA: trusting its `caBundle`
/// means trusting exactly this one serving certificate.
public struct SelfSignedCertificate: Sendable, Hashable {
    public let caCertificatePEM: String
    /// The serving certificate (leaf only: the CA is the trust anchor and need not be sent).
    public let certificateChainPEM: String
    /// PKCS#8 PEM of the serving key.
    public let privateKeyPEM: String
    /// base64 of `caCertificatePEM`, ready for a webhook configuration's `caBundle`.
    public let caBundle: String
    public let certificate: CertificateInfo

    public static let defaultValidity = Duration.seconds(365 * 86_400)

    /// - Parameters:
    ///   - hosts: DNS names and IP addresses for the subjectAltName (the first DNS name is also the CN).
    ///   - validity: how long both certificates are valid, from five minutes ago (clock skew).
    public static func generate(hosts: [String], validity: Duration = defaultValidity) throws(TLSError) -> SelfSignedCertificate {
        let subjectAltName = try subjectAltNameValue(hosts)
        let seconds = validity.components.seconds
        guard seconds > 0, seconds <= Int64(Int.max) else {
            throw TLSError(.certificateGeneration, "validity must be positive")
        }
        let commonName = hosts.first { $0.utf8.count <= 64 && !isIPAddress($0) } ?? "tenantry"

        let caKey = try newKey()
        defer { EVP_PKEY_free(caKey) }
        let ca = try newCertificate(commonName: "tenantry self-signed CA", key: caKey, validity: Int(seconds))
        defer { X509_free(ca) }
        try addExtension(ca, issuer: ca, NID_basic_constraints, "critical,CA:TRUE")
        try addExtension(ca, issuer: ca, NID_key_usage, "critical,keyCertSign,cRLSign")
        try addExtension(ca, issuer: ca, NID_subject_key_identifier, "hash")
        try sign(ca, issuerName: ca, with: caKey)

        let serverKey = try newKey()
        defer { EVP_PKEY_free(serverKey) }
        let server = try newCertificate(commonName: commonName, key: serverKey, validity: Int(seconds))
        defer { X509_free(server) }
        try addExtension(server, issuer: ca, NID_basic_constraints, "critical,CA:FALSE")
        try addExtension(server, issuer: ca, NID_key_usage, "critical,digitalSignature")
        try addExtension(server, issuer: ca, NID_ext_key_usage, "serverAuth")
        try addExtension(server, issuer: ca, NID_subject_alt_name, subjectAltName)
        try addExtension(server, issuer: ca, NID_subject_key_identifier, "hash")
        try addExtension(server, issuer: ca, NID_authority_key_identifier, "keyid:always")
        try sign(server, issuerName: ca, with: caKey)

        let caPEM = try pem("CA certificate") { PEM_write_bio_X509($0, ca) }
        return SelfSignedCertificate(
            caCertificatePEM: caPEM,
            certificateChainPEM: try pem("certificate") { PEM_write_bio_X509($0, server) },
            privateKeyPEM: try pem("private key") { PEM_write_bio_PrivateKey($0, serverKey, nil, nil, 0, nil, nil) },
            caBundle: base64(Array(caPEM.utf8)),
            certificate: CertificateInfo(server))
    }

    /// A server configuration serving this certificate from memory.
    public func serverConfiguration(
        minimumVersion: TLSVersion = .tls12, clientCA: PEMSource? = nil
    ) -> TLSConfiguration {
        .server(
            certificateChain: .pem(certificateChainPEM), privateKey: .pem(privateKeyPEM),
            minimumVersion: minimumVersion, clientCA: clientCA)
    }

    // MARK: Steps

    /// `DNS:a,DNS:b,IP:127.0.0.1`. Names are checked first: a comma or space would let one "host"
    /// smuggle further entries into OpenSSL's extension syntax.
    static func subjectAltNameValue(_ hosts: [String]) throws(TLSError) -> String {
        guard !hosts.isEmpty else {
            throw TLSError(.certificateGeneration, "at least one host name or IP address is needed")
        }
        var entries: [String] = []
        for host in hosts {
            let allowed = !host.isEmpty && host.utf8.count <= 253
                && host.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ",") }
            guard allowed else {
                throw TLSError(.certificateGeneration, "host \"\(host)\" is not a DNS name or IP address")
            }
            entries.append((isIPAddress(host) ? "IP:" : "DNS:") + host)
        }
        return entries.joined(separator: ",")
    }

    static func isIPAddress(_ host: String) -> Bool {
        OpenSSLErrorQueue.clear()
        guard let octets = a2i_IPADDRESS(host) else {
            OpenSSLErrorQueue.clear()
            return false
        }
        ASN1_OCTET_STRING_free(octets)
        return true
    }

    private static func newKey() throws(TLSError) -> OpaquePointer {
        OpenSSLErrorQueue.clear()
        guard let key = tenantry_EVP_EC_gen("P-256") else {
            throw TLSError.fromQueue(.certificateGeneration, "cannot generate an EC P-256 key")
        }
        return key
    }

    /// A v3 certificate with a random 127-bit serial, subject CN, validity and public key set.
    private static func newCertificate(commonName: String, key: OpaquePointer, validity: Int) throws(TLSError) -> OpaquePointer {
        OpenSSLErrorQueue.clear()
        guard let certificate = X509_new() else {
            throw TLSError.fromQueue(.certificateGeneration, "cannot allocate a certificate")
        }
        var serial = [UInt8](repeating: 0, count: 16)
        let ok = X509_set_version(certificate, Int(X509_VERSION_3)) == 1
            && RAND_bytes(&serial, Int32(serial.count)) == 1
            && setSerial(certificate, serial)
            && X509_gmtime_adj(X509_getm_notBefore(certificate), -300) != nil
            && X509_gmtime_adj(X509_getm_notAfter(certificate), validity) != nil
            && X509_set_pubkey(certificate, key) == 1
            && tenantry_X509_NAME_add_text_entry(X509_get_subject_name(certificate), "CN", commonName) == 1
        guard ok else {
            X509_free(certificate)
            throw TLSError.fromQueue(.certificateGeneration, "cannot fill in certificate \(commonName)")
        }
        return certificate
    }

    private static func setSerial(_ certificate: OpaquePointer, _ bytes: [UInt8]) -> Bool {
        var bytes = bytes
        bytes[0] &= 0x7F  // positive
        bytes[0] |= 0x40  // and never shorter than 16 bytes, so never zero
        guard let number = BN_bin2bn(bytes, Int32(bytes.count), nil) else { return false }
        defer { BN_free(number) }
        return BN_to_ASN1_INTEGER(number, X509_get_serialNumber(certificate)) != nil
    }

    private static func addExtension(_ certificate: OpaquePointer, issuer: OpaquePointer, _ nid: Int32, _ value: String) throws(TLSError) {
        OpenSSLErrorQueue.clear()
        var context = X509V3_CTX()
        X509V3_set_ctx(&context, issuer, certificate, nil, nil, 0)
        guard let ext = X509V3_EXT_conf_nid(nil, &context, nid, value) else {
            throw TLSError.fromQueue(.certificateGeneration, "cannot make extension \(value)")
        }
        defer { X509_EXTENSION_free(ext) }
        guard X509_add_ext(certificate, ext, -1) == 1 else {
            throw TLSError.fromQueue(.certificateGeneration, "cannot add extension \(value)")
        }
    }

    private static func sign(_ certificate: OpaquePointer, issuerName issuer: OpaquePointer, with key: OpaquePointer) throws(TLSError) {
        OpenSSLErrorQueue.clear()
        guard X509_set_issuer_name(certificate, X509_get_subject_name(issuer)) == 1,
            X509_sign(certificate, key, EVP_sha256()) > 0
        else {
            throw TLSError.fromQueue(.certificateGeneration, "cannot sign a certificate")
        }
    }

    private static func pem(_ what: String, _ write: (OpaquePointer) -> Int32) throws(TLSError) -> String {
        OpenSSLErrorQueue.clear()
        let text = X509Text.withMemoryBIO { write($0) == 1 }
        guard !text.isEmpty else {
            throw TLSError.fromQueue(.certificateGeneration, "cannot write the \(what) as PEM")
        }
        return text
    }

    static func base64(_ bytes: [UInt8]) -> String {
        guard !bytes.isEmpty else { return "" }
        var out = [UInt8](repeating: 0, count: 4 * ((bytes.count + 2) / 3) + 1)
        let length = EVP_EncodeBlock(&out, bytes, Int32(bytes.count))
        return String(decoding: out.prefix(Int(max(0, length))), as: UTF8.self)
    }
}
