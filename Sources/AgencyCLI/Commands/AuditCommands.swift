import AgencyJSON
import AgencyReports
import AgencyService
import ArgumentParser
import Foundation
import WorkflowEngine
import WorkflowStore

/// `agency log`: an instance's journal, readable, as JSON or as CSV for Excel.
struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log", abstract: "Print an instance's journal (audit log), filtered.",
        discussion: """
            Examples:
              agency log leave-001
              agency log P001 --actor zhangwei --kind approve --since 2025-01-06
              agency log P001 --csv > P001.csv     # opens in Excel with Chinese text
            """)

    @Argument(help: "The instance id.") var id: String
    @Option(help: ArgumentHelp("Records at or after this time (2025-01-06 or ISO).", valueName: "time")) var since: String?
    @Option(help: ArgumentHelp("Records before this time.", valueName: "time")) var until: String?
    @Option(help: ArgumentHelp("Only this person's records.", valueName: "person")) var actor: String?
    @Option(help: ArgumentHelp("Only this kind (start, approve, timer, refused, ...).", valueName: "kind")) var kind: String?
    @Flag(help: "Print the records as JSON.") var json = false
    @Flag(help: "Print CSV (UTF-8 with BOM, for Excel).") var csv = false
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var workflows: WorkflowOptions

    func run() throws {
        let session = try AgencySession(storeURL: storeOptions.storeURL, workflows: workflows, actor: nil, now: nil)
        let stamps = session.service.timestamps
        func bound(_ text: String?, _ name: String) throws -> Date? {
            guard let text else { return nil }
            guard let date = stamps.parseUserTime(text) else { throw CLIError.invalid("\(name) '\(text)' is not a time") }
            return date
        }
        let from = try bound(since, "--since"), to = try bound(until, "--until")
        let records = try session.inStaffLanguage { try mapErrors { try session.service.journal(id) } }.filter { record in
            let at = record["at"]?.stringValue.flatMap(stamps.parse)
            if let from, let at, at < from { return false }
            if let to, let at, at >= to { return false }
            if let actor, record["actor"]?.stringValue != actor { return false }
            if let kind, record["kind"]?.stringValue != kind { return false }
            return true
        }
        if json {
            Console.out(try JSONValue.array(records).prettyString())
        } else if csv {
            var lines = [CSV.row(["seq", "at", "actor", "login", "kind", "from", "to", "item", "comment", "details",
                                  "hash"].map(CSV.text))]
            for record in records { lines.append(Self.csvRow(record)) }
            Console.raw([0xEF, 0xBB, 0xBF] + Array((lines.joined(separator: "\r\n") + "\r\n").utf8))
        } else {
            // One line per record: control characters in comments and data are shown (a
            // line break as ␤), so no value can forge a record's line.
            let view = try StaffView(session)
            let instance = try? session.service.instance(id)
            for record in records { Console.out(TerminalText.visible(Self.line(record, view, instance))) }
        }
    }

    /// One record as staff read it: `#3 今天 09:30 张伟 同意 [部门审批 → 已办结]  「同意」`.
    /// Kinds are named in the store's language; people by name; states by title.
    static func line(_ record: JSONValue, _ view: StaffView, _ instance: Instance?) -> String {
        let details = record["details"]
        let command = details?["command"]
        let kind = record["kind"]?.stringValue ?? ""
        func state(_ name: String) -> String { instance.map { view.stateTitle(name, in: $0) } ?? name }
        var text = "#\(record["seq"]?.intValue ?? 0) \(view.time(record["at"]?.stringValue)) "
            + "\(view.name(record["actor"]?.stringValue)) \(view.english ? kind : ActionTitles.kind(kind))"
        if let event = command?["event"]?.stringValue { text += " \(view.english ? event : ActionTitles.event(event))" }
        if let to = command?["to"]?.stringValue { text += " → \(view.session.people.person(to) == nil ? state(to) : view.name(to))" }
        if let from = details?["from"]?.stringValue, let to = details?["to"]?.stringValue, from != to {
            text += "  [\(from.isEmpty ? "·" : state(from)) → \(state(to))]"
        }
        if let comment = command?["comment"]?.stringValue { text += "  「\(comment)」" }
        if var reason = details?["reason"]?.stringValue ?? command?["reason"]?.stringValue {
            // A refusal's reason is the engine's English; staff read it in the store's language.
            if kind == "refused", !view.english {
                let definition = instance.flatMap { try? view.session.service.definition($0.workflow, $0.version) }
                reason = RefusalText(stateTitle: { definition?.state($0)?.title }).chinese(reason)
            }
            text += view.t("  原因：", "  reason: ") + reason
        }
        if let error = details?["error"]?.stringValue { text += view.t("  错误：", "  error: ") + error }
        for change in details?["replanned"]?.arrayValue ?? [] {
            // 按正式放假安排重算：w4 部门审批 2027-03-11… → 2027-03-16…
            text += view.t("  期限重算 ", "  deadline recounted ") + "\(change["item"]?.stringValue ?? "") \(change["title"]?.stringValue ?? "")："
                + "\(change["before"]?.stringValue ?? "-") → \(change["after"]?.stringValue ?? "-")"
        }
        return text
    }

    /// One record as a CSV line. Every cell but the seq is text and is neutralised
    /// against formula injection (a comment `=HYPERLINK(…)` shows as `'=HYPERLINK(…)`);
    /// the seq is a number and stays one.
    static func csvRow(_ record: JSONValue) -> String {
        let details = record["details"], command = details?["command"]
        let text: [String] = [
            record["at"]?.stringValue ?? "", record["actor"]?.stringValue ?? "",
            record["login"]?.stringValue ?? "", record["kind"]?.stringValue ?? "",
            details?["from"]?.stringValue ?? "", details?["to"]?.stringValue ?? "",
            command?["item"]?.stringValue ?? "", command?["comment"]?.stringValue ?? "",
            (try? details?.canonicalString()) ?? "", record["hash"]?.stringValue ?? "",
        ]
        return CSV.row([CSV.number(record["seq"]?.intValue ?? 0)] + text.map(CSV.text))
    }
}

