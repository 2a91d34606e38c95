import Foundation

/// What a simulation clock may hold: one ISO 8601 time, short and printable, so the file
/// stays one line and nothing else can be smuggled into it.
enum SimulationClockText {
    static func check(_ time: String) throws(StoreError) {
        guard !time.isEmpty, time.utf8.count <= 64,
              time.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0.value < 0x7f })
        else {
            throw .invalidName(what: "simulation clock time", value: time,
                               rule: "an ISO 8601 time such as 2025-01-06T09:00:00+08:00")
        }
    }

    /// The time in a clock file's bytes; nil for a file that holds none (damaged by hand),
    /// which reads as no clock.
    static func parse(_ bytes: [UInt8]) -> String? {
        let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return (try? check(text)) == nil ? nil : text
    }
}

extension FileStore {
    /// `environment/clock`, or nil when absent or unreadable as a time.
    public func simulationClock() throws(StoreError) -> String? {
        guard let bytes = try fileSystem.readFileIfPresent(layout.simulationClockFile) else { return nil }
        return SimulationClockText.parse(bytes)
    }

    /// Replaces `environment/clock` through a temporary file and a rename, without fsync.
    public func setSimulationClock(_ time: String) throws(StoreError) {
        try SimulationClockText.check(time)
        if try fileSystem.ensureDirectory(layout.environmentDirectory) { try fileSystem.syncDirectory(layout.root) }
        var renamed = false
        try writer.replace(layout.simulationClockFile, with: Array((time + "\n").utf8), renamed: &renamed, sync: false)
    }
}

extension MemoryStore {
    public func simulationClock() throws(StoreError) -> String? {
        try locked { () throws(StoreError) in simulationTime }
    }

    public func setSimulationClock(_ time: String) throws(StoreError) {
        try SimulationClockText.check(time)
        try locked { () throws(StoreError) in simulationTime = time }
    }
}
