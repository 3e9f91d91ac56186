import ExternalTools
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import TLS
import XCTest

/// One set of dev certificates per test class (making them costs ~200 ms), an event loop group per test.
enum SharedCertificates {
    private static let cache = NIOLockedValueBox<DevCertificates?>(nil)

    static func get() throws -> DevCertificates {
        try cache.withLockedValue { cached in
            if let cached { return cached }
            let made = try DevCertificates.make("shared")
            cached = made
            return made
        }
    }

    static func reset() {
        cache.withLockedValue { cached in
            cached?.remove()
            cached = nil
        }
    }
}

class TLSTestCase: XCTestCase {
    var group: MultiThreadedEventLoopGroup!
    var cleanups: [() -> Void] = []

    override func setUpWithError() throws {
        group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
    }

    override func tearDownWithError() throws {
        for cleanup in cleanups.reversed() { cleanup() }
        cleanups = []
        try group.syncShutdownGracefully()
    }

    override class func tearDown() {
        SharedCertificates.reset()
        super.tearDown()
    }

    func certificates() throws -> DevCertificates {
        try SharedCertificates.get()
    }

    /// Certificates of their own for one test (another CA, a rotation), removed after it.
    func freshCertificates(_ label: String) throws -> DevCertificates {
        let made = try DevCertificates.make(label)
        cleanups.append { made.remove() }
        return made
    }

    func startServer(_ configuration: TLSConfiguration) throws -> TestServer {
        let server = try TestServer(group: group, context: TLSContext(configuration: configuration))
        cleanups.append { server.stop() }
        return server
    }

    func startServer(store: TLSContextStore) throws -> TestServer {
        let server = try TestServer(group: group, store: store)
        cleanups.append { server.stop() }
        return server
    }

    func connect(_ port: Int, _ configuration: TLSConfiguration?) throws -> TestClient {
        let client = try TestClient(group: group, port: port, context: configuration.map { try TLSContext(configuration: $0) })
        cleanups.append { client.close() }
        return client
    }

    /// A fresh temporary directory, removed when the test ends.
    func temporaryDirectory(_ label: String) throws -> URL {
        let url = try TemporaryDirectory.make(label)
        cleanups.append { try? FileManager.default.removeItem(at: url) }
        return url
    }
}