/// `agency verify`: journal chains, snapshot heads, and replay.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Check journals, snapshot heads and replays (exit 5 on a problem).",
        discussion: """
            Verify proves each journal is an unbroken hash chain, each snapshot's head is its
            journal's last record, and replaying the journal yields the snapshot. A deleted
            tail is invisible to a chain alone: compare with a head kept elsewhere (--head).

            On a store that signs its journal (agency init --signed or --served), every
            signature is checked against store.json's public key: a record appended or
            re-chained without the key is reported (exit 5). --seal checks the seal printed
            on a weekly report (本周存证码): that no journal changed before that week's
            dispatch, or before --as-of, the moment a report printed before the dispatch
            was taken at (the report prints the whole command).

            Examples:
              agency verify --all
              agency verify P001 --head 12:3fa1...
              agency verify --seal 7KQ2-M9XD-P4TA-8WQ1 --week 2025-W10
            """)

    @Argument(help: "Instance ids.") var ids: [String] = []
    @Option(help: ArgumentHelp("A weekly report's seal (本周存证码) to check; with --week.", valueName: "code"))
    var seal: String?
    @Option(help: ArgumentHelp("The ISO week of the report the seal was printed on, e.g. 2025-W10.", valueName: "week"))
    var week: String?
    @Option(name: .customLong("as-of"), help: ArgumentHelp(
        "With --seal: the moment the report was taken at, when it was not the week's dispatch (the report prints it).",
        valueName: "time"))
    var asOf: String?
    @Flag(help: "Every instance in the store.") var all = false
    @Option(help: ArgumentHelp("A head kept elsewhere, SEQ:HASH (one id only).", valueName: "head")) var head: String?
    @Flag(help: "Print the reports as JSON.") var json = false
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var workflows: WorkflowOptions

    func run() throws {
        let session = try AgencySession(storeURL: storeOptions.storeURL, workflows: workflows, actor: nil, now: nil)
        if seal != nil || week != nil || asOf != nil {
            guard let seal, let week, ids.isEmpty, !all, head == nil else {
                throw CLIError.invalid("--seal CODE and --week WEEK go together (with --as-of TIME when the report "
                    + "printed one), without instance ids, --all or --head")
            }
            var moment: Date?
            if let asOf {
                guard let parsed = session.service.timestamps.parseUserTime(asOf) else {
                    throw CLIError.invalid("--as-of '\(asOf)' is not a time; give it as the report printed it, "
                        + "e.g. 2025-04-01T00:00:00+08:00 or 2025-04-01T00:00")
                }
                moment = parsed
            }
            return try SealVerification.run(code: seal, week: week, asOf: moment, session: session,
                                            storeURL: storeOptions.storeURL, json: json)
        }
        var targets = ids
        if all { targets = try mapErrors { try session.service.store.instanceIDs() } }
        // --all on a store without instances still checks the store journal.
        guard !targets.isEmpty || all else { throw CLIError.invalid("name instances to verify, or --all") }
        var known: JournalHead?
        if let head {
            let parts = head.split(separator: ":", maxSplits: 1)
            guard targets.count == 1, parts.count == 2, let seq = Int(parts[0]) else {
                throw CLIError.invalid("--head takes SEQ:HASH and one instance id")
            }
            known = JournalHead(seq: seq, hash: String(parts[1]))
        }
        var failures = 0
        var unreadable = 0  // failures that were I/O errors (permissions, a failing disk)
        // Each report printed as it is made (JSON too, element by element): memory does not
        // grow with the store.
        var reports = JSONArrayOutput()
        func emit(_ value: JSONValue) throws { if json { try reports.append(value) } }
        let progress = Progress(total: targets.count, label: "verify")
        for id in targets.sorted() {
            progress.step()
            do {
                let report = try session.service.verify(id, knownHead: known)
                if !report.isOK { failures += 1 }
                try emit(.object(["id": .string(id), "ok": .bool(report.isOK), "records": .integer(Int64(report.recordCount)),
                                        "replayChecked": .bool(report.replayChecked),
                                        "firstBadSeq": report.firstBadSeq.map { .integer(Int64($0)) } ?? .null,
                                        "problems": .array(report.problems.map { .string($0.description) })]))
                if !json {
                    Console.out(report.isOK ? "\(id): ok (\(report.recordCount) records\(report.replayChecked ? ", replay matches" : ""))"
                                            : report.description.split(separator: "\n", omittingEmptySubsequences: false)
                                                .map { TerminalText.visible(String($0)) }.joined(separator: "\n"))
                }
            } catch {
                failures += 1
                let problem = ServiceError(error)
                if problem.category == .io { unreadable += 1 }
                let message = problem.description
                try emit(.object(["id": .string(id), "ok": false, "problems": [.string(message)]]))
                if !json { Console.error(TerminalText.visible("\(id): \(message)", continuation: "  ")) }
            }
        }
        progress.finish()
        var storeJournalFailed = false
        if all {
            // The store journal (people directory versions) is checked like an instance's.
            let report = try mapErrors { try session.service.store.verifyStoreJournal(knownHead: nil) }
            var problems = report.problems.map(\.description)
            // Every people directory version a record was decided with must be on record.
            // (A journal that does not read is already among the problems.)
            let recorded = Set(((try? session.service.storeJournal()) ?? [])
                .filter { $0["kind"]?.stringValue == "people" }.compactMap { $0["details"]?["version"]?.stringValue })
            for (version, count) in session.service.peopleVersionsSeen.sorted(by: { $0.key < $1.key })
            where report.isOK && !recorded.contains(version) {
                problems.append("people directory version \(version.prefix(12)), named by \(count) records, is not "
                    + "in the store journal: the store journal was deleted or cut")
            }
            if report.recordCount > 0 || !problems.isEmpty {
                storeJournalFailed = !problems.isEmpty
                try emit(.object(["id": .string(StoreJournal.id), "ok": .bool(problems.isEmpty),
                                        "records": .integer(Int64(report.recordCount)),
                                        "problems": .array(problems.map { .string($0) })]))
                if !json {
                    Console.out(problems.isEmpty ? "store journal: ok (\(report.recordCount) records)"
                                : TerminalText.visible("store journal: " + problems.joined(separator: "; "), continuation: "  "))
                }
            }
        }
        if json { reports.finish() }
        if !json { Console.out("\(targets.count - failures) ok, \(failures) with problems") }
        // Files it could not read say nothing about tampering: exit 6 when those were all.
        if storeJournalFailed { throw ExitStatus.integrity }
        if failures > 0 { throw unreadable == failures ? ExitStatus.io : ExitStatus.integrity }
    }
}

