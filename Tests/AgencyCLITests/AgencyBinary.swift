import Foundation

/// Locates the built `agency` executable next to the test bundle, so end-to-end tests
/// run the real binary.
enum AgencyBinary {
    static var url: URL {
        if let explicit = ProcessInfo.processInfo.environment["AGENCY_BIN"] {
            return URL(fileURLWithPath: explicit)
        }
        var directory = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("agency")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: ".build/debug/agency")
    }
}
