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
        .executable(name: "chiso", targets: ["chiso"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .target(name: "ChiSoCore", swiftSettings: swiftSettings),
        .target(
            name: "ChiSoIngest",
            dependencies: [
                "ChiSoCore",
                .product(name: "Yams", package: "Yams"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ChiSoReport",
            dependencies: [
                "ChiSoCore",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ChiSoStore",
            dependencies: [
                "ChiSoCore",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(name: "ChiSoDemo", dependencies: ["ChiSoCore"], swiftSettings: swiftSettings),
        .executableTarget(
            name: "chiso",
            dependencies: [
                "ChiSoCore",
                "ChiSoIngest",
                "ChiSoReport",
                "ChiSoStore",
                "ChiSoDemo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "ChiSoCoreTests", dependencies: ["ChiSoCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ChiSoIngestTests",
            dependencies: ["ChiSoCore", "ChiSoIngest"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ChiSoStoreTests",
            dependencies: ["ChiSoCore", "ChiSoIngest", "ChiSoStore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "chisoTests", dependencies: ["chiso"], swiftSettings: swiftSettings),
        .testTarget(name: "ChiSoDemoTests", dependencies: ["ChiSoCore", "ChiSoDemo"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ChiSoReportTests",
            dependencies: ["ChiSoCore", "ChiSoReport"],
            swiftSettings: swiftSettings
        ),
    ]
)
