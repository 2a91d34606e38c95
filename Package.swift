// swift-tools-version:6.0
// FullAgency: a workflow and approval engine whose workflows are written in Lua.
import PackageDescription

let package = Package(
    name: "FullAgency",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "agency", targets: ["AgencyCLI"]),
        .library(name: "LuaRuntime", targets: ["LuaRuntime"]),
        // For the separate Benchmarks/ package, which drives the service in process.
        .library(name: "AgencyJSON", targets: ["AgencyJSON"]),
        .library(name: "AgencyCalendar", targets: ["AgencyCalendar"]),
        .library(name: "WorkflowEngine", targets: ["WorkflowEngine"]),
        .library(name: "WorkflowStore", targets: ["WorkflowStore"]),
        .library(name: "AgencyService", targets: ["AgencyService"]),
        .library(name: "AgencyReports", targets: ["AgencyReports"]),
        .library(name: "AgencyDemo", targets: ["AgencyDemo"]),
        .library(name: "AgencyTestRunner", targets: ["AgencyTestRunner"]),
        .library(name: "AgencyServer", targets: ["AgencyServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        // bcrypt for the web workplace's passwords (HummingbirdBcrypt only).
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        // The web workplace's pages: Mustache templates, escaped by default.
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.0"),
        // The web workplace's file uploads (multipart/form-data), parsed by a kept library.
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.0"),
        // Excel workbooks (.xlsx) in and out: the ZIP container, read and written in memory.
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
        // PostgreSQL's wire protocol for PostgresStore (Docs/storage.md, "The PostgreSQL store").
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // Lua 5.4 from the system (Debian: liblua5.4-dev).
        .systemLibrary(
            name: "CLua",
            pkgConfig: "lua5.4",
            providers: [.apt(["liblua5.4-dev"])]
        ),
        // C shims: Lua's function-like macros, the bounded allocator, the limit hook,
        // the error trampoline for Swift callbacks, and the budgeted pattern matcher.
        .target(name: "CLuaShim", dependencies: ["CLua"]),
        // The JSON value type, a strict parser and the canonical encoder.
        .target(name: "AgencyJSON"),
        // How stored bytes name things, shared by the engine and the store: lowercase hex,
        // SHA-256 digests, ISO-8601 times.
        .target(name: "AgencyFormats", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // The only module that touches the Lua C API: sandbox, limits, Lua⇄JSON bridge.
        .target(name: "LuaRuntime", dependencies: ["CLua", "CLuaShim", "AgencyJSON"]),
        // Working-day calendar with official holidays and make-up days.
        .target(name: "AgencyCalendar", dependencies: ["AgencyJSON"]),
        // The DSL's semantics: definitions, instances, events, work items, approvals,
        // timers. Pure logic over a calendar and the command's time; no store, no I/O.
        .target(
            name: "WorkflowEngine",
            dependencies: ["LuaRuntime", "AgencyJSON", "AgencyCalendar", "AgencyFormats"]
        ),
        // The InstanceStore seam and its implementations: FileStore (durable JSON snapshots,
        // hash-chained journals, locks and indexes on disk) and MemoryStore.
        .target(name: "WorkflowStore", dependencies: ["AgencyJSON", "AgencyFormats"]),
        // The InstanceStore seam over PostgreSQL (postgres-nio): for several `agency serve`
        // nodes on one database. Same records, hashes and signatures as the file store.
        .target(
            name: "PostgresStore",
            dependencies: ["WorkflowStore", "AgencyJSON", "AgencyFormats",
                           .product(name: "PostgresNIO", package: "postgres-nio"),
                           .product(name: "Logging", package: "swift-log")]
        ),
        // Test aid: a FileSystem that records and fails calls, for the store's durability
        // tests. Not part of any product.
        .target(name: "WorkflowStoreTestSupport", dependencies: ["WorkflowStore"]),
        // The coordinator: runs commands against an InstanceStore (locking, journaling,
        // roll-forward, delivery between instances, notifications, tick, audit). What the
        // CLI, the reports, the demo, the test runner and the benchmarks call.
        .target(
            name: "AgencyService",
            dependencies: ["WorkflowEngine", "WorkflowStore", "LuaRuntime", "AgencyJSON", "AgencyCalendar", "AgencyFormats"]
        ),
        // The weekly report (周报告) and the project pipeline, read through the coordinator.
        .target(
            name: "AgencyReports",
            dependencies: ["AgencyService", "WorkflowEngine", "AgencyJSON", "AgencyCalendar", "AgencySpreadsheet"]
        ),
        // The demo zone: thirteen simulated weeks of 全代办 work driven through the coordinator.
        .target(
            name: "AgencyDemo",
            dependencies: ["AgencyService", "AgencyReports", "WorkflowEngine", "WorkflowStore", "AgencyJSON",
                           "AgencyCalendar"]
        ),
        // `agency test`: Lua workflow tests, each on a fresh store, and the replay check.
        .target(
            name: "AgencyTestRunner",
            dependencies: ["AgencyService", "AgencyReports", "WorkflowEngine", "WorkflowStore", "LuaRuntime",
                           "AgencyJSON", "AgencyCalendar"]
        ),
        // `agency serve`: the one owner of a production store. The request types, the serial
        // executor, store ownership, the Unix socket (SO_PEERCRED), the tick loop.
        .target(
            name: "AgencyServer",
            dependencies: ["AgencyService", "WorkflowStore", "AgencyJSON", "AgencyFormats",
                           .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                           .product(name: "Logging", package: "swift-log"),
                           .product(name: "Metrics", package: "swift-metrics")]
        ),
        // The served store's HTTP JSON API (OpenAPI-described), API tokens, /metrics.
        .target(
            name: "AgencyHTTP",
            dependencies: ["AgencyServer", "AgencyJSON",
                           .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "Logging", package: "swift-log"),
                           .product(name: "Metrics", package: "swift-metrics"),
                           .product(name: "Prometheus", package: "swift-prometheus")],
            resources: [.copy("openapi.json")]
        ),
        // The web workplace (Docs/web.md): Chinese server-rendered pages for staff, logins
        // and sessions, over the same served executor as the API.
        .target(
            name: "AgencyWeb",
            dependencies: ["AgencyHTTP", "AgencyServer", "AgencyService", "AgencyReports", "WorkflowEngine",
                           "WorkflowStore", "AgencyJSON", "AgencyFormats",
                           .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "Mustache", package: "swift-mustache"),
                           .product(name: "MultipartKit", package: "multipart-kit"),
                           .product(name: "Logging", package: "swift-log")]
        ),
        // Office Open XML workbooks (.xlsx): written for reports and lists, read for imports.
        .target(name: "AgencySpreadsheet", dependencies: [.product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        // The `agency` command-line tool: thin subcommands over the libraries.
        .executableTarget(
            name: "AgencyCLI",
            dependencies: [
                "LuaRuntime", "AgencyJSON", "AgencyFormats", "AgencyCalendar", "WorkflowEngine", "WorkflowStore",
                "AgencyService", "AgencyReports", "AgencyDemo", "AgencyTestRunner", "AgencyServer", "AgencyHTTP",
                "PostgresStore",
                "AgencyWeb", "AgencySpreadsheet",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "AgencyJSONTests", dependencies: ["AgencyJSON"]),
        .testTarget(name: "AgencyFormatsTests", dependencies: ["AgencyFormats"]),
        .testTarget(
            name: "AgencySpreadsheetTests",
            dependencies: ["AgencySpreadsheet", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        // Test aid, in no product: a process the watchdog must end (WatchdogTests runs it).
        .executableTarget(name: "LuaWatchdogProbe", dependencies: ["LuaRuntime"], path: "Tests/LuaWatchdogProbe"),
        .testTarget(
            name: "LuaRuntimeTests",
            dependencies: ["LuaRuntime", "AgencyJSON", "LuaWatchdogProbe"],
            resources: [.copy("HostileScripts")]
        ),
        .testTarget(
            name: "AgencyCalendarTests",
            dependencies: ["AgencyCalendar"],
            // Read through #filePath: the notices' texts and the independent festival table.
            exclude: ["Notices", "festival-dates.txt"]
        ),
        .testTarget(
            name: "WorkflowEngineTests",
            dependencies: ["WorkflowEngine", "LuaRuntime", "AgencyJSON", "AgencyCalendar"]
        ),
        .testTarget(
            name: "AgencyServiceTests",
            dependencies: ["AgencyService", "AgencyReports", "AgencyDemo", "AgencyTestRunner", "WorkflowEngine",
                           "WorkflowStore", "WorkflowStoreTestSupport", "PostgresStore", "LuaRuntime", "AgencyJSON",
                           "AgencyCalendar"]
        ),
        .testTarget(
            name: "WorkflowStoreTests",
            dependencies: ["WorkflowStore", "WorkflowStoreTestSupport", "PostgresStore", "AgencyJSON", "AgencyFormats"]
        ),
        // Depends on AgencyCLI so that `swift test` builds the `agency` binary these tests run
        // (and, through @testable import, checks how the CLI maps errors to exit codes).
        // Snapshots/ holds the staff-output transcripts the tests read by path.
        .testTarget(name: "AgencyCLITests", dependencies: ["AgencyCLI", "AgencyJSON", "AgencyService", "WorkflowStore",
                                                          "AgencySpreadsheet", "PostgresStore"],
                    exclude: ["Snapshots"]),
        // The HTTP API in process (HummingbirdTesting), checked against openapi.json; depends on
        // AgencyCLI so that the real `agency` binary is built for the subprocess command handler.
        .testTarget(
            name: "AgencyHTTPTests",
            dependencies: ["AgencyHTTP", "AgencyWeb", "AgencyServer", "AgencyJSON", "AgencyFormats", "AgencyCLI",
                           .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "HummingbirdTesting", package: "hummingbird")]
        ),
    ]
)
