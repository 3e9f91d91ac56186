import COpenSSL

/// A list of ALPN protocol names in the wire format of RFC 7301 (each name prefixed by its length),
/// in memory that stays put for the life of the `TLSContext` that owns it, because OpenSSL's select
/// callback receives a raw pointer to it.
final class ALPNWireList {
    private let storage: UnsafeMutableRawBufferPointer

    init(_ protocols: [String]) throws(TLSError) {
        var wire: [UInt8] = []
        for name in protocols {
            let bytes = Array(name.utf8)
            guard !bytes.isEmpty, bytes.count <= 255 else {
                throw TLSError(.configuration, "ALPN protocol name \"\(name)\" must be 1 to 255 bytes")
            }
            wire.append(UInt8(bytes.count))
            wire.append(contentsOf: bytes)
        }
        storage = UnsafeMutableRawBufferPointer.allocate(byteCount: wire.count, alignment: 1)
        storage.copyBytes(from: wire)
    }

    deinit {
        storage.deallocate()
    }

    var isEmpty: Bool { storage.isEmpty }

    func withBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        body(UnsafeRawBufferPointer(storage))
    }

    /// The `arg` handed to `SSL_CTX_set_alpn_select_cb`: this object, unretained (the context owns it).
    var contextArgument: UnsafeMutableRawPointer {
        Unmanaged.passUnretained(self).toOpaque()
    }

    /// Server-side ALPN selection, the server's preference order winning.
    ///
    /// When the client offers ALPN but none of our protocols (say only `h2`), the handshake fails
    /// with the fatal `no_application_protocol` alert, as RFC 7301 §3.2 requires ("the server SHALL
    /// respond with a fatal no_application_protocol alert"), rather than going on without ALPN and
    /// letting the client speak a protocol we don't. A client that offers no ALPN at all is
    /// served without it (this callback is not called).
    static let selectCallback: @convention(c) (
        OpaquePointer?, UnsafeMutablePointer<UnsafePointer<UInt8>?>?, UnsafeMutablePointer<UInt8>?,
        UnsafePointer<UInt8>?, UInt32, UnsafeMutableRawPointer?
    ) -> Int32 = { _, out, outLength, clientList, clientLength, arg in
        guard let out, let outLength, let clientList, let arg else { return SSL_TLSEXT_ERR_ALERT_FATAL }
        let ours = Unmanaged<ALPNWireList>.fromOpaque(arg).takeUnretainedValue()
        let offered = UnsafeBufferPointer(start: clientList, count: Int(clientLength))
        guard let (start, length) = ours.firstMatch(in: offered) else { return SSL_TLSEXT_ERR_ALERT_FATAL }
        // OpenSSL wants a pointer into the client's list, which lives until the callback's caller returns.
        out.pointee = clientList + start
        outLength.pointee = length
        return SSL_TLSEXT_ERR_OK
    }

    /// The first of our protocols that the client's wire list also holds: its offset and length in
    /// the client's list. A malformed client list (a length running past the end) matches nothing.
    func firstMatch(in offered: UnsafeBufferPointer<UInt8>) -> (Int, UInt8)? {
        var ourIndex = 0
        while ourIndex < storage.count {
            let ourLength = Int(storage[ourIndex])
            let ourName = ourIndex + 1
            var theirIndex = 0
            while theirIndex < offered.count {
                let theirLength = Int(offered[theirIndex])
                let theirName = theirIndex + 1
                guard theirLength > 0, theirName + theirLength <= offered.count else { return nil }
                if theirLength == ourLength, Self.equal(offered, theirName, storage, ourName, ourLength) {
                    return (theirName, UInt8(theirLength))
                }
                theirIndex = theirName + theirLength
            }
            ourIndex = ourName + ourLength
        }
        return nil
    }

    private static func equal(
        _ a: UnsafeBufferPointer<UInt8>, _ aStart: Int, _ b: UnsafeMutableRawBufferPointer, _ bStart: Int, _ count: Int
    ) -> Bool {
        for offset in 0..<count where a[aStart + offset] != b[bStart + offset] {
            return false
        }
        return true
    }
}
