import Logging
import NIOCore
import NIOHTTP1

extension ChannelPipeline.SynchronousOperations {
    /// The HTTP part of a connection's pipeline, after TLS (if any): NIO's HTTP/1.1 server handlers
    /// (parsing, pipelining, quiescing, 400 for unparsable requests) → `RequestTimeoutHandler` →
    /// `AdmissionHTTPHandler`. The server and the tests build it here, so the tests run what serves.
    ///
    /// Outbound header validation is off: every response header is written by `AdmissionHTTPHandler`
    /// or `RequestTimeoutHandler` from constants and numbers, never from request data, so checking
    /// each response's headers for CR/LF would only cost time on every request.
    func addHTTPServerHandlers(
        environment: HandlerEnvironment, readTimeout: TimeAmount, idleTimeout: TimeAmount, logger: Logger
    ) throws {
        try configureHTTPServerPipeline(withErrorHandling: true, withOutboundHeaderValidation: false)
        try addHandler(RequestTimeoutHandler(readTimeout: readTimeout, idleTimeout: idleTimeout, logger: logger))
        try addHandler(AdmissionHTTPHandler(environment: environment))
    }
}
