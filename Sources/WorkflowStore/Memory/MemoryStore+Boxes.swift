import AgencyJSON
import Foundation

// Notifications, definitions, calendar versions and schedules: keyed data with the
// same rules as the file store's folders.
extension MemoryStore {
    // MARK: Notifications

    @discardableResult
    public func putNotification(key: String, body: JSONValue) throws(StoreError) -> String? {
        try NameRules.checkIndexKey(key)
        guard case .object(var fields) = body else {
            throw .encoding(what: "notification \(key)", problem: "expected a JSON object, found \(body.typeName)")
        }
        fields["key"] = .string(key)
        _ = try JournalHash.canonical(.object(fields), what: "notification \(key)")
        return try locked { () throws(StoreError) in
            if pendingNotes[key] != nil || deliveredNotes[key] != nil { return nil }
            pendingNotes[key] = .object(fields)
            return "\(location)/notifications/pending/\(key)"
        }
    }

    public func notifications(delivered: Bool = false) throws(StoreError)
        -> (notifications: [JSONValue], unreadable: [String]) {
        let box = try locked { () throws(StoreError) in delivered ? deliveredNotes : pendingNotes }
        return (box.keys.sorted(by: byteOrder).compactMap { box[$0] }, [])
    }

    public func notifications(to person: String) throws(StoreError) -> (notifications: [JSONValue], unreadable: [String]) {
        let box = try locked { () throws(StoreError) in pendingNotes }
        return (box.keys.sorted(by: byteOrder).compactMap { box[$0] }.filter { $0["to"]?.stringValue == person }, [])
    }

    public func acknowledgeNotification(_ key: String) throws(StoreError) {
        try NameRules.checkIndexKey(key)
        try locked { () throws(StoreError) in
            guard let note = pendingNotes.removeValue(forKey: key) else {
                throw .io(operation: "rename", path: "\(location)/notifications/pending/\(key)", errno: ENOENT)
            }
            deliveredNotes[key] = note
        }
    }

    public func isNotificationPending(_ key: String) throws(StoreError) -> Bool {
        try NameRules.checkIndexKey(key)
        return try locked { () throws(StoreError) in pendingNotes[key] != nil }
    }

    // MARK: Definitions

    @discardableResult
    public func saveDefinition(_ name: String, source: [UInt8]) throws(StoreError) -> String {
        try NameRules.checkDefinitionName(name)
        let sha = JournalHash.sha256(source)
        let now = clock()
        try locked { () throws(StoreError) in
            if definitions[name]?[sha] == nil { definitions[name, default: [:]][sha] = (source, now) }
        }
        return sha
    }

    public func loadDefinition(_ name: String, sha: String) throws(StoreError) -> String {
        try NameRules.checkDefinitionName(name)
        try NameRules.checkSHA(sha)
        guard let stored = try locked({ () throws(StoreError) in definitions[name]?[sha] }) else {
            throw .definitionNotFound(name: name, sha: sha)
        }
        return String(decoding: stored.source, as: UTF8.self)
    }

    public func versions(_ name: String) throws(StoreError) -> [DefinitionVersion] {
        try NameRules.checkDefinitionName(name)
        let stored = try locked { () throws(StoreError) in definitions[name] ?? [:] }
        return stored.map { DefinitionVersion(sha: $0.key, savedAt: $0.value.savedAt) }
            .sorted { ($0.savedAt, $0.sha) < ($1.savedAt, $1.sha) }
    }

    public func definitionNames() throws(StoreError) -> [String] {
        try locked { () throws(StoreError) in definitions.keys.sorted(by: byteOrder) }
    }

    // MARK: Environment versions

    @discardableResult
    public func saveEnvironmentVersion(_ kind: EnvironmentKind, _ bytes: [UInt8]) throws(StoreError) -> String {
        let sha = JournalHash.sha256(bytes)
        try locked { () throws(StoreError) in environments[kind, default: [:]][sha] = bytes }
        return sha
    }

    public func loadEnvironmentVersion(_ kind: EnvironmentKind, sha: String) throws(StoreError) -> [UInt8] {
        try NameRules.checkSHA(sha)
        guard let bytes = try locked({ () throws(StoreError) in environments[kind]?[sha] }) else {
            throw .environmentVersionNotFound(kind: kind, sha: sha)
        }
        return bytes
    }

    public func sweptCalendarVersion() throws(StoreError) -> String? {
        try locked { () throws(StoreError) in swept }
    }

    public func markCalendarSwept(_ sha: String) throws(StoreError) {
        try NameRules.checkSHA(sha)
        try locked { () throws(StoreError) in swept = sha }
    }

    public func clearCalendarSwept() throws(StoreError) {
        try locked { () throws(StoreError) in swept = nil }
    }

    // MARK: Cached documents

    public func cachedDocument(_ name: String) throws(StoreError) -> [UInt8]? {
        try NameRules.checkIndexKey(name)
        return try locked { () throws(StoreError) in cached[name] }
    }

    public func saveCachedDocument(_ name: String, _ bytes: [UInt8]) throws(StoreError) {
        try NameRules.checkIndexKey(name)
        try locked { () throws(StoreError) in cached[name] = bytes }
    }

    // MARK: Index generation

    public func indexFormat() throws(StoreError) -> Int? {
        try locked { () throws(StoreError) in recordedIndexFormat }
    }

    public func setIndexFormat(_ format: Int?) throws(StoreError) {
        try locked { () throws(StoreError) in recordedIndexFormat = format }
    }

    // MARK: Schedules

    public func schedules() throws(StoreError) -> [String: JSONValue] {
        try locked { () throws(StoreError) in savedSchedules }
    }

    public func saveSchedule(_ workflow: String, _ state: JSONValue) throws(StoreError) {
        try NameRules.checkDefinitionName(workflow)
        guard state.objectValue != nil else {
            throw .encoding(what: "the schedule of \(workflow)", problem: "expected a JSON object, found \(state.typeName)")
        }
        _ = try JournalHash.canonical(state, what: "the schedule of \(workflow)")
        try locked { () throws(StoreError) in savedSchedules[workflow] = state }
    }

    @discardableResult
    public func removeSchedule(_ workflow: String) throws(StoreError) -> Bool {
        try NameRules.checkDefinitionName(workflow)
        return try locked { () throws(StoreError) in savedSchedules.removeValue(forKey: workflow) != nil }
    }
}
