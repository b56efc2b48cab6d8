// swift-tools-version: 6.1
// A package of its own, so the main build, its tests and CI never build the benchmark tool.
// Run it with scripts/bench.sh (see README.md).
import PackageDescription

let package = Package(
    name: "sluice-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        // The root package; its identity is its folder's name, which differs between checkouts,
        // so it is named here.
        .package(name: "sluice", path: "../"),
        // On Linux with Swift 6.3 the default traits also want swift-runtime-interposer, which is
        // not available here: name the malloc trait alone.
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        // The baseline: the wrapper's librdkafka calls and properties, written directly in C.
        .target(
            name: "RawKafka",
            linkerSettings: [.linkedLibrary("rdkafka")]
        ),
        // The intake cases' outside view of a journal: SQLite's C API, read-only.
        .target(
            name: "RawSQLite",
            linkerSettings: [.linkedLibrary("sqlite3")]
        ),
        .executableTarget(
            name: "KafkaThroughput",
            dependencies: [
                "RawKafka",
                "RawSQLite",
                .product(name: "RdKafka", package: "sluice"),
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/KafkaThroughput",
            swiftSettings: [
                .enableUpcomingFeature("MemberImportVisibility"),
                .enableUpcomingFeature("InternalImportsByDefault"),
                .enableUpcomingFeature("ExistentialAny"),
            ],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
