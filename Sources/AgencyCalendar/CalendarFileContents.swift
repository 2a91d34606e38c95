import AgencyJSON

/// The raw contents of a calendar file before dates are checked, read from the project's
/// strict JSON parser (duplicate keys, a byte-order mark or trailing content are errors,
/// as for journals: a second "holidays" silently winning would move deadlines). Keeps the
/// strings so that a bad date can be reported with its field and exact text.
struct CalendarFileContents {
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

    /// Reads the fields of a parsed file; a value of the wrong type (or null) is a
    /// `badFile` naming the field and the type it must have.
    init(_ json: JSONValue, source: String) throws {
        guard let members = json.objectValue else {
            throw CalendarError.badFile(
                path: source, problem: "the top level is not a JSON object",
                fix: "The file must be one JSON object such as "
                    + "{\"format\": 1, \"years\": [2027], \"holidays\": [\"2027-01-01\"]}.")
        }
        unknownKeys = members.keys.filter { Self.expectedType[$0] == nil }.sorted()
        func wrongType(_ field: String) -> CalendarError {
            .badFile(path: source, problem: "field \"\(field)\" must be \(Self.expectedType[field] ?? "another type")",
                     fix: "Correct the value of \"\(field)\" (null is not accepted; leave the field out instead).")
        }
        func strings(_ field: String) throws -> [String]? {
            guard let value = members[field] else { return nil }
            guard let items = value.arrayValue else { throw wrongType(field) }
            return try items.map { item in
                guard let text = item.stringValue else { throw wrongType(field) }
                return text
            }
        }
        if let value = members["format"] {
            guard let number = value.intValue else { throw wrongType("format") }
            format = Int(number)
        }
        if let value = members["name"] {
            guard let text = value.stringValue else { throw wrongType("name") }
            name = text
        }
        if let value = members["years"] {
            guard let items = value.arrayValue else { throw wrongType("years") }
            years = try items.map { item in
                guard let year = item.intValue, let small = Int(exactly: year) else { throw wrongType("years") }
                return small
            }
        }
        holidays = try strings("holidays") ?? []
        workdays = try strings("workdays") ?? []
        if let value = members["names"] {
            guard let object = value.objectValue else { throw wrongType("names") }
            names = try object.mapValues { item in
                guard let text = item.stringValue else { throw wrongType("names") }
                return text
            }
        }
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
