import AgencyCalendar
import AgencyFormats
import AgencyJSON
import Foundation
import WorkflowEngine

/// A person's notifications gathered into one daily message, grouped by project, for
/// people who chose a digest time in the people directory (`"digest": "17:30"`).
///
/// Which notifications a digest carries needs no record of earlier digests: the digest
/// sent at today's slot carries every pending notification issued before that slot. One
/// issued after it waits for tomorrow's slot; one a failed delivery left pending goes
/// with the next run after the slot.
public struct NotificationDigest {
    public let person: String
    /// The slot this digest is for.
    public let slot: Date
    /// The notifications it carries, oldest first.
    public let notes: [JSONValue]

    /// The latest digest slot at or before `now` for a person sending at `time`.
    public static func lastSlot(at time: (hour: Int, minute: Int), now: Date, timeZone: TimeZone) -> Date? {
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = timeZone
        var parts = gregorian.dateComponents([.year, .month, .day], from: now)
        parts.hour = time.hour
        parts.minute = time.minute
        guard let today = gregorian.date(from: parts) else { return nil }
        return today <= now ? today : gregorian.date(byAdding: .day, value: -1, to: today)
    }

    /// The digest due for `person` at `now` from their pending notifications, or nil
    /// when they take notifications one by one or nothing issued before the slot waits.
    public static func due(for person: PeopleDirectory.Person, pending: [JSONValue], now: Date,
                           timestamps: Timestamps) -> NotificationDigest? {
        guard let time = person.digestTime,
              let slot = lastSlot(at: time, now: now, timeZone: timestamps.timeZone) else { return nil }
        let notes = pending.filter { note in
            guard let at = note["at"]?.stringValue.flatMap(timestamps.parse) else { return true }
            return at < slot
        }
        return notes.isEmpty ? nil : NotificationDigest(person: person.id, slot: slot, notes: notes)
    }

    /// The key the delivery command sees: `digest-<person>-<yyyymmddHHMM>-<8 hex>`, the
    /// hex from the keys it carries, so a later digest for the same slot (a notification
    /// committed late) never reuses a key a script may have remembered as sent.
    public func key(timestamps: Timestamps) -> String {
        let stamp = timestamps.format(slot).filter(\.isNumber).prefix(12)
        let carried = notes.compactMap { $0["key"]?.stringValue }.joined(separator: ",")
        return "digest-\(person)-\(stamp)-" + Digest.sha256Hex(Array(carried.utf8)).prefix(8)
    }

    /// The digest as the delivery command reads it: like a notification (`to`, `kind`
    /// "digest", `title`, `message`, `at`), with the notifications it carries under
    /// `notifications` and their keys under `keys`.
    public func json(text: NotificationText, timestamps: Timestamps) -> JSONValue {
        let english = text.language == .english
        let name = text.naming.service.engine.people.person(person)?.name ?? person
        let when = PlainTime(timestamps: timestamps, now: text.now, language: text.language).text(slot)
        let title = english ? "Daily digest for \(name), \(when): \(notes.count) notification(s)"
            : "【每日汇总】\(name) \(when)：共 \(notes.count) 条提醒"
        var lines = [title]
        for (project, group) in groups(text.naming) {
            lines.append(project)
            for note in group { lines.append("  · " + text.message(note)) }
        }
        return .object([
            "key": .string(key(timestamps: timestamps)), "to": .string(person), "kind": "digest",
            "title": .string(title), "message": .string(lines.joined(separator: "\n")),
            "body": .string(lines.dropFirst().joined(separator: "\n")),
            "at": .string(timestamps.format(slot)), "instance": "", "item": "", "level": "",
            "keys": .array(notes.compactMap { $0["key"] }), "notifications": .array(notes),
        ])
    }

    /// The notifications by project (root instance), projects in the order their first
    /// notification came, each headed by the project's name and id.
    func groups(_ naming: InstanceNaming) -> [(String, [JSONValue])] {
        var order: [String] = []
        var byRoot: [String: [JSONValue]] = [:]
        for note in notes {
            let root = InstanceNaming.rootID(note["instance"]?.stringValue ?? "")
            if byRoot[root] == nil { order.append(root) }
            byRoot[root, default: []].append(note)
        }
        return order.map { root in
            let heading = naming.projectName(root).map { "\(root) \($0)" } ?? (root.isEmpty ? "—" : root)
            return (heading, byRoot[root] ?? [])
        }
    }
}
