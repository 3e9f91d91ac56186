import COpenSSL

/// An OpenSSL `SSL_CTX` built from a `TLSConfiguration`: protocol floor, AEAD-only ciphers, ALPN,
/// certificate and key, and peer verification. Connections are made from it with `SSL_new`.
///
/// `@unchecked Sendable` is safe because the context is fully configured in `init` and never changed
/// afterwards, and OpenSSL documents an `SSL_CTX` as safe to share between threads for `SSL_new`
/// once it is set up (its internal caches and reference counts take their own locks). The ALPN
/// buffer is written in `init` and only read afterwards.
public final class TLSContext: @unchecked Sendable {
    /// The `SSL_CTX*`; owned by this object.
    let handle: OpaquePointer
    public let configuration: TLSConfiguration
    /// What the context's own certificate says (nil for a client without a certificate).
    public let certificate: CertificateInfo?
    /// The server's ALPN list in wire format, read by the select callback through its `arg`.
    private let alpnWire: ALPNWireList

    /// TLS 1.2: forward secrecy (ECDHE) and AEAD (AES-GCM, ChaCha20-Poly1305) only; OpenSSL's
    /// expansion of this string excludes every CBC, RSA-key-exchange and SHA-1 suite.
    public static let tls12CipherList = "ECDHE+AESGCM:ECDHE+CHACHA20"
    /// TLS 1.3 suites are all AEAD; listed explicitly so a system-wide OpenSSL config can't widen them.
    public static let tls13CipherSuites = "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256"
    static let groups = "X25519:P-256:P-384"

    public init(configuration: TLSConfiguration) throws(TLSError) {
        let alpnWire = try ALPNWireList(configuration.applicationProtocols)
        OpenSSLErrorQueue.clear()
        let method = configuration.role == .server ? TLS_server_method() : TLS_client_method()
        guard let handle = SSL_CTX_new(method) else {
            throw TLSError.fromQueue(.configuration, "cannot create an SSL_CTX")
        }
        // Configured before any stored property is set: a throw after that would run deinit.
        let certificate: CertificateInfo?
        do {
            certificate = try Self.configure(handle, configuration, alpnWire)
        } catch {
            SSL_CTX_free(handle)
            throw error
        }
        self.handle = handle
        self.configuration = configuration
        self.certificate = certificate
        self.alpnWire = alpnWire
    }

    deinit {
        SSL_CTX_free(handle)
    }