/// `agency repair`: what can be repaired safely.
struct RepairCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repair", abstract: "Repair an instance: set a torn journal line aside, rebuild a snapshot.",
        discussion: "Example: agency repair P001   (nothing is deleted: moved-aside files stay next to the journal)")

    @Argument(help: "The instance id.") var id: String
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var workflows: WorkflowOptions

    func run() throws {
        let session = try AgencySession(storeURL: storeOptions.storeURL, workflows: workflows, actor: nil, now: nil)
        let report = try mapErrors { try session.service.repair(id) }
        if report.actions.isEmpty {
            Console.out("\(id): nothing to repair")
        } else {
            for action in report.actions { Console.out("\(id): \(action)") }
        }
        if let head = report.head { Console.out("head \(head.seq) \(head.hash)") }
    }
}

/// `agency reindex`: rebuilds the derived indexes from the snapshots.
struct ReindexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reindex",
        abstract: "Rebuild the indexes from the snapshots and the notification box from the journals.",
        discussion: """
            Run it after a power loss or an OS crash (index markers and notifications are \
            written without fsync), or if index/ was removed. Replays every journal, like \
            verify --all; running it on a sound store changes nothing.

            Example: agency reindex
            """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var workflows: WorkflowOptions

    func run() throws {
        let session = try AgencySession(storeURL: storeOptions.storeURL, workflows: workflows, actor: nil, now: nil)
        let report = try mapErrors { try session.service.rebuildIndex() }
        Console.out("indexed \(report.instances) instance(s), \(report.markers) marker(s)")
        let box = try mapErrors { try session.service.rebuildNotifications() }
        Console.out("replayed \(box.instances) journal(s), restored \(box.restored) notification(s)")
        var skipped = report.skipped
        skipped.merge(box.skipped) { first, second in first == second ? first : first + "; " + second }
        for (id, reason) in skipped.sorted(by: { $0.key < $1.key }) { Console.error("skipped \(id): \(reason)") }
        if !skipped.isEmpty { throw ExitStatus.integrity }
    }
}
