import AgencyFormats
import AgencyJSON

/// Who each pending notification is for, so that one person's notifications are found
/// without reading the whole box: `notifications/to/<person>/<key>`, an empty marker per
/// pending notification, made when it is put and removed when it is acknowledged.
///
/// Derived data, like the index: never fsynced. A marker whose notification is no longer
/// pending (a crash between the acknowledgement and the marker's removal) is skipped by
/// the listing; a notification without a marker (put by a release before the markers, or
/// its marker lost to a power loss) is given one again by `rebuildIndex`. The coordinator
/// lists by person only once the store's index generation says every marker is there.
extension StoreLayout {
    public var notificationRecipientsDirectory: String { notificationsDirectory + "/to" }

    /// `notifications/to/<person>/`: a person whose id cannot be a file name is foldered by
    /// the digest of the id.
    public func notificationRecipientDirectory(_ person: String) -> String {
        notificationRecipientsDirectory + "/" + NotificationRecipients.folderName(person)
    }
}

enum NotificationRecipients {
    static func folderName(_ person: String) -> String {
        (try? NameRules.checkIndexKey(person)) != nil ? person : "~" + String(Digest.sha256Hex(Array(person.utf8)).prefix(32))
    }

    /// The person a notification body is for, nil when it names none.
    static func recipient(_ body: JSONValue) -> String? {
        guard let to = body["to"]?.stringValue, !to.isEmpty else { return nil }
        return to
    }
}

extension FileStore {
    /// Records that pending notification `key` is for `person`. Failures are not errors:
    /// the notification is in the box, and `rebuildIndex` restores a missing marker.
    func markRecipient(_ person: String, key: String) {
        let folder = layout.notificationRecipientDirectory(person)
        for _ in 0..<2 {
            if let file = try? fileSystem.open(folder + "/" + key, [.write, .create], mode: 0o644) {
                return fileSystem.closeQuietly(file)
            }
            _ = try? fileSystem.ensureDirectory(layout.notificationRecipientsDirectory)
            _ = try? fileSystem.ensureDirectory(folder)
        }
    }

    /// Forgets the marker of an acknowledged notification (quietly: a stale one is skipped).
    func unmarkRecipient(_ person: String, key: String) {
        fileSystem.unlinkQuietly(layout.notificationRecipientDirectory(person) + "/" + key)
    }

    /// The pending notifications for `person`, in key order, through the markers, and any
    /// that cannot be read.
    public func notifications(to person: String) throws(StoreError) -> (notifications: [JSONValue], unreadable: [String]) {
        var found: [JSONValue] = []
        var unreadable: [String] = []
        let keys = try listIfPresent(layout.notificationRecipientDirectory(person)).filter { !$0.hasPrefix(".") }
        for key in keys.sorted(by: byteOrder) where (try? NameRules.checkIndexKey(key)) != nil {
            let path = layout.pendingNotificationFile(key)
            guard let bytes = try fileSystem.readFileIfPresent(path) else { continue }
            guard let value = try? JSONValue.parse(bytes), value.objectValue != nil else {
                unreadable.append(path)
                continue
            }
            if NotificationRecipients.recipient(value) == person { found.append(value) }
        }
        return (found, unreadable)
    }

    /// Gives every pending notification its recipient marker (after a power loss, or for
    /// notifications put by a release before the markers); returns how many it made.
    @discardableResult
    func restoreRecipientMarkers() throws(StoreError) -> Int {
        var made = 0
        for note in try notifications(delivered: false).notifications {
            guard let person = NotificationRecipients.recipient(note), let key = note["key"]?.stringValue else { continue }
            let marker = layout.notificationRecipientDirectory(person) + "/" + key
            if try fileSystem.status(marker) == nil {
                markRecipient(person, key: key)
                made += 1
            }
        }
        return made
    }
}
