import AgencyCalendar
import AgencyJSON
import ArgumentParser
import Foundation
import WorkflowStore

/// `agency calendar`: working-day arithmetic for checking statutory deadlines by hand.
struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "Working days: add, count, and list holidays and make-up days (调休).",
        discussion: """
            The official calendar (2024-2026) is built in; a store's calendar/*.json files
            extend or override it (Docs/calendar.md). A later year that nothing declares is
            planned from the statutory holidays and marked （暂定）, unless the store is
            strict ("calendar": "strict" in store.json).

            Examples:
              agency calendar add 2025-09-26 20      # 2025-10-30
              agency calendar count 2025-01-01 2025-01-31
              agency calendar show 2027              # provisional until its notice is imported
              agency calendar import notice-2027.txt --dry-run
            """,
        subcommands: [Add.self, Count.self, Show.self, Import.self]
    )

    /// Options every calendar subcommand shares.
    struct Shared: ParsableArguments {
        @OptionGroup var storeOptions: StoreOptions

        @Option(name: .customLong("calendar"), help: ArgumentHelp("An extra calendar file (repeatable).",
                                                                   valueName: "file"))
        var calendarFiles: [String] = []

        @Flag(help: "Print the result as JSON.")
        var json = false

        /// The official calendar, the store's calendar files, then the ones named, under
        /// the store's policy (provisional when there is no store).
        func calendar() throws -> WorkCalendar {
            let root = storeOptions.storeURL
            let config = (try? FileStore.open(at: root.path))?.config ?? StoreConfig()
            return try AgencySession.calendar(of: config, at: root,
                                              extra: calendarFiles.map { URL(fileURLWithPath: $0) })
        }
    }

    /// `（暂定：2027 年放假安排尚未发布）` for an answer that walked through provisional
    /// years; empty otherwise.
    static func provisionalNote(_ years: [Int]) -> String {
        guard !years.isEmpty else { return "" }
        return "（暂定：\(years.map(String.init).joined(separator: "、")) 年放假安排尚未发布）"
    }

    static func provisionalJSON(_ years: [Int]) -> JSONValue {
        .array(years.map { .integer(Int64($0)) })
    }

    static func date(_ text: String, _ name: String) throws -> CivilDate {
        guard let date = CivilDate(text) else {
            throw CLIError.invalid("\(name) '\(text)' is not a date; write YYYY-MM-DD, e.g. 2025-09-26")
        }
        return date
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Print the date N working days after DATE (counting starts the day after).",
            discussion: "Example: agency calendar add 2025-09-26 20   →  2025-10-30")

        @Argument(help: "The start date, YYYY-MM-DD (not itself counted).") var date: String
        @Argument(help: "How many working days.") var days: Int
        @OptionGroup var shared: Shared

        func run() throws {
            let start = try CalendarCommand.date(date, "DATE")
            let calendar = try shared.calendar()
            let result = try calendarCall { try calendar.addWorkdays(days, to: start) }
            // The days walked: from the day after the start (before it, counting back).
            let firstWalked = start.adding(days: days.signum())
            let provisional = calendar.provisionalYears(from: min(firstWalked, result), through: max(firstWalked, result))
            if shared.json {
                Console.out(try JSONValue.object([
                    "from": .string(start.description), "workdays": .integer(Int64(days)),
                    "date": .string(result.description), "weekday": .integer(Int64(result.weekday)),
                    "provisional": CalendarCommand.provisionalJSON(provisional),
                ]).prettyString())
            } else {
                Console.out(result.description + CalendarCommand.provisionalNote(provisional))
            }
        }
    }

    struct Count: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "count",
            abstract: "Print the number of working days from FROM to TO, both included.",
            discussion: "Example: agency calendar count 2025-10-01 2025-10-31   →  18")

        @Argument(help: "First day, YYYY-MM-DD.") var from: String
        @Argument(help: "Last day, YYYY-MM-DD.") var to: String
        @OptionGroup var shared: Shared

        func run() throws {
            let first = try CalendarCommand.date(from, "FROM")
            let last = try CalendarCommand.date(to, "TO")
            let calendar = try shared.calendar()
            let count = try calendarCall { try calendar.countWorkdays(from: first, to: last) }
            let provisional = first <= last ? calendar.provisionalYears(from: first, through: last) : []
            if shared.json {
                Console.out(try JSONValue.object([
                    "from": .string(first.description), "to": .string(last.description),
                    "workdays": .integer(Int64(count)),
                    "provisional": CalendarCommand.provisionalJSON(provisional),
                ]).prettyString())
            } else {
                Console.out("\(count)" + CalendarCommand.provisionalNote(provisional))
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "List a year's holidays and make-up working days.",
            discussion: "Example: agency calendar show 2025")

        @Argument(help: "The year, e.g. 2025.") var year: Int
        @OptionGroup var shared: Shared

        func run() throws {
            let calendar = try shared.calendar()
            let (holidays, workdays) = try calendarCall {
                (try calendar.holidays(in: year), try calendar.makeupWorkdays(in: year))
            }
            let provisional = calendar.isProvisional(year) ? [year] : []
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
                    "provisional": CalendarCommand.provisionalJSON(provisional),
                ]).prettyString())
                return
            }
            if !provisional.isEmpty {
                Console.out(CalendarCommand.provisionalNote(provisional)
                            + " 按《全国年节及纪念日放假办法》的法定节日计算，不含调休。")
            }
            Console.out("\(year) 年 放假 (\(holidays.count) 天)")
            for day in holidays {
                Console.out("  \(day.date)  \(day.date.chineseWeekday)  \(day.name ?? "")")
            }
            Console.out("\(year) 年 调休上班 (\(workdays.count) 天)")
            for day in workdays {
                Console.out("  \(day.date)  \(day.date.chineseWeekday)  \(day.name ?? "")")
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
