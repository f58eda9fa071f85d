// swift-tools-version:6.1
import PackageDescription

// The benchmarks of ChiSo, a package of their own so that the main package's builds and CI never compile the
// benchmark stack: `swift package benchmark` in this folder (see README.md).
let package = Package(
    name: "ChiSoBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "ChiSo", path: "../"),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "ChiSoBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "ChiSoCore", package: "ChiSo"),
                .product(name: "ChiSoIngest", package: "ChiSo"),
                .product(name: "ChiSoStore", package: "ChiSo"),
                .product(name: "ChiSoDemo", package: "ChiSo"),
            ],
            path: "Benchmarks/ChiSoBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    ]
)
