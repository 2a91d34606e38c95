import Foundation
import Testing

/// The watchdog ends a process whose Lua run is stuck where no hook fires. It can only be
/// seen from outside, so the test runs `LuaWatchdogProbe` (Tests/LuaWatchdogProbe), built
/// beside the test bundle.
@Suite struct WatchdogTests {
    static var probe: URL {
        var directory = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("LuaWatchdogProbe")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: ".build/debug/LuaWatchdogProbe")
    }

    @Test func aRunStuckOutsideTheVMEndsTheProcessWithAMessage() throws {
        let process = Process()
        process.executableURL = Self.probe
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = Pipe()
        let started = Date()
        try process.run()
        process.waitUntilExit()
        let elapsed = Date().timeIntervalSince(started)
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 1)
        #expect(message.contains("ran") && message.contains("past its time limit of 0.3 s"), "\(message)")
        #expect(message.contains("stopped before anything was written"))
        // Limit 0.3 s + grace 0.3 s + one 50 ms watch interval; the stuck call sleeps 10 s.
        #expect(elapsed < 5, "took \(elapsed) s")
    }
}
