import AgencyFormats
import WorkflowEngine
import WorkflowStore

/// The index entries that let reads cost what they return, and the generation that
/// introduced them (see `IndexFormat` in WorkflowStore).
///
/// | kind | key | found by it |
/// |---|---|---|
/// | `state` | `<workflow>:<state>` | `agency list --workflow W --state S` |
/// | `closed` | month of the last change, `2025-03` (not running instances only) | reports: what ended in a period |
/// | `project` | the project's id | a project's permits, cases and other children |
/// | `acted` | a person who acted on an item | the web's 已办 list |
///
/// Generation 1 is everything before these kinds (status, workflow, inbox, planned, cc,
/// due). A store whose index was written with an earlier generation is read the old way,
/// every snapshot, until `agency reindex` brings it up to date.
public enum IndexGeneration {
    /// The generation this release writes.
    public static let current = 2

    /// The generation of a store that never recorded one, recorded once when a service
    /// first opens it: an empty store is current (every entry will be written by this
    /// release), one with instances was indexed by an earlier release (generation 1). The
    /// instances are listed only that once. A store that cannot be written is left as it is.
    static func recordIfUnknown(_ store: any InstanceStore) {
        do {
            guard try store.indexFormat() == nil else { return }
            try store.setIndexFormat(try store.instanceIDs().isEmpty ? current : 1)
        } catch {
            // Read-only or damaged: reads keep to the generation-1 kinds.
        }
    }

    static func readEntries(_ instance: Instance) -> IndexEntries {
        var entries: IndexEntries = [IndexEntry("state", stateKey(workflow: instance.workflow, state: instance.state))]
        if instance.status != .running, let month = month(of: instance.updatedAt) {
            entries.insert(IndexEntry("closed", month))
        }
        for project in projects(of: instance) { entries.insert(IndexEntry("project", project)) }
        for item in instance.items where item.status == .done {
            if let person = item.actedBy, valid(person) { entries.insert(IndexEntry("acted", person)) }
        }
        return entries
    }

    /// The `state` key of a workflow's state. A state name that cannot be a key (a `/`,
    /// over 200 bytes) is keyed by its SHA-256 instead, so every instance has its entry.
    public static func stateKey(workflow: String, state: String) -> String {
        let key = workflow + ":" + state
        return valid(key) ? key : workflow + ":~" + String(Digest.sha256Hex(Array(state.utf8)).prefix(32))
    }

    /// `2025-03` from an engine timestamp (`2025-03-04T09:00:00+08:00`, local time), nil
    /// for anything else.
    public static func month(of timestamp: String) -> String? {
        let bytes = Array(timestamp.utf8.prefix(7))
        guard bytes.count == 7, bytes[4] == UInt8(ascii: "-"),
              bytes.enumerated().allSatisfy({ $0.offset == 4 || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0.element) })
        else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The projects an instance belongs to: its root (`P19` for `P19.c31.c6`), and the
    /// project its `project` field names (a 督办 or 难点 case the dispatch opened).
    static func projects(of instance: Instance) -> [String] {
        var projects: [String] = []
        if let dot = instance.id.firstIndex(of: ".") { projects.append(String(instance.id[..<dot])) }
        if let named = instance.data["project"]?.stringValue, named != instance.id, !named.contains("."),
           (try? NameRules.checkInstanceID(named)) != nil, !projects.contains(named) {
            projects.append(named)
        }
        return projects
    }

    static func valid(_ key: String) -> Bool { (try? NameRules.checkIndexKey(key)) != nil }
}
