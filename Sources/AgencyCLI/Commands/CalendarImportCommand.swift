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
            commandName: "import",
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
            let read: [UInt8]?
            do {
                read = try UserFiles.read(file)
            } catch {
                throw CLIError.invalid("无法读取 \(file)（\(error)）：请给出存为文本文件的通知正文。")
            }
            guard let read else {
                throw CLIError.notFound("找不到文件 \(file)：请把通知正文存为文本文件（UTF-8）后再导入。")
            }
            let data = Data(read)
            // A notice is a few kilobytes; anything this large is the wrong file.
            guard data.count <= 1 << 20 else {
                throw CLIError.invalid("\(file) 有 \(data.count / 1024) KiB，放假通知正文只有几 KiB：请确认文件是否选对。")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw CLIError.invalid("\(file) 不是 UTF-8 编码的文本（可能是 GBK/ANSI 或 Word 文件）："
                                       + "请用记事本“另存为”UTF-8 编码的 .txt 后再导入。")
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
                throw CLIError.notFound("\(root.path) 不是库目录：请用 --store 指定库；只检查通知文本可加 --dry-run。")
            }
            let target = root.appendingPathComponent("calendar/official-\(notice.year).json")
            let layer = notice.layer(source: target.path)
            if CalendarLayer.official.years.contains(notice.year) {
                try Self.compareWithBuiltIn(layer, year: notice.year)
                Console.out("\(notice.year) 年的放假安排已内置于本程序，与这份通知逐日一致，无需导入。")
                return
            }
            // The store's files in the order every session loads them (by name), with this
            // notice in its own file's place: what is checked here is what will be used.
            let others = AgencySession.calendarFiles(root).filter { $0.standardizedFileURL != target.standardizedFileURL }
            let ordered = (others + [target]).sorted { $0.lastPathComponent < $1.lastPathComponent }
            let config = (try? FileStore.open(at: root.path))?.config ?? StoreConfig()
            let policy = WorkCalendar.Policy(rawValue: config.calendar) ?? .provisional
            let calendar: WorkCalendar
            do {
                calendar = try WorkCalendar(layers: try ordered.map { url in
                    url.standardizedFileURL.path == target.standardizedFileURL.path
                        ? layer : try CalendarLayer.load(contentsOf: url)
                }, policy: policy)
            } catch CalendarError.badFile(_, let problem, _) where problem.contains("neither this file") {
                // A 元旦 that begins on 31 December of a year nobody declares, in a strict store.
                throw CLIError.invalid("这份通知列出了 \(notice.year - 1) 年的日期，但本库还没有 \(notice.year - 1) 年的放假安排"
                                       + "（严格模式不按法定节日暂定）：请先导入 \(notice.year - 1) 年的通知。")
            } catch {
                throw CLIError.invalid("\(error)")
            }
            let workdays = try calendarCall { try calendar.workdayCount(inYear: notice.year) }
            let fileBytes = try CalendarDocument.file(layer).prettyBytes()
            var replanned = ReplanReport()
            var written = false
            if storeExists {
                let session = try acting.session()
                let actor = try session.actor()
                guard session.people.isAdmin(actor) else {
                    throw CLIError.notPermitted("导入放假通知须由系统管理员（admin）操作，"
                        + "\(session.people.display(actor)) 没有该角色。")
                }
                if let existing = FileManager.default.contents(atPath: target.path), [UInt8](existing) != fileBytes,
                   !replace, !dryRun {
                    throw CLIError.invalid("\(target.path) 已有另一份 \(notice.year) 年的放假安排，与这次的文本不同："
                        + "请核对通知原文；确认要替换时加 --replace 重新导入。")
                }
                let now = try session.now()
                if dryRun {
                    let preview = try AgencyService(store: session.service.store, workflowsFolder: session.service.workflowsFolder,
                                                    people: session.people, calendar: calendar)
                    replanned = try mapErrors { try preview.replanAfterCalendarChange(actor: actor, at: now, dryRun: true) }
                } else {
                    try FileManager.default.createDirectory(at: target.deletingLastPathComponent(),
                                                            withIntermediateDirectories: true)
                    try mapErrors { try session.files.writer.replace(target.path, with: fileBytes) }
                    written = true
                    // A fresh session reads the calendar with the new file, as every later command will.
                    let updated = try acting.session()
                    replanned = try mapErrors { try updated.service.replanAfterCalendarChange(actor: actor, at: now) }
                }
            }
            if json {
                Console.out(try report(notice, workdays: workdays, written: written ? target.path : nil,
                                       replanned: replanned).prettyString())
            } else {
                print(notice, workdays: workdays, target: target, written: written, replanned: replanned)
            }
            if !replanned.failed.isEmpty {
                throw CLIError.busy("有 \(replanned.failed.count) 个实例暂时无法重新计算期限（正在被占用等），"
                                    + "agency tick 会在稍后补上。")
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

        /// Refuses a notice for a year the binary embeds unless it gives exactly the embedded
        /// days: the embedded data is the official arrangement, and a zone's own change belongs
        /// in a local calendar file of its own (Docs/calendar.md), not in an "official" one.
        static func compareWithBuiltIn(_ layer: CalendarLayer, year: Int) throws {
            let official = CalendarLayer.official
            let holidays = official.holidays.filter { $0.year == year }
            let workdays = official.workdays.filter { $0.year == year }
            let differing = layer.holidays.symmetricDifference(holidays)
                .union(layer.workdays.symmetricDifference(workdays)).sorted()
            guard let first = differing.first else { return }
            throw CLIError.invalid("\(year) 年的放假安排已内置于本程序（国务院办公厅通知），这份文本与之不同"
                + "（第一处：\(first)，共 \(differing.count) 处），未写入任何文件。请核对通知原文；"
                + "本地另有调整时，请写本地日历文件（见 Docs/calendar.md）。")
        }

        /// 2月6日（周六）至2月13日（周六）, or the days listed one by one.
        static func days(_ days: [CivilDate]) -> String {
            func text(_ day: CivilDate) -> String {
                "\(day.month)月\(day.day)日（\(day.chineseWeekday)）"
            }
            let consecutive = zip(days, days.dropFirst()).allSatisfy { $1.daysSince($0) == 1 }
            if days.count > 2 && consecutive, let first = days.first, let last = days.last {
                return "\(text(first))至\(text(last))，共\(days.count)天"
            }
            return days.map(text).joined(separator: "、")
        }
    }
}
