import COpenSSL
import NIOCore

/// Runs one OpenSSL `SSL` inside a NIO pipeline: OpenSSL reads the network's ciphertext from, and
/// writes its own into, `ByteBuffer`s (`ByteBufferBIO`), and the handlers after this one see
/// plaintext `ByteBuffer`s both ways.
///
/// - Server mode (a context built with `.server`): the handshake starts with the client's first
///   bytes. Client mode: it starts when the channel becomes active.
/// - The handshake must finish within `configuration.handshakeTimeout`, else the handler fires
///   `TLSError(.handshakeTimeout)` and closes the channel.
/// - When done it fires the user event `TLSHandshakeCompleted` (ALPN, version, cipher, peer subject).
/// - Writes are buffered until `flush`; writes issued before the handshake completes are held and
///   sent after it. `close` sends close_notify and then closes; a peer's close_notify closes the
///   channel cleanly. Any TLS failure fires `errorCaught(TLSError)` with OpenSSL's text and closes.
///
/// The handler lives on its channel's event loop and is touched only there, so it needs no locks.
/// It keeps its `TLSContext` alive as long as its `SSL` (the context owns the memory OpenSSL's ALPN
/// callback reads), which is also why a context swapped out by a reload stays valid for the
/// connections that started with it.
public final class OpenSSLHandler: ChannelDuplexHandler {
    public typealias InboundIn = ByteBuffer
    public typealias InboundOut = ByteBuffer
    public typealias OutboundIn = ByteBuffer
    public typealias OutboundOut = ByteBuffer

    private enum State {
        /// Not started: a server waiting for the ClientHello, a client waiting for channelActive.
        case idle
        case handshaking
        case active
        /// close_notify sent, the channel close is under way.
        case closing
        case closed
    }

    private let tlsContext: TLSContext
    private let ssl: OpaquePointer
    /// Ciphertext both ways; its BIO is owned by `ssl`, which goes first (deinit).
    private let network: ByteBufferBIO
    private let isServer: Bool

    private var state = State.idle
    private var handshakeTimer: Scheduled<Void>?
    /// Plaintext writes not yet handed to OpenSSL, oldest first; the first `flushedWrites` of them
    /// have been flushed. Changed only as a value taken out (`takePendingWrites`) and put back.
    private var pendingWrites = CircularBuffer<PendingWrite>(initialCapacity: 4)
    /// What stands in for `pendingWrites` while it is taken out; never changed.
    private static let noPendingWrites = CircularBuffer<PendingWrite>(initialCapacity: 1)
    private var flushedWrites = 0
    /// Reused for decrypted data: while the next handler still holds last time's buffer, `clear()`
    /// gives fresh storage, otherwise the same memory is used again (the same for the outgoing
    /// ciphertext in `network`).
    private var plaintextBuffer: ByteBuffer?
    /// Where flushed writes are joined into one record's plaintext (at most 16 KiB); reused.
    private var coalescingBuffer: ByteBuffer?
    /// A read was asked for downstream and no plaintext has been delivered since: a partial TLS
    /// record or handshake message must not stall a channel that doesn't auto-read.
    private var readPending = false
    private var deliveredPlaintextThisRead = false

    private struct PendingWrite {
        var data: ByteBuffer
        var promise: EventLoopPromise<Void>?
    }

    /// The most OpenSSL puts in one record; reading with this much room takes a whole record at once.
    private static let maximumRecordPlaintext = 16_384
    /// A plaintext buffer that grew past this (a large burst) is dropped rather than kept per connection.
    private static let retainedBufferLimit = 64 * 1024

    /// Makes the connection's `SSL` from `context` (so the context current at connection start is
    /// the one this connection keeps).
    public init(context tlsContext: TLSContext) throws(TLSError) {
        OpenSSLErrorQueue.clear()
        guard let ssl = SSL_new(tlsContext.handle) else {
            throw TLSError.fromQueue(.configuration, "cannot create an SSL connection object")
        }
        // Everything that can fail happens before the stored properties are set: once they are,
        // a throw would run deinit and free `ssl` a second time.
        let network = ByteBufferBIO(allocator: ByteBufferAllocator())
        guard let bio = network.makeBIO() else {
            SSL_free(ssl)
            throw TLSError.fromQueue(.configuration, "cannot create the connection's BIO")
        }
        // One BIO both ways: SSL_set_bio takes the one reference BIO_new gave.
        SSL_set_bio(ssl, bio, bio)
        let isServer = tlsContext.configuration.role == .server
        if isServer {
            SSL_set_accept_state(ssl)
        } else {
            SSL_set_connect_state(ssl)
            do {
                try Self.setPeerName(ssl, tlsContext.configuration.serverName)
            } catch {
                SSL_free(ssl)
                throw error
            }
        }
        self.tlsContext = tlsContext
        self.ssl = ssl
        self.network = network
        self.isServer = isServer
    }

