/// What a request path is for.
public enum Route: Sendable, Equatable {
    case admission(AdmissionEndpoint)
    /// Liveness: the process is up and its event loops answer.
    case healthz
    /// Readiness: policies loaded and not shutting down.
    case readyz
    /// Prometheus exposition of the server's metrics.
    case metrics
}

/// The paths one listener serves. Matched exactly on the path without its query: the API server
/// appends `?timeout=10s` and never a trailing slash (contract §2).
public struct RouteTable: Sendable {
    private let routes: [String: Route]

    public init(_ routes: [String: Route]) {
        self.routes = routes
    }

    /// The TLS listener: the admission endpoints and the health endpoints.
    public static let admission = RouteTable([
        AdmissionEndpoint.validate.path: .admission(.validate),
        AdmissionEndpoint.mutate.path: .admission(.mutate),
        "/healthz": .healthz,
        "/readyz": .readyz,
        "/metrics": .metrics,
    ])

    /// The plain-HTTP listener for kubelet probes and Prometheus.
    public static let health = RouteTable(["/healthz": .healthz, "/readyz": .readyz, "/metrics": .metrics])

    public func route(uri: String) -> Route? {
        let utf8 = uri.utf8
        if let query = utf8.firstIndex(where: { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }) {
            return routes[String(uri[..<query])]
        }
        return routes[uri]
    }
}
