import COpenSSL
import NIOCore

/// The ciphertext between one `SSL` and its channel, as NIO `ByteBuffer`s: what OpenSSL reads is
/// taken from `inbound` (the bytes the socket delivered, not copied first), what it writes is
/// appended to `outbound` (sent on as it is).
///
/// Two memory BIOs did this before at the cost of two more copies per record, each into storage
/// OpenSSL first cleared: the received bytes into the input BIO, and OpenSSL's output out of the
/// output BIO.
///
/// Owned by one `OpenSSLHandler` and touched only on its event loop; OpenSSL reaches it through the
/// BIO's data pointer (unretained: the handler frees the `SSL`, and with it the BIO, before this goes).
final class ByteBufferBIO {
    /// Received ciphertext OpenSSL has not read yet; nil once all of it was read, so the socket's
    /// receive buffer is not held past the read.
    var inbound: ByteBuffer?
    /// Ciphertext OpenSSL wrote that has not been sent.
    var outbound: ByteBuffer
    /// The buffer last sent, to be `outbound` again once the socket has written it (`clearOutbound`).
    private var spare: ByteBuffer?

    /// The BIO: pass it to `SSL_set_bio` as both ends, which takes this reference.
    private(set) var bio: OpaquePointer?

    /// Makes the outgoing buffers. Kept rather than asked of the channel on every record: reaching a
    /// channel's allocator is two calls through protocol witnesses.
    private let allocator: ByteBufferAllocator

    init(allocator: ByteBufferAllocator) {
        self.allocator = allocator
        outbound = allocator.buffer(capacity: 0)
    }

    /// Makes the BIO; nil when OpenSSL cannot (out of memory).
    func makeBIO() -> OpaquePointer? {
        guard let method = Self.method, let bio = BIO_new(method) else { return nil }
        BIO_set_data(bio, Unmanaged.passUnretained(self).toOpaque())
        self.bio = bio
        return bio
    }

    var inboundBytes: Int { inbound?.readableBytes ?? 0 }

    /// Adds received ciphertext behind what OpenSSL has not read yet (a partial record, rarely).
    func receive(_ bytes: ByteBuffer) {
        if var pending = inbound, pending.readableBytes > 0 {
            inbound = nil
            pending.writeImmutableBuffer(bytes)
            inbound = pending
        } else {
            inbound = bytes
        }
    }

    /// Appends ciphertext OpenSSL wrote.
    func appendOutbound(_ bytes: UnsafeRawBufferPointer) {
        // `outbound` is taken out while it grows (an empty buffer, which allocates nothing, stands
        // in): with no access to it spanning a call, Swift proves that none overlap and checks none
        // at run time.
        var buffer = outbound
        outbound = ByteBuffer()
        buffer.writeBytes(bytes)
        outbound = buffer
    }

    /// Empties `outbound` for the next ciphertext, after its contents were handed to the channel.
    ///
    /// The channel holds those contents until the socket has written them, which is after this (the
    /// flush waits for the end of the event loop's pass), so `outbound` itself is not free yet. It is
    /// kept as `spare` instead, and the buffer kept last time, which the socket has let go of by now,
    /// becomes `outbound`: the same two blocks of memory take turns, rather than one fresh block per
    /// record. A buffer that grew past `retainedCapacity` is not kept; one still held when its turn
    /// comes is left to its holder (`clear()` gives fresh storage).
    func clearOutbound(retainedCapacity: Int) {
        let sent = outbound
        var next = spare ?? allocator.buffer(capacity: 0)
        spare = sent.capacity > retainedCapacity ? nil : sent
        next.clear()
        outbound = next
    }

    /// Lets go of the received buffer once OpenSSL has read all of it.
    func releaseReadInbound() {
        if inbound?.readableBytes == 0 { inbound = nil }
    }

    // MARK: OpenSSL's side

    /// One method table for every connection, made on first use. `nonisolated(unsafe)`: written once
    /// by the lazy initializer (which Swift runs exactly once) and only read after that.
    nonisolated(unsafe) private static let method: OpaquePointer? = {
        guard let method = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "tenantry ByteBuffer") else { return nil }
        BIO_meth_set_write(method, byteBufferBIOWrite)
        BIO_meth_set_read(method, byteBufferBIORead)
        BIO_meth_set_ctrl(method, byteBufferBIOControl)
        BIO_meth_set_create(method, byteBufferBIOCreate)
        BIO_meth_set_destroy(method, byteBufferBIODestroy)
        return method
    }()

    fileprivate static func owner(_ bio: OpaquePointer?) -> ByteBufferBIO? {
        guard let bio, let data = BIO_get_data(bio) else { return nil }
        return Unmanaged<ByteBufferBIO>.fromOpaque(data).takeUnretainedValue()
    }
}

private let retryFlags = Int32(BIO_FLAGS_READ | BIO_FLAGS_WRITE | BIO_FLAGS_IO_SPECIAL | BIO_FLAGS_SHOULD_RETRY)

private func byteBufferBIOCreate(_ bio: OpaquePointer?) -> Int32 {
    BIO_set_init(bio, 1)
    return 1
}

/// Nothing to free: the Swift object owns the buffers.
private func byteBufferBIODestroy(_ bio: OpaquePointer?) -> Int32 {
    BIO_set_data(bio, nil)
    return 1
}

private func byteBufferBIORead(_ bio: OpaquePointer?, _ out: UnsafeMutablePointer<CChar>?, _ length: Int32) -> Int32 {
    BIO_clear_flags(bio, retryFlags)
    guard let owner = ByteBufferBIO.owner(bio), let out, length > 0 else { return 0 }
    guard let buffer = owner.inbound, buffer.readableBytes > 0 else {
        // Like an empty memory BIO: try again when more arrives.
        BIO_set_flags(bio, Int32(BIO_FLAGS_READ | BIO_FLAGS_SHOULD_RETRY))
        return -1
    }
    let count = min(Int(length), buffer.readableBytes)
    buffer.withUnsafeReadableBytes { raw in
        if let base = raw.baseAddress { UnsafeMutableRawPointer(out).copyMemory(from: base, byteCount: count) }
    }
    owner.inbound?.moveReaderIndex(forwardBy: count)
    return Int32(count)
}

private func byteBufferBIOWrite(_ bio: OpaquePointer?, _ data: UnsafePointer<CChar>?, _ length: Int32) -> Int32 {
    BIO_clear_flags(bio, retryFlags)
    guard let owner = ByteBufferBIO.owner(bio), let data, length > 0 else { return 0 }
    owner.appendOutbound(UnsafeRawBufferPointer(start: data, count: Int(length)))
    return length
}

private func byteBufferBIOControl(_ bio: OpaquePointer?, _ command: Int32, _ argument: Int, _ pointer: UnsafeMutableRawPointer?) -> Int {
    switch command {
    case BIO_CTRL_FLUSH:
        // Written bytes are in `outbound` already; sending them is the handler's business.
        return 1
    case BIO_CTRL_PENDING:
        return owner(bio)?.inboundBytes ?? 0
    case BIO_CTRL_WPENDING:
        return owner(bio)?.outbound.readableBytes ?? 0
    default:
        return 0
    }
}

private func owner(_ bio: OpaquePointer?) -> ByteBufferBIO? {
    ByteBufferBIO.owner(bio)
}
