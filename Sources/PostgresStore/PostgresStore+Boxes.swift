import AgencyJSON
import Foundation
import PostgresNIO
import WorkflowStore

// Notifications, definitions, environment versions, store state and schedules: keyed rows
// with the same rules as the file store's folders.
extension PostgresStore {
    // MARK: Notifications

    @discardableResult
    public func putNotification(key: String, body: JSONValue) throws(StoreError) -> String? {
        try NameRules.checkIndexKey(key)
        guard case .object(var fields) = body else {
            throw .encoding(what: "notification \(key)", problem: "expected a JSON object, found \(body.typeName)")
        }
        fields["key"] = .string(key)
        let text = String(decoding: try ImplementationKit.canonical(.object(fields), what: "notification \(key)"),
                          as: UTF8.self)
        let recipient = fields["to"]?.stringValue
        let inserted = try sql("INSERT INTO \(unescaped: table("notifications")) (key, body_text, recipient) VALUES (\(key), \(text), \(recipient)) ON CONFLICT DO NOTHING RETURNING 1",
                               "put notification \(key)")
        return inserted.isEmpty ? nil : "\(location) notification \(key)"
    }

    public func notifications(delivered: Bool = false) throws(StoreError)
        -> (notifications: [JSONValue], unreadable: [String]) {
        try box(sql("SELECT key, body_text FROM \(unescaped: table("notifications")) WHERE delivered = \(delivered)",
                    "read the notifications"))
    }

    /// Through the partial index on pending notifications by recipient.
    public func notifications(to person: String) throws(StoreError) -> (notifications: [JSONValue], unreadable: [String]) {
        try box(sql("SELECT key, body_text FROM \(unescaped: table("notifications")) WHERE NOT delivered AND recipient = \(person)",
                    "read the notifications of \(person)"))
    }

    /// Rows of (key, body_text) as the box's answer: bodies in key order, and the keys whose
    /// text does not parse.
    private func box(_ rows: [PostgresRow]) throws(StoreError) -> (notifications: [JSONValue], unreadable: [String]) {
        var notes: [(key: String, body: JSONValue)] = []
        var unreadable: [String] = []
        for row in rows {
            let (key, text) = try Rows.decode(row, (String.self, String.self), url: url)
            if let body = try? Rows.json(text, what: "notification \(key)") {
                notes.append((key, body))
            } else {
                unreadable.append(key)
            }
        }
        return (notes.sorted { ImplementationKit.byteOrder($0.key, $1.key) }.map(\.body),
                unreadable.sorted(by: ImplementationKit.byteOrder))
    }

    public func acknowledgeNotification(_ key: String) throws(StoreError) {
        try NameRules.checkIndexKey(key)
        let updated = try sql("UPDATE \(unescaped: table("notifications")) SET delivered = true, delivered_at = now() WHERE key = \(key) AND NOT delivered RETURNING 1",
                              "acknowledge notification \(key)")
        if updated.isEmpty {
            throw .io(operation: "acknowledge", path: "\(location) pending notification \(key)", errno: ENOENT)
        }
    }

    public func isNotificationPending(_ key: String) throws(StoreError) -> Bool {
        try NameRules.checkIndexKey(key)
        return !(try sql("SELECT 1 FROM \(unescaped: table("notifications")) WHERE key = \(key) AND NOT delivered",
                         "look up notification \(key)")).isEmpty
    }

    // MARK: Definitions

    @discardableResult
    public func saveDefinition(_ name: String, source: [UInt8]) throws(StoreError) -> String {
        try NameRules.checkDefinitionName(name)
        let sha = JournalHash.sha256(source)
        try sql("INSERT INTO \(unescaped: table("definitions")) (name, sha, source) VALUES (\(name), \(sha), \(ByteBuffer(bytes: source))) ON CONFLICT DO NOTHING",
                "save workflow \(name)")
        return sha
    }

    public func loadDefinition(_ name: String, sha: String) throws(StoreError) -> String {
        try NameRules.checkDefinitionName(name)
        try NameRules.checkSHA(sha)
        let rows = try sql("SELECT source FROM \(unescaped: table("definitions")) WHERE name = \(name) AND sha = \(sha)", "load workflow \(name)")
        guard let row = rows.first else { throw .definitionNotFound(name: name, sha: sha) }
        let source = Rows.bytes(try Rows.decode(row, ByteBuffer.self, url: url))
        let actual = JournalHash.sha256(source)
        if actual != sha {
            throw .definitionTampered(name: name, sha: sha, actual: actual,
                                      path: "\(location) table definitions, row (\(name), \(sha))")
        }
        return String(decoding: source, as: UTF8.self)
    }

    public func versions(_ name: String) throws(StoreError) -> [DefinitionVersion] {
        try NameRules.checkDefinitionName(name)
        let rows = try sql("SELECT sha, saved_at FROM \(unescaped: table("definitions")) WHERE name = \(name) ORDER BY saved_at, sha", "list the versions of \(name)")
        return try rows.map { row throws(StoreError) in
            let (sha, savedAt) = try Rows.decode(row, (String.self, Date.self), url: url)
            return ImplementationKit.definitionVersion(sha: sha, savedAt: savedAt)
        }
    }

    public func definitionNames() throws(StoreError) -> [String] {
        let rows = try sql("SELECT DISTINCT name FROM \(unescaped: table("definitions"))", "list the workflows")
        let names = try rows.map { row throws(StoreError) in try Rows.decode(row, String.self, url: url) }
        return names.sorted(by: ImplementationKit.byteOrder)
    }

    // MARK: Environment versions

