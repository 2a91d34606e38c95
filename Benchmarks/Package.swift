// swift-tools-version:6.1
// FullAgency's benchmarks: a package of its own, so that `swift test` in the main package
// never builds the harness. Run them with Scripts/bench (everything, one table) or
// Scripts/bench-peer (side by side with SpiffWorkflow); Docs/performance.md explains them.
import PackageDescription

let package = Package(
    name: "FullAgencyBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        // Named, so that product references do not depend on the clone's folder name.
        .package(name: "FullAgency", path: ".."),
        // The MallocInterposer trait alone: the default set also asks for a runtime
        // interposer that is not needed for time and resident memory.
        .package(url: "https://github.com/ordo-one/benchmark", "1.38.0"..<"1.39.0",
                 traits: ["MallocInterposer"]),
    ],
    targets: [
        // What the benchmarks share: the reference flow's store set-up, a file system
        // without fsync, the disk floor, and spawning a process.
        .target(
            name: "BenchSupport",
            dependencies: [
                .product(name: "AgencyService", package: "FullAgency"),
                .product(name: "WorkflowEngine", package: "FullAgency"),
                .product(name: "WorkflowStore", package: "FullAgency"),
                .product(name: "AgencyJSON", package: "FullAgency"),
                .product(name: "AgencyCalendar", package: "FullAgency"),
                .product(name: "LuaRuntime", package: "FullAgency"),
                .product(name: "AgencyDemo", package: "FullAgency"),
                .product(name: "AgencyReports", package: "FullAgency"),
            ]
        ),
        // The baseline for `agency` as a process: a Swift binary that links Foundation
        // and does nothing else.
        .executableTarget(name: "hello-foundation"),
        // A zone after years of use with N instances, for the scaling stage (Scripts/bench-scale).
        .executableTarget(name: "bench-fixture", dependencies: ["BenchSupport"]),
        // The reference flow outside the harness, for perf and strace.
        .executableTarget(name: "bench-profile", dependencies: ["BenchSupport"]),
        // agency serve under 50 socket and 50 HTTP clients, and one event against the
        // floor and the direct CLI; its own table (Docs/performance.md, "A served store").
        .executableTarget(
            name: "bench-serve",
            dependencies: [
                "BenchSupport",
                .product(name: "AgencyServer", package: "FullAgency"),
                .product(name: "AgencyJSON", package: "FullAgency"),
            ]
        ),
        .executableTarget(
            name: "AgencyBenchmarks",
            dependencies: [
                "BenchSupport",
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/AgencyBenchmarks",
            // The harness's closures and global state predate strict concurrency.
            swiftSettings: [.swiftLanguageMode(.v5)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
