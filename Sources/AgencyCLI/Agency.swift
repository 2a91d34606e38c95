import ArgumentParser
import Foundation
import LuaRuntime

/// The `agency` command: thin subcommands that parse options and call the libraries.
@main
struct Agency: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agency",
        abstract: "FullAgency: run and audit full-agency (全代办) workflows written in Lua.",
        discussion: """
            Workflows live in Workflows/*.lua. Start with:
              agency validate Workflows/*.lua

            Exit codes: 0 success, 1 invalid input, 2 not found, 3 not permitted,
            4 busy or conflict, 5 integrity violation, 6 a file could not be read or
            written (disk full, read-only, permission denied), 64 usage error,
            70 internal error. See Docs/cli.md. On a served store (Docs/serving.md)
            commands go to agency serve; exit 6 when it is not running.
            """,
        version: AgencyVersion.current,
        subcommands: [
            InitCommand.self, PeopleCommand.self, ValidateCommand.self, LintCommand.self, TestCommand.self,
            GraphCommand.self,
            StartCommand.self, SendCommand.self, CompleteCommand.self, ApproveCommand.self,
            RejectCommand.self, TransferCommand.self, DelegateCommand.self, AddSignCommand.self,
            RemoveSignCommand.self, ReturnCommand.self, WithdrawCommand.self, TakeBackCommand.self, CommentCommand.self,
            UrgeCommand.self, RevokeCommand.self,
            CancelCommand.self, ReassignCommand.self, GotoCommand.self, RetryCommand.self,
            MigrateCommand.self, ShowCommand.self, ListCommand.self, InboxCommand.self, SearchCommand.self,
            LogCommand.self, VerifyCommand.self, RepairCommand.self, ReindexCommand.self, TickCommand.self,
            NotificationsCommand.self, ScheduleCommand.self, CalendarCommand.self,
            ReportCommand.self, ImportCommand.self, DemoCommand.self, ServeCommand.self, StoreCommand.self,
        ]
    )

    /// Runs the command, mapping FullAgency's errors to their documented exit codes.
    static func main() {
        // Output piped into `head` and closed early ends agency with EPIPE on the write,
        // reported like any other error, not with a silent SIGPIPE. The CLI owns the
        // process, so it, not a library, decides this.
        signal(SIGPIPE, SIG_IGN)
        // A script stuck inside a C library function past its time limit ends the process
        // (exit 1, invalid input) before anything is committed; see Docs/lua-runtime.md.
        LuaRuntime.startWatchdog(graceSeconds: 2, exitCode: ExitStatus.invalidInput.rawValue)
        var command: ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exit(withError: error)
        }
        // A served store's commands run in agency serve (Docs/serving.md): parsed here
        // first, so help and usage errors stay local, then sent as typed.
        if let target = ServedForwarding.socket(for: command) {
            ServedForwarding.forward(store: target.store, socket: target.socket)
        }
        do {
            // A postgres:// URL where a store folder is needed is refused before anything
            // opens it: `serve` (with --folder) and `store copy` are the ones taking URLs.
            if !(command is ServeCommand), let options = ServedForwarding.storeOptions(in: command, depth: 0) {
                try options.requireFolder()
            }
            try command.run()
        } catch {
            // FullAgency's errors that a command did not map itself are mapped here, so
            // they still get their category's exit code and message; the argument parser's
            // own (help, usage, exit codes thrown on purpose) go back to it.
            guard CLIError.isFullAgencyError(error) else { exit(withError: error) }
            let mapped = CLIError(error)
            Console.error("agency: error: " + TerminalText.visible(mapped.description, continuation: ""))
            Foundation.exit(mapped.exitCode.rawValue)
        }
    }
}
