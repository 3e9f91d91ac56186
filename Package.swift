// swift-tools-version:6.0
import PackageDescription

// Module graph (docs/architecture in ../shared/design/architecture.md):
//   COpenSSL ─ TLS
//   JSON ─ Admission ─ Policy ─ Replay ─ tenantry
//   TLS + Policy ─ Server ─ tenantry
let package = Package(
    name: "tenantry",
    products: [
        .executable(name: "tenantry", targets: ["tenantry"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // Debian's libssl-dev through pkg-config; nothing but a shim header.
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev", "pkg-config"])]
        ),
        .target(
            name: "TLS",
            dependencies: [
                "COpenSSL",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
        .target(name: "JSON"),
        .target(name: "Admission", dependencies: ["JSON"]),
        // Yams re-exports Foundation; MemberImportVisibility keeps Foundation's members out of the files
        // that don't import it, so the engine's hot path can't pick up Foundation string methods unseen.
        .target(
            name: "Policy", dependencies: ["JSON", "Admission", "Yams"],
            swiftSettings: [.enableUpcomingFeature("MemberImportVisibility")]),
        .target(name: "Replay", dependencies: ["JSON", "Admission", "Policy"]),
        .target(
            name: "Server",
            dependencies: [
                "TLS", "Policy", "Admission", "JSON",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .executableTarget(
            name: "tenantry",
            dependencies: [
                "COpenSSL", "JSON", "Admission", "Policy", "Replay", "Server", "TLS",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .executableTarget(
            name: "tenantry-bench",
            dependencies: ["JSON", "Admission", "Policy", "Replay"],
            path: "bench/Sources/tenantry-bench"
        ),
        // Hand-written AdmissionReviews shared by the JSON and Admission tests.
        .target(name: "ReviewFixtures", path: "Tests/ReviewFixtures"),
        // External programs (curl, python3, openssl) and real dev certificates for the TLS and server tests.
        .target(name: "ExternalTools", path: "Tests/ExternalTools"),
        .testTarget(name: "JSONTests", dependencies: ["JSON", "ReviewFixtures"]),
        .testTarget(name: "AdmissionTests", dependencies: ["JSON", "Admission", "ReviewFixtures"]),
        .testTarget(name: "PolicyTests", dependencies: ["JSON", "Admission", "Policy"]),
        .testTarget(name: "ReplayTests", dependencies: ["JSON", "Admission", "Policy", "Replay"]),
        .testTarget(
            name: "TLSTests",
            dependencies: [
                "TLS", "ExternalTools",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "TLS", "Policy", "Admission", "JSON", "ExternalTools",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            // Run by the end-to-end tests and by .ci/run, not compiled.
            exclude: ["Support/admission_contract.py", "Support/raw_http.py"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
