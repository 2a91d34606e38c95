import Foundation

extension FileStore {
    /// Stores one version of the working-day calendar (its canonical JSON, every layer
    /// included) as `environment/calendar/<sha256>.json` and returns the sha. Journal
    /// records name the version they were decided with, so a replay counts working days
    /// exactly as the decision did, whatever calendar files or binary the store has since.
    /// Idempotent and durable, like `saveDefinition`; versions are never removed, and a
    /// stored version that no longer hashes to its name is never rewritten
    /// (`calendarVersionTampered`, the file left as found).
    @discardableResult
    public func saveCalendarVersion(_ bytes: [UInt8]) throws(StoreError) -> String {
        let sha = JournalHash.sha256(bytes)
        let path = layout.calendarVersionFile(sha: sha)
        if let existing = try fileSystem.readFileIfPresent(path) {
            let actual = JournalHash.sha256(existing)
            guard actual == sha else { throw .calendarVersionTampered(sha: sha, actual: actual, path: path) }
            return sha
        }
        var created = false
        for directory in [layout.environmentDirectory, layout.calendarVersionsDirectory] {
            created = try fileSystem.ensureDirectory(directory) || created
        }
        if created { try fileSystem.syncDirectory(layout.root) }
        try writer.replace(path, with: bytes)
        return sha
    }

    /// The bytes of calendar version `sha`, checked against the hash.
    public func loadCalendarVersion(sha: String) throws(StoreError) -> [UInt8] {
        try NameRules.checkSHA(sha)
        let path = layout.calendarVersionFile(sha: sha)
        guard let bytes = try fileSystem.readFileIfPresent(path) else {
            throw .calendarVersionNotFound(sha: sha)
        }
        let actual = JournalHash.sha256(bytes)
        guard actual == sha else { throw .calendarVersionTampered(sha: sha, actual: actual, path: path) }
        return bytes
    }

    /// The calendar version for which every instance was last re-planned (kept by
    /// AgencyService in `environment/calendar-swept`), or nil if none is recorded.
    public func sweptCalendarVersion() throws(StoreError) -> String? {
        guard let bytes = try fileSystem.readFileIfPresent(layout.calendarSweptFile) else { return nil }
        let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return JournalHash.isHex(text) ? text : nil
    }

    /// Records `sha` as the calendar version every instance is re-planned for. Durable.
    public func markCalendarSwept(_ sha: String) throws(StoreError) {
        try NameRules.checkSHA(sha)
        if try fileSystem.ensureDirectory(layout.environmentDirectory) { try fileSystem.syncDirectory(layout.root) }
        try writer.replace(layout.calendarSweptFile, with: Array((sha + "\n").utf8))
    }

    /// Forgets which calendar version instances were re-planned for, so the next sweep
    /// looks at every planned instance (after the index was rebuilt).
    public func clearCalendarSwept() throws(StoreError) {
        if try fileSystem.readFileIfPresent(layout.calendarSweptFile) != nil {
            try fileSystem.unlink(layout.calendarSweptFile)
        }
    }
}
