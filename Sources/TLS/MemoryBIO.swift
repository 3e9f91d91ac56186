import COpenSSL

/// Reading what OpenSSL wrote into a memory BIO.
enum MemoryBIO {
    /// The BIO's whole content as text, without consuming it.
    static func readAllText(_ bio: OpaquePointer) -> String {
        var data: UnsafeMutablePointer<CChar>?
        let length = tenantry_BIO_get_mem_data(bio, &data)
        guard let data, length > 0 else { return "" }
        return data.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
    }
}