    deinit {
        SSL_free(ssl)
    }

    /// Client side: SNI for host names, and the name (or IP address) the server certificate must carry.
    private static func setPeerName(_ ssl: OpaquePointer, _ serverName: String?) throws(TLSError) {
        guard let serverName, !serverName.isEmpty else { return }
        OpenSSLErrorQueue.clear()
        if X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), serverName) == 1 {
            // An IP literal: checked against the IP SANs, and never sent as SNI (RFC 6066 §3).
            return
        }
        OpenSSLErrorQueue.clear()
        guard tenantry_SSL_set_tlsext_host_name(ssl, serverName) == 1, SSL_set1_host(ssl, serverName) == 1 else {
            throw TLSError.fromQueue(.configuration, "server name \(serverName) is not usable")
        }
    }

    // MARK: Lifecycle

    public func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive {
            start(context: context)
        }
    }

    public func handlerRemoved(context: ChannelHandlerContext) {
        cancelHandshakeTimer()
        failPendingWrites(ChannelError.ioOnClosedChannel)
    }

    public func channelActive(context: ChannelHandlerContext) {
        start(context: context)
        context.fireChannelActive()
    }

    public func channelInactive(context: ChannelHandlerContext) {
        // A peer that vanishes without close_notify is not reported as an error: for HTTP/1.1 with
        // explicit lengths a truncation is visible to the HTTP layer, and TCP health probes that
        // connect and leave would otherwise flood the logs.
        state = .closed
        cancelHandshakeTimer()
        failPendingWrites(ChannelError.ioOnClosedChannel)
        context.fireChannelInactive()
    }

    /// Arms the handshake timer and, for a client, sends the ClientHello. Runs once.
    private func start(context: ChannelHandlerContext) {
        guard case .idle = state, handshakeTimer == nil else { return }
        let timeout = tlsContext.configuration.handshakeTimeout
        handshakeTimer = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [weak self] in
            self?.handshakeTimedOut(context: context, after: timeout)
        }
        if !isServer {
            state = .handshaking
            advanceHandshake(context: context)
        }
    }

    private func handshakeTimedOut(context: ChannelHandlerContext, after timeout: TimeAmount) {
        handshakeTimer = nil
        switch state {
        case .idle, .handshaking:
            let milliseconds = timeout.nanoseconds / 1_000_000
            fail(context: context, TLSError(.handshakeTimeout, "handshake\(peerText(context)) not finished within \(milliseconds) ms"))
        case .active, .closing, .closed:
            return
        }
    }

    private func cancelHandshakeTimer() {
        handshakeTimer?.cancel()
        handshakeTimer = nil
    }

    // MARK: Inbound

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = unwrapInboundIn(data)
        switch state {
        case .closing, .closed:
            return
        case .idle:
            state = .handshaking
        case .handshaking, .active:
            break
        }
        network.receive(bytes)
        defer { network.releaseReadInbound() }
        if case .handshaking = state {
            advanceHandshake(context: context)
        }
        if case .active = state {
            readPlaintext(context: context)
        }
        if case .active = state, flushedWrites > 0 {
            // Writes held back by a write that wanted to read first.
            encryptFlushedWrites(context: context)
        }
    }

    public func channelReadComplete(context: ChannelHandlerContext) {
        let needsMore = readPending && !deliveredPlaintextThisRead
        deliveredPlaintextThisRead = false
        switch state {
        case .handshaking, .active:
            if needsMore { context.read() }
        case .idle, .closing, .closed:
            break
        }
        context.fireChannelReadComplete()
    }

    private func advanceHandshake(context: ChannelHandlerContext) {
        OpenSSLErrorQueue.clear()
        let result = SSL_do_handshake(ssl)
        if result == 1 {
            handshakeCompleted(context: context)
            return
        }
        switch SSL_get_error(ssl, result) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
            sendCiphertext(context: context, flush: true, promise: nil)
        default:
            fail(context: context, handshakeError(context: context))
        }
    }

    private func handshakeError(context: ChannelHandlerContext) -> TLSError {
        var step = "handshake\(peerText(context)) failed"
        let verifyResult = SSL_get_verify_result(ssl)
        if verifyResult != X509_V_OK, let reason = X509_verify_cert_error_string(verifyResult) {
            step += " (certificate verification: \(String(cString: reason)))"
        }
        let error = TLSError.fromQueue(.handshakeFailed, step)
        if error.openSSLErrors.isEmpty {
            // Nothing queued means the peer broke off mid-handshake without saying why.
            return TLSError(.handshakeFailed, step + ": connection ended during the handshake")
        }
        return error
    }

    private func handshakeCompleted(context: ChannelHandlerContext) {
        state = .active
        cancelHandshakeTimer()
        // TLS 1.3 servers send their session tickets right after the handshake.
        sendCiphertext(context: context, flush: true, promise: nil)
        context.fireUserInboundEventTriggered(handshakeEvent())
        guard case .active = state else { return }
        encryptFlushedWrites(context: context)
    }

    private func handshakeEvent() -> TLSHandshakeCompleted {
        var alpnData: UnsafePointer<UInt8>?
        var alpnLength: UInt32 = 0
        SSL_get0_alpn_selected(ssl, &alpnData, &alpnLength)
        let alpn = alpnData.map { String(decoding: UnsafeBufferPointer(start: $0, count: Int(alpnLength)), as: UTF8.self) }
        var peer: CertificateInfo?
        if let certificate = SSL_get1_peer_certificate(ssl) {
            peer = CertificateInfo(certificate)
            X509_free(certificate)
        }
        let version = SSL_get_version(ssl).map { String(cString: $0) } ?? ""
        let cipher = SSL_get_current_cipher(ssl).flatMap { SSL_CIPHER_get_name($0) }.map { String(cString: $0) } ?? ""
        let serverName = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name).map { String(cString: $0) }
        return TLSHandshakeCompleted(
            applicationProtocol: alpn, protocolVersion: version, cipher: cipher,
            serverName: isServer ? serverName : nil, peerCertificate: peer)
    }

    /// Decrypts everything OpenSSL can from what it has buffered and passes it on as one ByteBuffer.
    private func readPlaintext(context: ChannelHandlerContext) {
        var buffer = plaintextBuffer ?? context.channel.allocator.buffer(capacity: Self.maximumRecordPlaintext)
        plaintextBuffer = nil
        buffer.clear()
        var outcome = Int32(SSL_ERROR_WANT_READ)
        // Room for a whole record first; after that whatever space is left (SSL_read takes what
        // fits and keeps the rest pending), so a small message doesn't grow the buffer.
        var room = Self.maximumRecordPlaintext
        OpenSSLErrorQueue.clear()
        while true {
            var result: Int32 = 0
            buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: room) { space in
                result = SSL_read(ssl, space.baseAddress, Int32(clamping: space.count))
                return result > 0 ? Int(result) : 0
            }
            room = 1
            if result <= 0 {
                outcome = SSL_get_error(ssl, result)
                break
            }
            if network.inboundBytes == 0, SSL_has_pending(ssl) == 0 {
                // Nothing left to decrypt: asking again would only cost a call that says WANT_READ.
                break
            }
        }
        // Read the error queue now, before any other OpenSSL call can add to it.
        let failure = Self.isReadFailure(outcome) ? TLSError.fromQueue(.connection, "connection\(peerText(context)) failed") : nil
        // Whatever OpenSSL wrote while reading (a KeyUpdate answer, an alert) goes out too.
        sendCiphertext(context: context, flush: true, promise: nil)

        if buffer.readableBytes > 0 {
            deliveredPlaintextThisRead = true
            readPending = false
            context.fireChannelRead(wrapInboundOut(buffer))
        }
        if buffer.capacity <= Self.retainedBufferLimit {
            plaintextBuffer = buffer
        }

        switch outcome {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
            return
        case SSL_ERROR_ZERO_RETURN:
            // The peer's close_notify: answer with ours and close.
            if case .active = state {
                close(context: context, mode: .all, promise: nil)
            }
        default:
            guard case .active = state, let failure else { return }
            fail(context: context, failure.openSSLErrors.isEmpty ? TLSError(.connection, failure.context + ": unexpected end of TLS stream") : failure)
        }
    }

    private static func isReadFailure(_ outcome: Int32) -> Bool {
        outcome != SSL_ERROR_WANT_READ && outcome != SSL_ERROR_WANT_WRITE && outcome != SSL_ERROR_ZERO_RETURN
    }

    // MARK: Outbound

    public func read(context: ChannelHandlerContext) {
        readPending = true
        context.read()
    }

    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch state {
        case .closing, .closed:
            promise?.fail(ChannelError.ioOnClosedChannel)
        case .idle, .handshaking, .active:
            let write = PendingWrite(data: unwrapOutboundIn(data), promise: promise)
            var writes = takePendingWrites()
            writes.append(write)
            pendingWrites = writes
        }
    }

    public func flush(context: ChannelHandlerContext) {
        flushedWrites = pendingWrites.count
        if case .active = state {
            encryptFlushedWrites(context: context)
        }
        // Before the handshake completes the marked writes wait; handshakeCompleted sends them.
    }

    /// Encrypts every flushed write into `network.outbound` and sends the ciphertext as one write. The
    /// first caller promise rides on that write; the others follow it.
    ///
    /// Flushed writes that fit in one record together are copied into one buffer and encrypted by
    /// one `SSL_write`, so they become one TLS record: an HTTP response is written as a head and a
    /// body, and a record each would cost a second seal (AEAD setup, tag, header) and 22 more bytes.
    private func encryptFlushedWrites(context: ChannelHandlerContext) {
        guard flushedWrites > 0 else { return }
        var promise: EventLoopPromise<Void>?
        OpenSSLErrorQueue.clear()
        while flushedWrites > 0 {
            let result = sealNextRecord(context: context)
            if result < 0 {
                if SSL_get_error(ssl, result) == SSL_ERROR_WANT_READ {
                    // Only renegotiation makes a memory-BIO write wait, and it is disabled;
                    // keep the data for the next attempt rather than losing it.
                    break
                }
                let error = TLSError.fromQueue(.connection, "cannot encrypt a write\(peerText(context))")
                promise?.fail(error)
                fail(context: context, error)
                return
            }
            consumeFlushedWrites(bytes: Int(result), promise: &promise)
        }
        sendCiphertext(context: context, flush: true, promise: promise)
    }

    /// Hands OpenSSL the next flushed writes: all those that fit in one record together (copied
    /// into `coalescingBuffer`), or the first alone when it is larger or the only one with bytes.
    /// Returns the plaintext bytes OpenSSL took (0 when the writes have none), or `SSL_write`'s
    /// failure (< 0).
    private func sealNextRecord(context: ChannelHandlerContext) -> Int32 {
        var total = 0
        var nonEmpty = 0
        var index = pendingWrites.startIndex
        for _ in 0..<flushedWrites {
            let size = pendingWrites[index].data.readableBytes
            if nonEmpty > 0, total + size > Self.maximumRecordPlaintext { break }
            total += size
            if size > 0 { nonEmpty += 1 }
            index = pendingWrites.index(after: index)
        }
        if total == 0 { return 0 }
        if nonEmpty == 1 {
            // Nothing to join: the bytes go to OpenSSL from where they are.
            var first = pendingWrites.startIndex
            while pendingWrites[first].data.readableBytes == 0 { first = pendingWrites.index(after: first) }
            // Read out first: an access to `pendingWrites` left open across SSL_write would make
            // every access to it a run-time exclusivity check.
            let data = pendingWrites[first].data
            let result = data.withUnsafeReadableBytes { raw in
                SSL_write(ssl, raw.baseAddress, Int32(clamping: raw.count))
            }
            return result > 0 ? result : min(result, -1)
        }
        var joined = coalescingBuffer ?? context.channel.allocator.buffer(capacity: total)
        coalescingBuffer = nil
        joined.clear()
        index = pendingWrites.startIndex
        while index != pendingWrites.endIndex, joined.readableBytes < total {
            let data = pendingWrites[index].data
            joined.writeImmutableBuffer(data)
            index = pendingWrites.index(after: index)
        }
        let result = joined.withUnsafeReadableBytes { raw in
            SSL_write(ssl, raw.baseAddress, Int32(clamping: raw.count))
        }
        coalescingBuffer = joined
        return result > 0 ? result : min(result, -1)
    }

    /// Drops the first `bytes` of the flushed writes (OpenSSL has them now), with every empty write
    /// among them, and collects their promises onto `promise`. SSL_write without partial-write mode
    /// takes all or nothing; should it ever stop short, the rest of a write stays in place.
    private func consumeFlushedWrites(bytes: Int, promise: inout EventLoopPromise<Void>?) {
        var remaining = bytes
        while flushedWrites > 0, !pendingWrites.isEmpty {
            let size = pendingWrites[pendingWrites.startIndex].data.readableBytes
            guard size <= remaining else {
                if remaining > 0 {
                    var writes = takePendingWrites()
                    writes[writes.startIndex].data.moveReaderIndex(forwardBy: remaining)
                    pendingWrites = writes
                }
                return
            }
            remaining -= size
            var writes = takePendingWrites()
            let write = writes.removeFirst()
            pendingWrites = writes
            flushedWrites -= 1
            if let next = write.promise {
                if let promise {
                    promise.futureResult.cascade(to: next)
                } else {
                    promise = next
                }
            }
        }
    }

    /// Writes what OpenSSL produced (the buffer itself, no copy) and starts the next one empty.
    private func sendCiphertext(context: ChannelHandlerContext, flush: Bool, promise: EventLoopPromise<Void>?) {
        guard network.outbound.readableBytes > 0 else {
            promise?.succeed(())
            return
        }
        if flush {
            context.writeAndFlush(wrapOutboundOut(network.outbound), promise: promise)
        } else {
            context.write(wrapOutboundOut(network.outbound), promise: promise)
        }
        // Once the socket has written and let go of it (the usual case after the flush), the same
        // memory is used again; otherwise `clear()` gives fresh storage.
        network.clearOutbound(retainedCapacity: Self.retainedBufferLimit)
    }

    public func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        switch (state, mode) {
        case (.active, .all), (.active, .output):
            // Writes the application never flushed are dropped, as a plain channel would drop them.
            failUnflushedWrites(ChannelError.ioOnClosedChannel)
            encryptFlushedWrites(context: context)
            guard case .active = state else {
                context.close(mode: mode, promise: promise)
                return
            }
            state = mode == .all ? .closing : .active
            OpenSSLErrorQueue.clear()
            _ = SSL_shutdown(ssl)  // queues close_notify; we don't wait for the peer's
            OpenSSLErrorQueue.clear()
            let written = context.eventLoop.makePromise(of: Void.self)
            sendCiphertext(context: context, flush: true, promise: written)
            closeAfter(written.futureResult, context: context, mode: mode, promise: promise)
        case (.closing, .all):
            if let promise { context.channel.closeFuture.cascade(to: promise) }
        case (.idle, .all), (.handshaking, .all):
            state = .closed
            cancelHandshakeTimer()
            failPendingWrites(ChannelError.ioOnClosedChannel)
            context.close(mode: mode, promise: promise)
        default:
            context.close(mode: mode, promise: promise)
        }
    }

    /// Closes once `written` (our close_notify) completes, or after the shutdown timeout when the
    /// peer has stopped reading and the write can't complete; whichever comes first, once.
    private func closeAfter(
        _ written: EventLoopFuture<Void>, context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?
    ) {
        var closed = false
        let closeOnce = {
            guard !closed else { return }
            closed = true
            context.close(mode: mode, promise: promise)
        }
        let timer = context.eventLoop.assumeIsolated().scheduleTask(in: tlsContext.configuration.shutdownTimeout) {
            closeOnce()
        }
        written.assumeIsolated().whenComplete { _ in
            timer.cancel()
            closeOnce()
        }
    }

    // MARK: Failure

    /// Sends any alert OpenSSL queued, reports `error` and closes the channel.
    private func fail(context: ChannelHandlerContext, _ error: TLSError) {
        switch state {
        case .closed:
            return
        case .idle, .handshaking, .active, .closing:
            break
        }
        state = .closed
        cancelHandshakeTimer()
        sendCiphertext(context: context, flush: true, promise: nil)
        failPendingWrites(error)
        context.fireErrorCaught(error)
        context.close(promise: nil)
    }

    private func failPendingWrites(_ error: Error) {
        flushedWrites = 0
        while !pendingWrites.isEmpty {
            var writes = takePendingWrites()
            let write = writes.removeFirst()
            pendingWrites = writes
            write.promise?.fail(error)
        }
    }

    private func failUnflushedWrites(_ error: Error) {
        while pendingWrites.count > flushedWrites {
            var writes = takePendingWrites()
            let write = writes.removeLast()
            pendingWrites = writes
            write.promise?.fail(error)
        }
    }

    /// `pendingWrites`, to be changed and put back; an empty queue stands in meanwhile. Changed in
    /// place instead, a change that may release a write (which the optimizer must assume runs any
    /// code) would make every access to the property a run-time exclusivity check. Nothing between
    /// taking and putting back may call out (a promise, the pipeline): a write arriving meanwhile
    /// would be lost.
    private func takePendingWrites() -> CircularBuffer<PendingWrite> {
        let writes = pendingWrites
        pendingWrites = Self.noPendingWrites
        return writes
    }

    /// " with 10.0.0.7:53122" (or "[fd00::7]:53122"), for error messages.
    private func peerText(_ context: ChannelHandlerContext) -> String {
        guard let address = context.channel.remoteAddress, let ip = address.ipAddress else { return "" }
        let host: String
        if case .v6 = address { host = "[" + ip + "]" } else { host = ip }
        return " with " + host + (address.port.map { ":\($0)" } ?? "")
    }
}

@available(*, unavailable)
extension OpenSSLHandler: Sendable {}
