// swift-tools-version:6.0
// libFuzzer targets for FullAgency's input decoders, kept out of the main package so
// `swift test` stays fast. Build with Scripts/fuzz (it passes -sanitize=fuzzer and lld).
import PackageDescription

let fuzzFlags: [SwiftSetting] = [.unsafeFlags(["-parse-as-library"])]

let package = Package(
    name: "FullAgencyFuzz",
    dependencies: [.package(name: "FullAgency", path: "..")],  // named, so the
    // package identity does not depend on the name of the folder the repository is in
    targets: [
        .target(name: "FuzzSupport"),
        .executableTarget(
            name: "FuzzSnapshot",
            dependencies: ["FuzzSupport", .product(name: "AgencyJSON", package: "FullAgency"),
                           .product(name: "WorkflowEngine", package: "FullAgency"),
                           .product(name: "WorkflowStore", package: "FullAgency")],
            swiftSettings: fuzzFlags),
        .executableTarget(
            name: "FuzzJournal",
            dependencies: ["FuzzSupport", .product(name: "AgencyJSON", package: "FullAgency"),
                           .product(name: "WorkflowStore", package: "FullAgency")],
            swiftSettings: fuzzFlags),
        .executableTarget(
            name: "FuzzBridge",
            dependencies: ["FuzzSupport", .product(name: "AgencyJSON", package: "FullAgency"),
                           .product(name: "LuaRuntime", package: "FullAgency")],
            swiftSettings: fuzzFlags),
    ]
)
