import AgencyCalendar
import AgencyJSON
import ArgumentParser
import Foundation

/// `agency calendar`: working-day arithmetic for checking statutory deadlines by hand.
struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "Working days: add, count, and list holidays and make-up days (调休).",
        discussion: """
            The official calendar (2024-2026) is built in; a store's calendar/*.json files
            extend or override it (Docs/calendar.md).

            Examples:
              agency calendar add 2025-09-26 20      # 2025-10-30
              agency calendar count 2025-01-01 2025-01-31
              agency calendar show 2025
            """,
        subcommands: [Add.self, Count.self, Show.self]
    )

    /// Options every calendar subcommand shares.
    struct Shared: ParsableArguments {
        @OptionGroup var storeOptions: StoreOptions

        @Option(name: .customLong("calendar"), help: ArgumentHelp("An extra calendar file (repeatable).",
                                                                   valueName: "file"))
        var calendarFiles: [String] = []

        @Flag(help: "Print the result as JSON.")
        var json = false

        /// The official calendar, the store's calendar files, then the ones named.
        func calendar() throws -> WorkCalendar {
            let files = AgencySession.calendarFiles(storeOptions.storeURL) + calendarFiles.map { URL(fileURLWithPath: $0) }
            return try calendarCall { try WorkCalendar.load(files: files) }
        }
    }

    static func date(_ text: String, _ name: String) throws -> CivilDate {
        guard let date = CivilDate(text) else {
            throw CLIError.invalid("\(name) '\(text)' is not a date; write YYYY-MM-DD, e.g. 2025-09-26")
        }
        return date
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the date N working days after DATE (counting starts the day after).",
            discussion: "Example: agency calendar add 2025-09-26 20   →  2025-10-30")

        @Argument(help: "The start date, YYYY-MM-DD (not itself counted).") var date: String
        @Argument(help: "How many working days.") var days: Int
        @OptionGroup var shared: Shared

        func run() throws {
            let start = try CalendarCommand.date(date, "DATE")
            let result = try calendarCall { try shared.calendar().addWorkdays(days, to: start) }
            if shared.json {
                Console.out(try JSONValue.object([
                    "from": .string(start.description), "workdays": .integer(Int64(days)),
                    "date": .string(result.description), "weekday": .integer(Int64(result.weekday)),
                ]).prettyString())
            } else {
                Console.out(result.description)
            }
        }
    }

    struct Count: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the number of working days from FROM to TO, both included.",
            discussion: "Example: agency calendar count 2025-10-01 2025-10-31   →  18")

        @Argument(help: "First day, YYYY-MM-DD.") var from: String
        @Argument(help: "Last day, YYYY-MM-DD.") var to: String
        @OptionGroup var shared: Shared

        func run() throws {
            let first = try CalendarCommand.date(from, "FROM")
            let last = try CalendarCommand.date(to, "TO")
            let count = try calendarCall { try shared.calendar().countWorkdays(from: first, to: last) }
            if shared.json {
                Console.out(try JSONValue.object([
                    "from": .string(first.description), "to": .string(last.description),
                    "workdays": .integer(Int64(count)),
                ]).prettyString())
            } else {
                Console.out("\(count)")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List a year's holidays and make-up working days.",
            discussion: "Example: agency calendar show 2025")

        @Argument(help: "The year, e.g. 2025.") var year: Int
        @OptionGroup var shared: Shared

        func run() throws {
            let calendar = try shared.calendar()
            let (holidays, workdays) = try calendarCall {
                (try calendar.holidays(in: year), try calendar.makeupWorkdays(in: year))
            }
            if shared.json {
                func list(_ days: [NamedDate]) -> JSONValue {
                    .array(days.map { day in
                        var fields: [String: JSONValue] = ["date": .string(day.date.description),
                                                           "weekday": .integer(Int64(day.date.weekday))]
                        if let name = day.name { fields["name"] = .string(name) }
                        return .object(fields)
                    })
                }
                Console.out(try JSONValue.object([
                    "year": .integer(Int64(year)), "holidays": list(holidays),
                    "makeupWorkdays": list(workdays),
                ]).prettyString())
                return
            }
            let names = ["一", "二", "三", "四", "五", "六", "日"]
            Console.out("\(year) 年 放假 (\(holidays.count) 天)")
            for day in holidays {
                Console.out("  \(day.date)  周\(names[day.date.weekday - 1])  \(day.name ?? "")")
            }
            Console.out("\(year) 年 调休上班 (\(workdays.count) 天)")
            for day in workdays {
                Console.out("  \(day.date)  周\(names[day.date.weekday - 1])  \(day.name ?? "")")
            }
        }
    }
}

/// Turns calendar errors (a year not covered, say) into invalid-input errors.
func calendarCall<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as CLIError {
        throw error
    } catch {
        throw CLIError.invalid("\(error)")
    }
}