    /// Applies every setting; returns the loaded leaf certificate's description.
    private static func configure(
        _ ctx: OpaquePointer, _ configuration: TLSConfiguration, _ alpn: ALPNWireList
    ) throws(TLSError) -> CertificateInfo? {
        let minimum = configuration.minimumVersion == .tls13 ? TLS1_3_VERSION : TLS1_2_VERSION
        try check(tenantry_SSL_CTX_set_min_proto_version(ctx, minimum), "set the minimum protocol version")
        tenantry_SSL_CTX_set_hardening_options(ctx)
        tenantry_SSL_CTX_set_release_buffers(ctx)
        // Read-ahead: OpenSSL takes all the ciphertext there is in one read from the BIO, instead of
        // one read for each record's 5-byte header and another for its body.
        SSL_CTX_ctrl(ctx, SSL_CTRL_SET_READ_AHEAD, 1, nil)
        try check(SSL_CTX_set_cipher_list(ctx, tls12CipherList), "set the TLS 1.2 cipher list \(tls12CipherList)")
        try check(SSL_CTX_set_ciphersuites(ctx, tls13CipherSuites), "set the TLS 1.3 cipher suites")
        try check(tenantry_SSL_CTX_set1_groups_list(ctx, groups), "set the key exchange groups \(groups)")

        var info: CertificateInfo?
        if let chain = configuration.certificateChain {
            guard let key = configuration.privateKey else {
                throw TLSError(.configuration, "certificate \(chain) has no private key configured")
            }
            info = try loadIdentity(ctx, chain: chain, key: key)
        } else if configuration.role == .server {
            throw TLSError(.configuration, "a server needs a certificate chain and a private key")
        }

        switch configuration.role {
        case .server:
            if let clientCA = configuration.clientCA {
                try requireClientCertificates(ctx, signedBy: clientCA)
            }
            if !alpn.isEmpty {
                SSL_CTX_set_alpn_select_cb(ctx, ALPNWireList.selectCallback, alpn.contextArgument)
            }
        case .client:
            guard let roots = configuration.trustRoots else {
                throw TLSError(.configuration, "a client needs trust roots to verify the server")
            }
            try addTrustedCertificates(ctx, from: roots, what: "trust roots", alsoAsClientCAList: false)
            SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nil)
            if !alpn.isEmpty {
                // Unlike nearly every other OpenSSL call, this one returns 0 on success.
                let status = alpn.withBytes { SSL_CTX_set_alpn_protos(ctx, $0.baseAddress, UInt32($0.count)) }
                if status != 0 { throw TLSError.fromQueue(.configuration, "set the ALPN protocols") }
            }
        }
        return info
    }

    /// Loads the chain (leaf first) and key, and checks that the key belongs to the leaf.
    private static func loadIdentity(_ ctx: OpaquePointer, chain: PEMSource, key: PEMSource) throws(TLSError) -> CertificateInfo {
        let certificates = try PEMLoader.certificates(chain, what: "certificate")
        defer { for certificate in certificates { X509_free(certificate) } }
        let privateKey = try PEMLoader.privateKey(key, what: "key")
        defer { EVP_PKEY_free(privateKey) }

        OpenSSLErrorQueue.clear()
        guard SSL_CTX_use_certificate(ctx, certificates[0]) == 1 else {
            throw TLSError.fromQueue(.configuration, "certificate \(chain): unusable")
        }
        for intermediate in certificates.dropFirst() where tenantry_SSL_CTX_add1_chain_cert(ctx, intermediate) != 1 {
            throw TLSError.fromQueue(.configuration, "certificate \(chain): cannot add a chain certificate")
        }
        guard SSL_CTX_use_PrivateKey(ctx, privateKey) == 1, SSL_CTX_check_private_key(ctx) == 1 else {
            throw TLSError.fromQueue(.configuration, "key \(key) does not match certificate \(chain)")
        }
        return CertificateInfo(certificates[0])
    }

    /// mTLS: ask for a client certificate, refuse the handshake without one, and verify it against
    /// the CA file. The CA names are also sent in the CertificateRequest so clients pick the right one.
    private static func requireClientCertificates(_ ctx: OpaquePointer, signedBy source: PEMSource) throws(TLSError) {
        try addTrustedCertificates(ctx, from: source, what: "client CA", alsoAsClientCAList: true)
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nil)
        // Session resumption with client verification requires a session id context; without it
        // OpenSSL refuses resumed sessions ("session id context uninitialized").
        let sessionContext: [UInt8] = Array("tenantry".utf8)
        try check(SSL_CTX_set_session_id_context(ctx, sessionContext, UInt32(sessionContext.count)), "set the session id context")
    }

    private static func addTrustedCertificates(
        _ ctx: OpaquePointer, from source: PEMSource, what: String, alsoAsClientCAList: Bool
    ) throws(TLSError) {
        let certificates = try PEMLoader.certificates(source, what: what)
        defer { for certificate in certificates { X509_free(certificate) } }
        OpenSSLErrorQueue.clear()
        guard let store = SSL_CTX_get_cert_store(ctx) else {
            throw TLSError.fromQueue(.configuration, "\(what) \(source): no certificate store")
        }
        for certificate in certificates {
            guard X509_STORE_add_cert(store, certificate) == 1 else {
                throw TLSError.fromQueue(.configuration, "\(what) \(source): cannot add a certificate to the store")
            }
            if alsoAsClientCAList, SSL_CTX_add_client_CA(ctx, certificate) != 1 {
                throw TLSError.fromQueue(.configuration, "\(what) \(source): cannot add a CA name")
            }
        }
    }

    private static func check(_ status: Int32, _ step: String) throws(TLSError) {
        if status != 1 { throw TLSError.fromQueue(.configuration, "cannot " + step) }
    }
}
