import Foundation

/// What a decision depends on besides the instance, the command and the definition: the
/// working-day calendar and the people directory. Each version is a document stored by
/// its SHA-256, and journal records name the versions they were decided with, so replay
/// answers exactly as the decision did, whatever the files say today.
public enum EnvironmentKind: String, Sendable, CaseIterable, CustomStringConvertible {
    case calendar
    case people

    /// "calendar", "people directory", for messages.
    public var description: String {
        switch self {
        case .calendar: return "calendar"
        case .people: return "people directory"
        }
    }
}

extension StoreLayout {
    /// `environment/<kind>/`: the versions of one kind.
    public func environmentVersionsDirectory(_ kind: EnvironmentKind) -> String {
        environmentDirectory + "/" + kind.rawValue
    }

    /// `environment/<kind>/<sha>.json`.
    public func environmentVersionFile(_ kind: EnvironmentKind, sha: String) -> String {
        environmentVersionsDirectory(kind) + "/" + sha + ".json"
    }
}

extension FileStore {
    /// Stores one version of `kind` (its canonical JSON) as `environment/<kind>/<sha256>.json`
    /// and returns the sha. Idempotent and durable, like `saveDefinition`; versions are never
    /// removed, and a stored version that no longer hashes to its name is never rewritten
    /// (`environmentVersionTampered`, the file left as found).
    @discardableResult
    public func saveEnvironmentVersion(_ kind: EnvironmentKind, _ bytes: [UInt8]) throws(StoreError) -> String {
        let sha = JournalHash.sha256(bytes)
        let path = layout.environmentVersionFile(kind, sha: sha)
        if let existing = try fileSystem.readFileIfPresent(path) {
            let actual = JournalHash.sha256(existing)
            guard actual == sha else { throw .environmentVersionTampered(kind: kind, sha: sha, actual: actual, path: path) }
            return sha
        }
        var created = false
        for directory in [layout.environmentDirectory, layout.environmentVersionsDirectory(kind)] {
            created = try fileSystem.ensureDirectory(directory) || created
        }
        if created { try fileSystem.syncDirectory(layout.root) }
        try writer.replace(path, with: bytes)
        return sha
    }

    /// The bytes of version `sha` of `kind`, checked against the hash.
    public func loadEnvironmentVersion(_ kind: EnvironmentKind, sha: String) throws(StoreError) -> [UInt8] {
        try NameRules.checkSHA(sha)
        let path = layout.environmentVersionFile(kind, sha: sha)
        guard let bytes = try fileSystem.readFileIfPresent(path) else {
            throw .environmentVersionNotFound(kind: kind, sha: sha)
        }
        let actual = JournalHash.sha256(bytes)
        guard actual == sha else { throw .environmentVersionTampered(kind: kind, sha: sha, actual: actual, path: path) }
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
