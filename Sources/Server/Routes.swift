#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

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
///
/// A handful of paths, so a scan comparing bytes: looked up on every request, it costs less than
/// hashing the path for a dictionary.
public struct RouteTable: Sendable {
    private let routes: [(path: [UInt8], route: Route)]

    public init(_ routes: [String: Route]) {
        self.routes = routes.map { (Array($0.key.utf8), $0.value) }
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
        var uri = uri
        return uri.withUTF8 { bytes in
            let end = bytes.firstIndex { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? bytes.count
            let path = UnsafeBufferPointer(rebasing: bytes[..<end])
            for entry in routes where entry.path.count == path.count {
                let same = entry.path.withUnsafeBufferPointer { candidate in
                    guard let left = candidate.baseAddress, let right = path.baseAddress else { return path.isEmpty }
                    return memcmp(left, right, path.count) == 0
                }
                if same { return entry.route }
            }
            return nil
        }
    }
}
