import AgencyJSON

/// The notification box: `notifications/pending/<key>.json` until a person or a push
/// command acknowledges it, then `notifications/delivered/<key>.json`.
///
/// The box is derived data, like the index. A notification is written by the commit of
/// the event that caused it, after the journal append, under the key
/// `<instance>-<seq>-<n>`, and never twice: a key already pending or delivered is kept.
/// It is not fsynced unless `Options.syncNotifications` is set, because the journal
/// already holds the event durably and replaying it yields the same notifications with
/// the same keys: a process crash cannot lose one (it is in the page cache, and a commit
/// interrupted before writing it is rolled forward by the next command), and one lost to
/// an OS crash or power loss is restored by `agency reindex`.
extension StoreLayout {
    public var notificationsDirectory: String { root + "/notifications" }
    public var pendingNotificationsDirectory: String { notificationsDirectory + "/pending" }
    public var deliveredNotificationsDirectory: String { notificationsDirectory + "/delivered" }
    public func pendingNotificationFile(_ key: String) -> String {
        pendingNotificationsDirectory + "/" + key + ".json"
    }
    public func deliveredNotificationFile(_ key: String) -> String {
        deliveredNotificationsDirectory + "/" + key + ".json"
    }
}

extension FileStore {
    /// Puts a notification in the box under `key` unless it is pending or delivered
    /// already. `body` must be an object; the store sets its `key`. A pending file that
    /// is not valid JSON (torn by a power loss) is written again. Returns the path
    /// written, or nil when the key was already there.
    @discardableResult
    public func putNotification(key: String, body: JSONValue) throws(StoreError) -> String? {
        try NameRules.checkIndexKey(key)
        guard case .object(var fields) = body else {
            throw .encoding(what: "notification \(key)", problem: "expected a JSON object, found \(body.typeName)")
        }
        let pending = layout.pendingNotificationFile(key)
        if try fileSystem.status(layout.deliveredNotificationFile(key)) != nil { return nil }
        if let existing = try fileSystem.readFileIfPresent(pending), (try? JSONValue.parse(existing)) != nil {
            return nil
        }
        fields["key"] = .string(key)
        let bytes = try Self.encodePretty(.object(fields), what: "notification \(key)")
        do {
            try writeNotification(pending, bytes)
        } catch let error {
            guard error.isNotFound else { throw error }
            // The first notification of a store made by an older build.
            try fileSystem.ensureDirectory(layout.notificationsDirectory)
            try fileSystem.ensureDirectory(layout.pendingNotificationsDirectory)
            try writeNotification(pending, bytes)
        }
        if let person = NotificationRecipients.recipient(body) { markRecipient(person, key: key) }
        return pending
    }

    private func writeNotification(_ path: String, _ bytes: [UInt8]) throws(StoreError) {
        // Through a temporary file and a rename even without fsync, so that a reader never
        // sees half a notification.
        var renamed = false
        try writer.replace(path, with: bytes, renamed: &renamed, sync: options.syncNotifications)
    }

    /// Pending (or, with `delivered`, acknowledged) notifications in key order. A file
    /// that is not valid JSON is reported in `unreadable` (by path) instead of failing
    /// the listing; `agency reindex` writes it again from the journal.
    public func notifications(delivered: Bool = false) throws(StoreError)
        -> (notifications: [JSONValue], unreadable: [String]) {
        let folder = delivered ? layout.deliveredNotificationsDirectory : layout.pendingNotificationsDirectory
        var found: [JSONValue] = []
        var unreadable: [String] = []
        // In key order (the names without ".json"): "P-1-1" before "P-1-1-1".
        let names = try listIfPresent(folder).filter { !$0.hasPrefix(".") && $0.hasSuffix(".json") }
        for name in names.sorted(by: { byteOrder(String($0.dropLast(5)), String($1.dropLast(5))) }) {
            let path = folder + "/" + name
            guard let bytes = try fileSystem.readFileIfPresent(path) else { continue }
            guard let value = try? JSONValue.parse(bytes), value.objectValue != nil else {
                unreadable.append(path)
                continue
            }
            found.append(value)
        }
        return (found, unreadable)
    }

    /// Moves a pending notification to delivered/, durably: an acknowledgement is a
    /// person's act and must not come undone. Throws `notFound`-style `io` (ENOENT) when
    /// no such notification is pending.
    public func acknowledgeNotification(_ key: String) throws(StoreError) {
        try NameRules.checkIndexKey(key)
        let person = (try? fileSystem.readFileIfPresent(layout.pendingNotificationFile(key)))
            .flatMap { $0 }.flatMap { try? JSONValue.parse($0) }.flatMap(NotificationRecipients.recipient)
        try fileSystem.ensureDirectory(layout.deliveredNotificationsDirectory)
        try fileSystem.rename(layout.pendingNotificationFile(key), to: layout.deliveredNotificationFile(key))
        try fileSystem.syncDirectory(layout.deliveredNotificationsDirectory)
        try fileSystem.syncDirectory(layout.pendingNotificationsDirectory)
        if let person { unmarkRecipient(person, key: key) }
    }

    /// Whether a notification with `key` is pending.
    public func isNotificationPending(_ key: String) throws(StoreError) -> Bool {
        try NameRules.checkIndexKey(key)
        return try fileSystem.status(layout.pendingNotificationFile(key)) != nil
    }
}
