import AgencyJSON
import WorkflowEngine
import WorkflowStore

/// Instance ⇄ snapshot JSON, and the index entries an instance is found by.
enum InstanceCodec {
    /// Keys the store adds to a snapshot; they are not part of the engine's instance.
    static let storeKeys: Set<String> = ["head", "indexed"]

    static func snapshot(_ instance: Instance) throws -> JSONValue {
        try JSONValue(encoding: instance)
    }

    static func instance(_ snapshot: JSONValue, id: String) throws -> Instance {
        guard case .object(var fields) = snapshot else {
            throw ServiceError.integrity("the snapshot of \(id) is not an object")
        }
        for key in storeKeys { fields.removeValue(forKey: key) }
        do {
            return try JSONValue.object(fields).decode(Instance.self)
        } catch {
            throw ServiceError.integrity("the snapshot of \(id) does not have the instance shape: \(error) "
                                         + "(agency repair \(id) rebuilds it from the journal)")
        }
    }

    /// The snapshot without the store's keys, for comparing a replay with what is stored.
    static func comparable(_ snapshot: JSONValue) -> JSONValue {
        guard case .object(var fields) = snapshot else { return snapshot }
        for key in storeKeys { fields.removeValue(forKey: key) }
        return .object(fields)
    }

    /// status, workflow, inbox (per open item's assignee) and the earliest timer.
    static func indexEntries(_ instance: Instance, timestamps: Timestamps) -> IndexEntries {
        var entries: IndexEntries = [
            IndexEntry("status", instance.status.rawValue),
            IndexEntry("workflow", instance.workflow),
        ]
        for item in instance.openItems { entries.insert(IndexEntry("inbox", item.assignee)) }
        if instance.status == .running,
           let earliest = instance.timers.compactMap({ timestamps.parse($0.at) }).min() {
            entries.insert(.due(earliest))
        }
        return entries
    }
}
