import COpenSSL

/// Reads certificates and keys from a `PEMSource` with OpenSSL's own PEM parser, so a failure
/// carries OpenSSL's reason. Returned pointers are owned by the caller (`X509_free`, `EVP_PKEY_free`).
enum PEMLoader {
    /// A read-only BIO over the source: the file itself, or a copy of the in-memory text.
    static func openBIO(_ source: PEMSource, what: String) throws(TLSError) -> OpaquePointer {
        OpenSSLErrorQueue.clear()
        switch source {
        case .file(let path):
            guard let bio = BIO_new_file(path, "r") else {
                throw TLSError.fromQueue(.configuration, "\(what) \(path): cannot open")
            }
            return bio
        case .pem(let text):
            guard let bio = BIO_new(BIO_s_mem()) else {
                throw TLSError.fromQueue(.configuration, "\(what): cannot allocate a memory BIO")
            }
            var text = text
            let written = text.withUTF8 { bytes in
                bytes.isEmpty ? 0 : BIO_write(bio, bytes.baseAddress, Int32(clamping: bytes.count))
            }
            guard written == text.utf8.count else {
                BIO_free(bio)
                throw TLSError.fromQueue(.configuration, "\(what): cannot buffer the PEM text")
            }
            return bio
        }
    }

    /// Every certificate in the source, in order. Throws when there is none or one is malformed.
    static func certificates(_ source: PEMSource, what: String) throws(TLSError) -> [OpaquePointer] {
        let bio = try openBIO(source, what: what)
        defer { BIO_free(bio) }
        var certificates: [OpaquePointer] = []
        while let certificate = tenantry_PEM_read_certificate(bio) {
            certificates.append(certificate)
        }
        // Reading stops with "no start line" at the end of the text; any other reason is a
        // malformed certificate, and no certificate at all is an error too.
        let last = ERR_peek_last_error()
        let reachedEnd = ERR_GET_LIB(last) == ERR_LIB_PEM && ERR_GET_REASON(last) == PEM_R_NO_START_LINE
        if certificates.isEmpty || !reachedEnd {
            for certificate in certificates { X509_free(certificate) }
            let problem = certificates.isEmpty ? "no PEM certificate found" : "malformed PEM certificate"
            throw TLSError.fromQueue(.configuration, "\(what) \(source): \(problem)")
        }
        OpenSSLErrorQueue.clear()
        return certificates
    }

    static func privateKey(_ source: PEMSource, what: String) throws(TLSError) -> OpaquePointer {
        let bio = try openBIO(source, what: what)
        defer { BIO_free(bio) }
        guard let key = tenantry_PEM_read_private_key(bio) else {
            throw TLSError.fromQueue(
                .configuration, "\(what) \(source): no usable PEM private key (encrypted keys are not supported)")
        }
        return key
    }
}
