import AgencyJSON
import WorkflowEngine
import WorkflowStore

/// Instance ⇄ snapshot JSON, and the index entries an instance is found by.
enum InstanceCodec {
    static func snapshot(_ instance: Instance) throws -> JSONValue {
        try JSONValue(encoding: instance)
    }

    static func instance(_ snapshot: JSONValue, id: String) throws -> Instance {
        guard case .object(var fields) = snapshot else {
            throw ServiceError.integrity("the snapshot of \(id) is not an object")
        }
        // The keys the store adds are not part of the engine's instance.
        for key in SnapshotKeys.storeOwned { fields.removeValue(forKey: key) }
        do {
            return try JSONValue.object(fields).decode(Instance.self)
        } catch {
            throw ServiceError.integrity("the snapshot of \(id) does not have the instance shape: \(error) "
                                         + "(agency repair \(id) rebuilds it from the journal)")
        }
    }

    /// status, workflow, inbox (per open item's assignee) and the earliest timer.
    static func indexEntries(_ instance: Instance, timestamps: Timestamps) -> IndexEntries {
        var entries: IndexEntries = [
            IndexEntry("status", instance.status.rawValue),
            IndexEntry("workflow", instance.workflow),
        ]
        for item in instance.openItems {
            entries.insert(IndexEntry("inbox", item.assignee))
            // Deadlines counted through a provisional calendar year, by year, so the
            // arrival of that year's official data finds them without reading every instance.
            for year in item.plan?.provisional ?? [] { entries.insert(IndexEntry("provisional", String(year))) }
        }
        if instance.status == .running,
           let earliest = instance.timers.compactMap({ timestamps.parse($0.at) }).min() {
            entries.insert(.due(earliest))
        }
        return entries
    }
}
