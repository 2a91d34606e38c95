/// The raw contents of a calendar file before dates are checked. Decoding keeps the
/// strings so that a bad date can be reported with its field and exact text.
struct CalendarFileContents: Decodable {
    static let expectedType: [String: String] = [
        "format": "the number 1",
        "name": "a string",
        "years": "an array of years such as [2027]",
        "holidays": "an array of \"YYYY-MM-DD\" strings",
        "workdays": "an array of \"YYYY-MM-DD\" strings",
        "names": "an object such as {\"2027-01-01\": \"元旦\"}",
    ]

    var unknownKeys: [String] = []
    var format: Int?
    var name: String?
    var years: [Int] = []
    var holidays: [String] = []
    var workdays: [String] = []
    var names: [String: String] = [:]

    /// A key type that accepts every key, so that unknown ones can be reported.
    private struct AnyKey: CodingKey {
        let stringValue: String
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { return nil }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        unknownKeys = container.allKeys.map(\.stringValue)
            .filter { Self.expectedType[$0] == nil }.sorted()
        // `decode` (not `decodeIfPresent`) for present keys so that null is refused too.
        func field<T: Decodable>(_ key: String, _ type: T.Type) throws -> T? {
            let codingKey = AnyKey(key)
            return container.contains(codingKey) ? try container.decode(type, forKey: codingKey) : nil
        }
        format = try field("format", Int.self)
        name = try field("name", String.self)
        years = try field("years", [Int].self) ?? []
        holidays = try field("holidays", [String].self) ?? []
        workdays = try field("workdays", [String].self) ?? []
        names = try field("names", [String: String].self) ?? [:]
    }

    /// Checks keys, format and dates, and builds the layer (layer rules are checked after).
    func layer(source: String, defaultName: String) throws -> CalendarLayer {
        if let key = unknownKeys.first {
            let known = Self.expectedType.keys.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
            throw CalendarError.badFile(
                path: source, problem: "unknown key \"\(key)\"",
                fix: "The keys of format 1 are \(known); check the spelling.")
        }
        guard let format else {
            throw CalendarError.badFile(
                path: source, problem: "there is no \"format\" field",
                fix: "Add \"format\": \(CalendarLayer.fileFormat).")
        }
        guard format == CalendarLayer.fileFormat else {
            throw CalendarError.badFile(
                path: source, problem: "\"format\" is \(format), but only format "
                    + "\(CalendarLayer.fileFormat) is understood",
                fix: "Write the file in format \(CalendarLayer.fileFormat) (see Docs/calendar.md), "
                    + "or use a newer agency.")
        }
        func dates(_ field: String, _ texts: [String]) throws -> Set<CivilDate> {
            Set(try texts.map { try date($0, field: field, source: source) })
        }
        var namedDays: [CivilDate: String] = [:]
        // Sorted so that, of several bad dates, the same one is always reported.
        for text in names.keys.sorted() {
            namedDays[try date(text, field: "names", source: source)] = names[text]
        }
        return CalendarLayer(
            name: name ?? defaultName, source: source, years: Set(years),
            holidays: try dates("holidays", holidays), workdays: try dates("workdays", workdays),
            names: namedDays)
    }

    private func date(_ text: String, field: String, source: String) throws -> CivilDate {
        guard let date = CivilDate(text) else {
            throw CalendarError.badFile(
                path: source,
                problem: "field \"\(field)\" has \"\(text)\", which is not an existing day "
                    + "in YYYY-MM-DD form",
                fix: "Write each date as YYYY-MM-DD, e.g. \"2027-01-01\".")
        }
        return date
    }
}
