/// The user event `OpenSSLHandler` fires once the handshake is done: what was negotiated and who
/// the peer is. A server logs it; with mTLS, `peerSubject` is the verified client's subject.
public struct TLSHandshakeCompleted: Sendable, Hashable {
    /// The ALPN protocol both sides agreed on, nil when the client offered none.
    public let applicationProtocol: String?
    /// e.g. "TLSv1.3".
    public let protocolVersion: String
    /// OpenSSL's name for the cipher, e.g. "TLS_AES_256_GCM_SHA384" or "ECDHE-ECDSA-AES128-GCM-SHA256".
    public let cipher: String
    /// The SNI host name the client asked for (server side), if any.
    public let serverName: String?
    /// The peer certificate's subject in RFC 2253 form (`CN=kube-apiserver`), nil without one.
    public let peerSubject: String?
    /// The peer's certificate, verified against the configured CAs when the context verifies peers.
    public let peerCertificate: CertificateInfo?

    public init(
        applicationProtocol: String?, protocolVersion: String, cipher: String, serverName: String?,
        peerCertificate: CertificateInfo?
    ) {
        self.applicationProtocol = applicationProtocol
        self.protocolVersion = protocolVersion
        self.cipher = cipher
        self.serverName = serverName
        self.peerCertificate = peerCertificate
        self.peerSubject = peerCertificate?.subject
    }
}
