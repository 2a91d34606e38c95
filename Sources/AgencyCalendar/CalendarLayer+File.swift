import AgencyJSON
import Foundation

/// Reading a local calendar file.
///
/// Format 1, a JSON object; only `format` is required:
///
/// ```json
/// {
///   "format": 1,
///   "name": "屯留经开区 2027",
///   "years": [2027],
///   "holidays": ["2027-01-01"],
///   "workdays": [],
///   "names": {"2027-01-01": "元旦"}
/// }
/// ```
///
/// | key        | type                            | meaning                                 |
/// |------------|---------------------------------|-----------------------------------------|
/// | `format`   | the number 1                    | version of this format (required)       |
/// | `name`     | string                          | shown in listings; default: file name   |
/// | `years`    | array of years                  | years this file covers completely       |
/// | `holidays` | array of `"YYYY-MM-DD"`         | days off                                |
/// | `workdays` | array of `"YYYY-MM-DD"`         | days worked that would otherwise be off |
/// | `names`    | object `"YYYY-MM-DD"` → string  | names of listed days                    |
///
/// The reader is strict, because a typo that passed silently would shift statutory
/// deadlines: invalid JSON (the project's strict parser: a repeated key, a byte-order mark,
/// trailing content), an unknown key, a `null`, a value of the wrong type, a date that is not an
/// existing day in `YYYY-MM-DD` form, or any broken layer rule (see `CalendarLayer`) is a
/// `CalendarError.badFile` naming the file, the field and the offending value.
extension CalendarLayer {
    /// The `format` value this version reads.
    public static let fileFormat = 1

    /// Reads and checks the calendar file at `url`; errors name `url.path`.
    public static func load(contentsOf url: URL) throws -> CalendarLayer {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw CalendarError.badFile(
                path: url.path, problem: "the file cannot be read (\(error.localizedDescription))",
                fix: "Check the path and the file's permissions.")
        }
        return try CalendarLayer(
            json: data, source: url.path,
            defaultName: url.deletingPathExtension().lastPathComponent)
    }

    /// Parses and checks a calendar file's contents with the strict JSON parser. `source`
    /// names the file in errors; `defaultName` is used when the file has no `name`
    /// (default: `source`).
    public init(json data: Data, source: String, defaultName: String? = nil) throws {
        let value: JSONValue
        do {
            value = try JSONValue.parse([UInt8](data))
        } catch {
            throw CalendarError.badFile(
                path: source, problem: "the content is not valid JSON (\(error))",
                fix: "Check brackets, commas, quotes and repeated keys; the file must be one JSON object "
                    + "such as {\"format\": 1, \"years\": [2027], \"holidays\": [\"2027-01-01\"]}.")
        }
        let file = try CalendarFileContents(value, source: source)
        self = try file.layer(source: source, defaultName: defaultName ?? source)
        try validate()
    }
}
