import Foundation

/// Where the benchmarks find their inputs and put their stores.
///
/// The scripts set the environment variables; the fallbacks (next to this package's
/// sources) let a benchmark also run by hand with `swift package benchmark`.
public enum BenchPaths {
    /// The folder of this package (Benchmarks/), from this file's compile-time path.
    static var packageFolder: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // BenchSupport
            .deletingLastPathComponent()  // Sources
            .deletingLastPathComponent()  // Benchmarks
    }

    /// Benchmarks/Workflows: reference.lua (and reference.bpmn for the peer).
    public static var workflows: URL {
        if let path = ProcessInfo.processInfo.environment["BENCH_WORKFLOWS"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return packageFolder.appendingPathComponent("Workflows")
    }

    /// A fresh folder for one benchmark's stores, under `BENCH_SCRATCH` (default
    /// Benchmarks/.build/bench-scratch). It must be on the disk being measured, never a
    /// tmpfs: fsync on memory costs nothing and would flatter the durable figures.
    /// Nothing is deleted here: removing many files right before creating many is slow
    /// on this machine's disk, so Scripts/bench clears the folder after measuring.
    public static func freshFolder(_ name: String) throws -> String {
        let root = ProcessInfo.processInfo.environment["BENCH_SCRATCH"].flatMap { $0.isEmpty ? nil : $0 }
            ?? packageFolder.appendingPathComponent(".build/bench-scratch").path
        let safe = name.map { $0.isLetter || $0.isNumber ? $0 : "-" }
        let folder = "\(root)/\(String(safe))-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    /// An executable built beside the running benchmark (`agency`, `hello-foundation`),
    /// or the path in the environment variable `variable`.
    public static func executable(_ name: String, variable: String) throws -> String {
        if let path = ProcessInfo.processInfo.environment[variable], !path.isEmpty { return path }
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent(name).path
        guard FileManager.default.isExecutableFile(atPath: beside) else {
            throw BenchError("\(name) is not built beside \(CommandLine.arguments[0]); build it with "
                + "`swift build -c release --package-path Benchmarks --product \(name)` or set \(variable)")
        }
        return beside
    }
}

/// A benchmark that cannot run as set up: what is wrong and what to do.
public struct BenchError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
