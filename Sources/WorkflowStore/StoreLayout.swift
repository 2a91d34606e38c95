/// Where everything lives inside a store directory.
///
/// ```
/// <store>/store.json
/// <store>/definitions/<name>/<sha256>.lua
/// <store>/instances/<id>.json          snapshot (pretty JSON, sorted keys)
/// <store>/journal/<id>.jsonl           one canonical JSON record per line
/// <store>/locks/<id>.lock              per-instance lock file
/// <store>/locks/.store.lock            store-wide lock file
/// <store>/index/<kind>/<key>/<id>      empty marker files
/// <store>/outbox/<key>.json            messages between instances
/// <store>/notifications/pending/<key>.json    notification box (see NotificationBox)
/// <store>/notifications/delivered/<key>.json  acknowledged notifications
/// <store>/quarantine/                  damaged files moved aside by repair
/// <store>/reports/                     generated reports (not used by the store)
/// <store>/tmp/.tmp-<name>-<pid>-<r>    temporary files of durable writes in progress
/// <store>/environment/calendar/<sha256>.json  calendar versions decisions were made with
/// <store>/environment/calendar-swept   the version every instance was last re-planned for
/// <store>/environment/clock            a simulation store's clock (the latest time used)
/// ```
///
/// The store-wide lock is a dot file because instance ids may not start with a dot, so
/// no instance (not even one called "store") can share its lock file.
/// Paths are built from validated names only (see `NameRules`).
public struct StoreLayout: Sendable, Hashable {
    /// The store directory as given (not resolved: the store itself may be a link).
    public let root: String

    public init(root: String) {
        var root = root
        while root.count > 1 && root.hasSuffix("/") { root.removeLast() }
        self.root = root
    }

    /// The folders `create` makes, in creation order.
    public static let folders = [
        "definitions", "instances", "journal", "locks", "index", "outbox", "notifications", "quarantine",
        "reports", "tmp",
    ]

    public var configFile: String { root + "/store.json" }
    public var definitionsDirectory: String { root + "/definitions" }
    public var instancesDirectory: String { root + "/instances" }
    public var journalDirectory: String { root + "/journal" }
    public var locksDirectory: String { root + "/locks" }
    public var indexDirectory: String { root + "/index" }
    public var outboxDirectory: String { root + "/outbox" }
    public var quarantineDirectory: String { root + "/quarantine" }
    public var reportsDirectory: String { root + "/reports" }
    public var temporaryDirectory: String { root + "/tmp" }
    /// Schedule states of recurring workflows (AgencyService keeps them).
    public var schedulesDirectory: String { root + "/schedules" }

    /// Versioned documents of the decision environment (the calendar), by content hash.
    public var environmentDirectory: String { root + "/environment" }
    public var calendarVersionsDirectory: String { environmentDirectory + "/calendar" }
    /// The calendar version every instance was last re-planned for.
    public var calendarSweptFile: String { environmentDirectory + "/calendar-swept" }
    /// A simulation store's clock: one ISO 8601 time and a newline.
    public var simulationClockFile: String { environmentDirectory + "/clock" }

    public func definitionDirectory(_ name: String) -> String { definitionsDirectory + "/" + name }
    public func definitionFile(_ name: String, sha: String) -> String {
        definitionDirectory(name) + "/" + sha + ".lua"
    }
    public func snapshotFile(_ id: String) -> String { instancesDirectory + "/" + id + ".json" }
    public func journalFile(_ id: String) -> String { journalDirectory + "/" + id + ".jsonl" }
    public func lockFile(_ id: String) -> String { locksDirectory + "/" + id + ".lock" }
    public var storeLockFile: String { locksDirectory + "/.store.lock" }
    public func indexKindDirectory(_ kind: String) -> String { indexDirectory + "/" + kind }
    public func indexKeyDirectory(_ kind: String, _ key: String) -> String {
        indexKindDirectory(kind) + "/" + key
    }
    public func indexMarker(_ entry: IndexEntry, id: String) -> String {
        indexKeyDirectory(entry.kind, entry.key) + "/" + id
    }
    public func outboxFile(_ key: String) -> String { outboxDirectory + "/" + key + ".json" }
}
