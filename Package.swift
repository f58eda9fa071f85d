// swift-tools-version:6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "ChiSo",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "ChiSoCore", targets: ["ChiSoCore"]),
        // For the benchmarks package (Benchmarks/), which depends on this one by path.
        .library(name: "ChiSoIngest", targets: ["ChiSoIngest"]),
        .library(name: "ChiSoStore", targets: ["ChiSoStore"]),
        .library(name: "ChiSoDemo", targets: ["ChiSoDemo"]),
        .executable(name: "chiso", targets: ["chiso"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // Web application (ChiSoServer)
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // The national portal's evaluation API (ChiSoPortal)
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        // The PostgreSQL store (ChiSoStore's PostgresStore)
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        .target(name: "ChiSoCore", swiftSettings: swiftSettings),
        .target(
            name: "ChiSoIngest",
            dependencies: [
                "ChiSoCore",
                .product(name: "Yams", package: "Yams"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ChiSoReport",
            dependencies: [
                "ChiSoCore",
                // The report settings file (DocumentFiles composes documents from it).
                "ChiSoIngest",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: swiftSettings
        ),
        // Both stores live in one module: PostgresStore shares the SQLite store's record coding, version order, unit
        // hierarchy and messages (internal helpers), so that each rule of ingestion has one home. Every program of
        // the package that opens a database may be pointed at PostgreSQL, so none is lighter without it.
        .target(
            name: "ChiSoStore",
            dependencies: [
                "ChiSoCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                // Secrets: token digests and password hashes of the access tables.
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(name: "ChiSoDemo", dependencies: ["ChiSoCore"], swiftSettings: swiftSettings),
        .target(
            name: "ChiSoPortal",
            dependencies: [
                "ChiSoCore",
                "ChiSoIngest",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ChiSoServer",
            dependencies: [
                "ChiSoCore",
                "ChiSoIngest",
                "ChiSoStore",
                "ChiSoReport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            resources: [.copy("Templates")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "chiso",
            dependencies: [
                "ChiSoCore",
                "ChiSoIngest",
                "ChiSoReport",
                "ChiSoStore",
                "ChiSoDemo",
                "ChiSoPortal",
                "ChiSoServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),
        // Generators and fixtures shared by the test targets (never a dependency of a product).
        .target(name: "ChiSoTesting", dependencies: ["ChiSoCore"], swiftSettings: swiftSettings),
        .testTarget(name: "ChiSoCoreTests", dependencies: ["ChiSoCore", "ChiSoTesting"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ChiSoIngestTests",
            dependencies: [
                "ChiSoCore", "ChiSoIngest", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ChiSoStoreTests",
            dependencies: [
                "ChiSoCore", "ChiSoDemo", "ChiSoIngest", "ChiSoStore", "ChiSoTesting", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ChiSoServerTests",
            dependencies: [
                "ChiSoCore",
                "ChiSoIngest",
                "ChiSoStore",
                "ChiSoReport",
                "ChiSoServer",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "chisoTests",
            dependencies: [
                "chiso", "ChiSoCore", "ChiSoIngest", "ChiSoStore", "ChiSoReport", "ChiSoTesting", .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ChiSoPortalTests",
            dependencies: [
                "ChiSoCore",
                "ChiSoIngest",
                "ChiSoPortal",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "ChiSoDemoTests", dependencies: ["ChiSoCore", "ChiSoDemo"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ChiSoReportTests",
            dependencies: ["ChiSoCore", "ChiSoReport"],
            swiftSettings: swiftSettings
        ),
    ]
)
