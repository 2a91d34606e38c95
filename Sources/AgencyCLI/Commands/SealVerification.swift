import AgencyJSON
import AgencyReports
import AgencyService
import Foundation
import WorkflowStore

/// `agency verify --seal CODE --week W`: whether the journals still give the seal read
/// out at that week's meeting (exit 0), or what changed before it (exit 5).
enum SealVerification {
    /// `asOf`: the report's moment when it was not the week's dispatch (`--as-of`); a seal
    /// record of the code, when there is one, gives its own moment.
    static func run(code: String, week text: String, asOf: Date?, session: AgencySession, storeURL: URL,
                    json: Bool) throws {
        guard let week = ISOWeek(text) else {
            throw CLIError.invalid("--week '\(text)' is not an ISO week; write it as 2025-W10")
        }
        let service = session.service
        // Without a seal record, the heads are taken at the week's dispatch: the moment the
        // report of that week describes when it is printed after the dispatch.
        let mapping = try WeeklyReportCommand.mapping(in: storeURL)
        let moment = asOf ?? service.reportMoment(week, mapping: mapping)
        let check = try mapErrors { try service.checkSeal(code: code, week: week.description, moment: moment) }
        // The seal records are evidence only if the store journal itself is sound and signed.
        let storeJournal = try mapErrors { try service.store.verifyStoreJournal(knownHead: nil) }
        var problems = check.differences
        problems += storeJournal.problems.map { "the store journal: \($0.description)" }
        let ok = check.matches && storeJournal.isOK
        if json {
            let report: JSONValue = [
                "code": .string(check.code), "week": .string(week.description), "asOf": .string(check.moment),
                "ok": .bool(ok), "recorded": .bool(check.recorded), "recomputed": .string(check.recomputed),
                "problems": .array(problems.map { .string($0) }),
            ]
            Console.out(try report.prettyString())
        } else if ok {
            Console.out("seal \(check.code) of \(week) matches: no journal changed before \(check.moment)"
                + (check.recorded ? " (the seal is recorded in the store journal)" : ""))
        } else {
            Console.out(TerminalText.visible("seal \(check.code) of \(week) does NOT match the journals as of "
                + "\(check.moment):", continuation: "  "))
            for problem in problems { Console.out(TerminalText.visible("  - \(problem)", continuation: "    ")) }
            Console.out("What to do: check that the code is the one in the meeting's minutes; if it is, history "
                + "before that meeting was changed. Keep the store as it is (it is the evidence), restore a copy "
                + "from a backup made before the change, and run agency verify --all on both.")
        }
        if !ok { throw ExitStatus.integrity }
    }
}
