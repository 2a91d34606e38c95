import AgencyJSON
import AgencyService
import ArgumentParser
import Foundation

extension NotificationsCommand {
    /// `agency notifications deliver --command CMD`: push pending notifications out
    /// through a command the zone chooses (mail, chat), for cron.
    struct Deliver: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "deliver",
            abstract: "Run a command once per pending notification; exit 0 marks it delivered.",
            discussion: """
                The command runs with /bin/sh -c. It reads the notification's JSON on standard
                input; its fields are also in AGENCY_NOTIFICATION_KEY, _TO, _TO_NAME, _KIND,
                _LEVEL, _INSTANCE, _ITEM, _TITLE, _BODY, _AT and _MESSAGE (the text to send, in
                the store's language: project, what is due, by when, what to do). Exit 0 marks
                the notification delivered; anything else leaves it pending for the next run
                and is reported (exit code 1). A second run while one is going does nothing.
                People with a "digest" time in the people directory get one message a day
                (kind "digest", grouped by project) at the first run after that time, instead
                of one per notification. See Docs/operations.md for an example script.

                Examples:
                  agency notifications deliver --command /etc/agency/push-mail.sh
                  agency notifications deliver --command 'logger -t agency' --to zhangwei
                """)

        @Option(help: ArgumentHelp("The delivery command (run with /bin/sh -c).", valueName: "command"))
        var command: String
        @Option(help: ArgumentHelp("Only this person's notifications.", valueName: "person")) var to: String?
        @Option(help: ArgumentHelp("Seconds one run of the command may take before it is killed.",
                                   valueName: "seconds"))
        var timeout: Double = 60
        @Option(help: ArgumentHelp("The time of the run (simulation stores only); decides which daily digests are due.",
                                   valueName: "time"))
        var now: String?
        @Flag(help: "Print what was done as JSON.") var json = false
        @OptionGroup var store: StoreOptions
        @OptionGroup var workflows: WorkflowOptions

        func validate() throws {
            guard timeout > 0, timeout <= 3_600 else {
                throw ValidationError("--timeout must be between 0 and 3600 seconds")
            }
        }

        func run() throws {
            let session = try AgencySession(storeURL: store.storeURL, workflows: workflows, actor: nil, now: now)
            let report = try mapErrors {
                try session.service.deliverNotifications(command: command, to: to, timeout: timeout,
                                                         now: try session.now())
            }
            let language = session.service.language
            if json {
                Console.out(try JSONValue.object([
                    "delivered": .array(report.delivered.map { .string($0) }),
                    "failed": .array(report.failed.map { failure in
                        ["key": .string(failure.key), "message": .string(failure.message),
                         "status": failure.status.map { .integer(Int64($0)) } ?? .null]
                    }),
                    "busy": .bool(report.skippedBusy),
                    "held": .integer(Int64(report.held)),
                    "digests": .array(report.digests.map { ["to": .string($0.person), "count": .integer(Int64($0.count))] }),
                ]).prettyString())
            } else if report.skippedBusy {
                Console.out(language.pick("另一次推送正在进行，本次未做任何事", "another delivery run is in progress; nothing done"))
            } else {
                for key in report.delivered {
                    Console.out(language.pick("已推送 \(key)", "delivered \(key)"))
                }
                for digest in report.digests {
                    let name = InstanceRendering.person(digest.person, session.people)
                    Console.out(language.pick("已推送每日汇总：\(name)，\(digest.count) 条", "delivered the daily digest to \(name): \(digest.count) notification(s)"))
                }
                for failure in report.failed {
                    Console.error(language.pick("未推送 \(failure.key)：\(failure.message)", "NOT delivered \(failure.key): \(failure.message)"))
                }
                Console.out(language.pick("已推送 \(report.delivered.count) 条，\(report.failed.count) 条仍待推送",
                                          "\(report.delivered.count) delivered, \(report.failed.count) still pending")
                            + (report.held == 0 ? "" : language.pick("，\(report.held) 条等待每日汇总", ", \(report.held) held for a daily digest")))
            }
            if !report.failed.isEmpty { throw ExitStatus.invalidInput }
        }
    }
}
