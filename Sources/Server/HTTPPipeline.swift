import NIOCore
import NIOHTTP1

extension ChannelPipeline.SynchronousOperations {
    /// The HTTP part of a connection's pipeline, after TLS (if any): NIO's HTTP/1.1 request decoder →
    /// `AdmissionHTTPHandler`, which writes its answers as bytes and keeps the read and idle timeouts
    /// (`RequestTimer`). The server and the tests build it here, so the tests run what serves.
    ///
    /// NIO's other server handlers (response encoder, pipelining, protocol errors) are left out: each
    /// was a step every response part passed through, and `AdmissionHTTPHandler` does their part
    /// (one write per answer, answers in request order, 400 for what the parser refuses, quiescing).
    func addHTTPServerHandlers(environment: HandlerEnvironment, readTimeout: TimeAmount, idleTimeout: TimeAmount) throws {
        try addHandler(ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes)))
        try addHandler(AdmissionHTTPHandler(environment: environment, readTimeout: readTimeout, idleTimeout: idleTimeout))
    }
}
