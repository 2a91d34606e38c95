import AgencyCalendar
import AgencyJSON

/// A working-day calendar as a document: every layer (the built-in official one
/// included) and the policy, in canonical JSON, so its hash names exactly the answers it
/// gives. The store keeps each version a decision was made with
/// (`FileStore.saveCalendarVersion`), and journal records name it.
///
/// ```json
/// {"format": 1, "policy": "provisional",
///  "layers": [{"name": "中国法定节假日 2024-2026", "years": [2024, 2025, 2026],
///              "holidays": ["2024-01-01", …], "workdays": […], "names": {…}}, …]}
/// ```
public enum CalendarDocument {
    static func json(_ calendar: WorkCalendar) -> JSONValue {
        var fields: [String: JSONValue] = [
            "format": 1,
            "policy": .string(calendar.policy.rawValue),
            "layers": .array(calendar.layers.map(layerJSON)),
        ]
        // The rule provisional answers come from is part of what the calendar answers. A
        // replay runs today's rule: a build that changes it changes this name, so the
        // versions differ and tick re-plans what now counts differently.
        if calendar.policy == .provisional { fields["provisionalRule"] = .string(StatutoryHolidays.ruleVersion) }
        return .object(fields)
    }

    /// A layer in the calendar file format (Docs/calendar.md), as `agency calendar import`
    /// writes it into a store's calendar/ folder.
    public static func file(_ layer: CalendarLayer) -> JSONValue {
        guard case .object(var fields) = layerJSON(layer) else { return layerJSON(layer) }
        fields["format"] = .integer(Int64(CalendarLayer.fileFormat))
        return .object(fields)
    }

    static func layerJSON(_ layer: CalendarLayer) -> JSONValue {
        .object([
            "name": .string(layer.name),
            "years": .array(layer.years.sorted().map { .integer(Int64($0)) }),
            "holidays": .array(layer.holidays.sorted().map { .string($0.description) }),
            "workdays": .array(layer.workdays.sorted().map { .string($0.description) }),
            "names": .object(Dictionary(uniqueKeysWithValues:
                layer.names.map { ($0.key.description, JSONValue.string($0.value)) })),
        ])
    }

    /// The calendar a stored document describes; `sha` names it in errors.
    static func calendar(_ json: JSONValue, sha: String) throws -> WorkCalendar {
        let source = "calendar version \(sha.prefix(12))"
        func broken(_ problem: String) -> ServiceError {
            ServiceError.integrity("stored \(source) is unreadable: \(problem)")
        }
        guard json["format"]?.intValue == 1,
              let policy = json["policy"]?.stringValue.flatMap(WorkCalendar.Policy.init(rawValue:)),
              let layers = json["layers"]?.arrayValue else { throw broken("format, policy or layers missing") }
        func dates(_ value: JSONValue?) throws -> Set<CivilDate> {
            Set(try (value?.arrayValue ?? []).map { item in
                guard let date = item.stringValue.flatMap(CivilDate.init) else { throw broken("bad date \(item)") }
                return date
            })
        }
        let decoded = try layers.map { layer in
            var names: [CivilDate: String] = [:]
            for (key, value) in layer["names"]?.objectValue ?? [:] {
                guard let date = CivilDate(key), let name = value.stringValue else { throw broken("bad name \(key)") }
                names[date] = name
            }
            return CalendarLayer(
                name: layer["name"]?.stringValue ?? source, source: source,
                years: Set((layer["years"]?.arrayValue ?? []).compactMap { $0.intValue.map(Int.init) }),
                holidays: try dates(layer["holidays"]), workdays: try dates(layer["workdays"]), names: names)
        }
        return try WorkCalendar(allLayers: decoded, policy: policy)
    }
}
