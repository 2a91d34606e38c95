import AgencyCalendar
import AgencyJSON
import AgencyService
import ArgumentParser
import Foundation
import WorkflowStore

extension CalendarCommand {
    /// `agency calendar import NOTICE.txt`: the State Council's holiday notice, pasted as
    /// text, becomes the store's calendar layer for its year, and what was planned
    /// through that year provisionally is re-planned (Docs/calendar.md).
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import the State Council's holiday notice for a year and re-plan deadlines.",
            discussion: """
                FILE is the notice's text (国务院办公厅关于YYYY年部分节假日安排的通知) as
                published, numbered paragraphs included. Nothing is written unless every
                paragraph parses: each festival must give dates, each date must exist,
                make-up working days must be Saturdays or Sundays.

                Writes calendar/official-YYYY.json into the store, then gives each instance
                whose deadlines were counted through YYYY provisionally one journaled
                re-plan record. An admin action.

                Examples:
                  agency calendar import notice-2027.txt --dry-run   # what it finds and what would move
                  agency calendar import notice-2027.txt
                """)

        @Argument(help: "The notice as plain text (UTF-8).") var file: String
        @Option(help: "The notice's year, when the text does not name it.") var year: Int?
        @Flag(help: "Print what the notice gives and which deadlines would move; write nothing.")
        var dryRun = false
        @Flag(help: "Replace an earlier import of the same year that differs.") var replace = false
        @Flag(help: "Print the result as JSON.") var json = false
        @OptionGroup var acting: ActingOptions

        func run() throws {
            guard FileManager.default.fileExists(atPath: file) else {
                throw CLIError.notFound("\(file): no such file (give the notice saved as a text file)")
            }
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: file))
            } catch {
                throw CLIError.invalid("\(file) cannot be read (\(error.localizedDescription)); "
                                       + "give the notice saved as a text file")
            }
            // A notice is a few kilobytes; anything this large is the wrong file.
            guard data.count <= 1 << 20 else {
                throw CLIError.invalid("\(file) is \(data.count / 1024) KiB; a holiday notice is a few KiB of text. "
                                       + "Check that this is the notice")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw CLIError.invalid("\(file) is not UTF-8 text; save the notice as UTF-8 and import it again")
            }
            let notice: HolidayNotice
            do {
                notice = try HolidayNotice(text: text, year: year)
            } catch {
                throw CLIError.invalid("\(file): \(error)")
            }
            let root = acting.store.storeURL
            let storeExists = FileManager.default.fileExists(atPath: root.appendingPathComponent("store.json").path)
            guard storeExists || dryRun else {
                throw CLIError.notFound("no store at \(root.path) (--store DIR, or --dry-run to check the notice alone)")
            }
            let target = root.appendingPathComponent("calendar/official-\(notice.year).json")
            let layer = notice.layer(source: target.path)
            let others = AgencySession.calendarFiles(root).filter { $0.standardizedFileURL != target.standardizedFileURL }
            let config = (try? FileStore.open(at: root.path))?.config ?? StoreConfig()
            let policy = WorkCalendar.Policy(rawValue: config.calendar) ?? .provisional
            let calendar = try calendarCall {
                try WorkCalendar(layers: try others.map { try CalendarLayer.load(contentsOf: $0) } + [layer],
                                 policy: policy)
            }
            let workdays = try calendarCall { try calendar.workdayCount(inYear: notice.year) }
            let fileBytes = try CalendarDocument.file(layer).prettyBytes()
            var replanned = ReplanReport()
            var written = false
            if storeExists {
                let session = try acting.session()
                let actor = try session.actor()
                guard session.people.isAdmin(actor) else {
                    throw CLIError.notPermitted("calendar import is an admin action; "
                        + "\(session.people.display(actor)) does not hold the admin role")
                }
                if let existing = FileManager.default.contents(atPath: target.path), [UInt8](existing) != fileBytes,
                   !replace, !dryRun {
                    throw CLIError.invalid("\(target.path) already holds a different \(notice.year) calendar; "
                        + "check the notice, then import again with --replace")
                }
                let now = try session.now()
                if dryRun {
                    let preview = try AgencyService(store: session.service.store, workflowsFolder: session.service.workflowsFolder,
                                                    people: session.people, calendar: calendar)
                    replanned = try mapErrors { try preview.replanProvisional(actor: actor, at: now, dryRun: true) }
                } else {
                    try FileManager.default.createDirectory(at: target.deletingLastPathComponent(),
                                                            withIntermediateDirectories: true)
                    try mapErrors { try session.service.store.writer.replace(target.path, with: fileBytes) }
                    written = true
                    // A fresh session reads the calendar with the new file, as every later command will.
                    let updated = try acting.session()
                    replanned = try mapErrors { try updated.service.replanProvisional(actor: actor, at: now) }
                }
            }
            if json {
                Console.out(try report(notice, workdays: workdays, written: written ? target.path : nil,
                                       replanned: replanned).prettyString())
            } else {
                print(notice, workdays: workdays, target: target, written: written, replanned: replanned)
            }
            if !replanned.failed.isEmpty {
                throw CLIError.busy("\(replanned.failed.count) instance(s) could not be re-planned now; "
                                    + "agency tick re-plans them later")
            }
        }

        private func print(_ notice: HolidayNotice, workdays: Int, target: URL, written: Bool,
                           replanned: ReplanReport) {
            Console.out(HolidayNotice.title(notice.year))
            for festival in notice.festivals {
                Console.out("  \(festival.name)：放假 \(Self.days(festival.daysOff))"
                            + (festival.makeupWorkdays.isEmpty ? "" : "；调休上班 \(Self.days(festival.makeupWorkdays))"))
            }
            for note in notice.notes { Console.out("  未计入（倡议，非放假安排）：\(note)") }
            let offCount = notice.festivals.reduce(0) { $0 + $1.daysOff.count }
            let workedCount = notice.festivals.reduce(0) { $0 + $1.makeupWorkdays.count }
            Console.out("  共放假 \(offCount) 天，调休上班 \(workedCount) 天；\(notice.year) 年工作日 \(workdays) 天")
            if written { Console.out("已写入 \(target.path)") } else if dryRun { Console.out("（试运行，未写入任何文件）") }
            let verb = dryRun ? "将重新计算" : "已重新计算"
            let moved = replanned.entries.reduce(0) { $0 + $1.items.count }
            Console.out("\(verb) \(replanned.entries.count) 个实例的 \(moved) 个期限")
            for entry in replanned.entries {
                for item in entry.items {
                    let title = item["title"]?.stringValue ?? ""
                    let before = item["before"]?.stringValue ?? "-"
                    let after = item["after"]?.stringValue ?? "-"
                    Console.out("  \(entry.instance) \(item["item"]?.stringValue ?? "") \(title)：\(before) → \(after)"
                                + (before == after ? "（日期不变，取消暂定）" : ""))
                }
            }
            for failure in replanned.failed { Console.out("  未能重新计算 \(failure.instance)：\(failure.error)") }
        }

        private func report(_ notice: HolidayNotice, workdays: Int, written: String?,
                            replanned: ReplanReport) -> JSONValue {
            .object([
                "year": .integer(Int64(notice.year)),
                "festivals": .array(notice.festivals.map { festival in
                    .object(["name": .string(festival.name),
                             "daysOff": .array(festival.daysOff.map { .string($0.description) }),
                             "makeupWorkdays": .array(festival.makeupWorkdays.map { .string($0.description) })])
                }),
                "notes": .array(notice.notes.map { .string($0) }),
                "workdays": .integer(Int64(workdays)),
                "written": written.map { .string($0) } ?? .null,
                "dryRun": .bool(dryRun),
                "replanned": replanned.json["replanned"] ?? .array([]),
                "failed": replanned.json["failed"] ?? .array([]),
            ])
        }

        /// 2月6日（周六）至2月13日（周六）, or the days listed one by one.
        static func days(_ days: [CivilDate]) -> String {
            func text(_ day: CivilDate) -> String {
                "\(day.month)月\(day.day)日（周\(["一", "二", "三", "四", "五", "六", "日"][day.weekday - 1])）"
            }
            let consecutive = zip(days, days.dropFirst()).allSatisfy { $1.daysSince($0) == 1 }
            if days.count > 2 && consecutive, let first = days.first, let last = days.last {
                return "\(text(first))至\(text(last))，共\(days.count)天"
            }
            return days.map(text).joined(separator: "、")
        }
    }
}
