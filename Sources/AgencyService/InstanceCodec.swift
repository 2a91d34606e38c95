import AgencyCalendar
import AgencyJSON
import WorkflowEngine
import WorkflowStore

/// Instance ⇄ snapshot JSON, and the index entries an instance is found by.
enum InstanceCodec {
    static func snapshot(_ instance: Instance) throws -> JSONValue {
        try JSONValue(encoding: instance)
    }

    static func instance(_ snapshot: JSONValue, id: String) throws -> Instance {
        try instance(JSONDocument(snapshot), id: id)
    }

    /// The instance a stored snapshot holds, decoded straight from the parsed document
    /// (no dictionary-backed `JSONValue` for the whole snapshot): the same value and the
    /// same errors as decoding `JSONValue` (`JSONDocumentTests`, `SnapshotDecodingTests`).
    static func instance(_ snapshot: JSONDocument, id: String) throws -> Instance {
        guard snapshot.isObject else {
            throw ServiceError.integrity("the snapshot of \(id) is not an object")
        }
        do {
            // The keys the store adds are not part of the engine's instance.
            return try snapshot.decode(Instance.self, excludingKeys: SnapshotKeys.storeOwned)
        } catch {
            // Valid JSON of another shape is not crash damage (a snapshot is replaced whole),
            // so `agency repair` keeps it as evidence: say what does help.
            throw ServiceError.integrity("the snapshot of \(id) does not have the instance shape: "
                                         + shapeProblem(error) + " (`agency verify \(id)` shows how it differs from "
                                         + "its journal; restore it from a backup)")
        }
    }

    /// Where and what, from a decoding error: `items[2].status: expected a string but found
    /// integer`, `workflow is missing`.
    static func shapeProblem(_ error: Error) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { key in key.intValue.map { "[\($0)]" } ?? "." + key.stringValue }.joined()
                .trimmingPrefix(".").description
        }
        switch error as? DecodingError {
        case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?, .dataCorrupted(let context)?:
            let at = path(context.codingPath)
            return (at.isEmpty ? "" : at + ": ") + context.debugDescription
        case .keyNotFound(let key, let context)?:
            return path(context.codingPath + [key]) + " is missing"
        default:
            return "\(error)"
        }
    }

    /// The years from the day an item's plan counts from to the day of its last moment
    /// (due time or pending timer).
    static func plannedYears(_ item: WorkItem, instance: Instance, timestamps: Timestamps) -> [Int] {
        guard let plan = item.plan, let from = timestamps.parse(plan.from) else { return [] }
        let moments = ([item.due] + instance.timers.filter { $0.item == item.id }.map(\.at))
            .compactMap { $0.flatMap(timestamps.parse) }
        let last = moments.max() ?? from
        let zone = timestamps.timeZone
        let first = CivilDate(from, in: zone).year, end = CivilDate(max(last, from), in: zone).year
        return Array(first...end)
    }

    /// status, workflow, inbox (per open item's assignee), planned years, 抄送, the
    /// earliest timer, and the read kinds of `IndexGeneration`.
    static func indexEntries(_ instance: Instance, timestamps: Timestamps) -> IndexEntries {
        var entries: IndexEntries = [
            IndexEntry("status", instance.status.rawValue),
            IndexEntry("workflow", instance.workflow),
        ]
        for item in instance.openItems {
            entries.insert(IndexEntry("inbox", item.assignee))
            // Open deadlines counted in working days, by every year they span, so a change
            // of the calendar in a year finds them without reading every instance.
            for year in plannedYears(item, instance: instance, timestamps: timestamps) {
                entries.insert(IndexEntry("planned", String(year)))
            }
        }
        // 抄送: who was copied, for `agency inbox --cc`.
        for copy in instance.cc ?? [] { entries.insert(IndexEntry("cc", copy.to)) }
        entries.formUnion(IndexGeneration.readEntries(instance))
        if instance.status == .running,
           let earliest = instance.timers.compactMap({ timestamps.parse($0.at) }).min() {
            entries.insert(.due(earliest))
        }
        return entries
    }
}