    @discardableResult
    public func saveEnvironmentVersion(_ kind: EnvironmentKind, _ bytes: [UInt8]) throws(StoreError) -> String {
        let sha = JournalHash.sha256(bytes)
        try sql("INSERT INTO \(unescaped: table("environment_versions")) (kind, sha, bytes) VALUES (\(kind.rawValue), \(sha), \(ByteBuffer(bytes: bytes))) ON CONFLICT DO NOTHING",
                "save a \(kind) version")
        return sha
    }

    public func loadEnvironmentVersion(_ kind: EnvironmentKind, sha: String) throws(StoreError) -> [UInt8] {
        try NameRules.checkSHA(sha)
        let rows = try sql("SELECT bytes FROM \(unescaped: table("environment_versions")) WHERE kind = \(kind.rawValue) AND sha = \(sha)", "load a \(kind) version")
        guard let row = rows.first else { throw .environmentVersionNotFound(kind: kind, sha: sha) }
        let bytes = Rows.bytes(try Rows.decode(row, ByteBuffer.self, url: url))
        let actual = JournalHash.sha256(bytes)
        if actual != sha {
            throw .environmentVersionTampered(kind: kind, sha: sha, actual: actual,
                                              path: "\(location) table environment_versions, row (\(kind.rawValue), \(sha))")
        }
        return bytes
    }

    public func sweptCalendarVersion() throws(StoreError) -> String? { try state("swept-calendar") }

    public func markCalendarSwept(_ sha: String) throws(StoreError) {
        try NameRules.checkSHA(sha)
        try setState("swept-calendar", sha)
    }

    public func clearCalendarSwept() throws(StoreError) { try setState("swept-calendar", nil) }

    // MARK: Index generation and cached documents

    public func indexFormat() throws(StoreError) -> Int? {
        try state("index-format").flatMap { Int($0) }.flatMap { $0 >= 1 ? $0 : nil }
    }

    public func setIndexFormat(_ format: Int?) throws(StoreError) { try setState("index-format", format.map { "\($0)" }) }

    public func cachedDocument(_ name: String) throws(StoreError) -> [UInt8]? {
        try NameRules.checkIndexKey(name)
        let rows = try sql("SELECT bytes FROM \(unescaped: table("cached_documents")) WHERE name = \(name)", "read cached \(name)")
        return try rows.first.map { row throws(StoreError) in Rows.bytes(try Rows.decode(row, ByteBuffer.self, url: url)) }
    }

    public func saveCachedDocument(_ name: String, _ bytes: [UInt8]) throws(StoreError) {
        try NameRules.checkIndexKey(name)
        try sql("INSERT INTO \(unescaped: table("cached_documents")) (name, bytes) VALUES (\(name), \(ByteBuffer(bytes: bytes))) ON CONFLICT (name) DO UPDATE SET bytes = excluded.bytes",
                "cache \(name)")
    }

    // MARK: The simulation clock

    public func simulationClock() throws(StoreError) -> String? { try state("simulation-clock") }

    /// Committed by the server like everything else: unlike a file store's, it survives an
    /// operating-system crash.
    public func setSimulationClock(_ time: String) throws(StoreError) {
        try ImplementationKit.checkClockTime(time)
        try setState("simulation-clock", time)
    }

    // MARK: Schedules

    public func schedules() throws(StoreError) -> [String: JSONValue] {
        let rows = try sql("SELECT workflow, state_text FROM \(unescaped: table("schedules"))", "read the schedules")
        var schedules: [String: JSONValue] = [:]
        for row in rows {
            let (workflow, text) = try Rows.decode(row, (String.self, String.self), url: url)
            schedules[workflow] = try Rows.json(text, what: "the schedule of \(workflow)")
        }
        return schedules
    }

    public func saveSchedule(_ workflow: String, _ state: JSONValue) throws(StoreError) {
        try NameRules.checkDefinitionName(workflow)
        guard state.objectValue != nil else {
            throw .encoding(what: "the schedule of \(workflow)", problem: "expected a JSON object, found \(state.typeName)")
        }
        let text = String(decoding: try ImplementationKit.canonical(state, what: "the schedule of \(workflow)"),
                          as: UTF8.self)
        try sql("INSERT INTO \(unescaped: table("schedules")) (workflow, state_text) VALUES (\(workflow), \(text)) ON CONFLICT (workflow) DO UPDATE SET state_text = excluded.state_text",
                "save the schedule of \(workflow)")
    }

    @discardableResult
    public func removeSchedule(_ workflow: String) throws(StoreError) -> Bool {
        try NameRules.checkDefinitionName(workflow)
        return !(try sql("DELETE FROM \(unescaped: table("schedules")) WHERE workflow = \(workflow) RETURNING 1",
                         "remove the schedule of \(workflow)")).isEmpty
    }

    // MARK: Store state

    private func state(_ name: String) throws(StoreError) -> String? {
        let rows = try sql("SELECT value FROM \(unescaped: table("store_state")) WHERE name = \(name)", "read \(name)")
        return try rows.first.map { row throws(StoreError) in try Rows.decode(row, String.self, url: url) }
    }

    private func setState(_ name: String, _ value: String?) throws(StoreError) {
        if let value {
            try sql("INSERT INTO \(unescaped: table("store_state")) (name, value) VALUES (\(name), \(value)) ON CONFLICT (name) DO UPDATE SET value = excluded.value", "record \(name)")
        } else {
            try sql("DELETE FROM \(unescaped: table("store_state")) WHERE name = \(name)", "clear \(name)")
        }
    }
}
