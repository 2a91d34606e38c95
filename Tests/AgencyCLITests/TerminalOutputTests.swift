@testable import AgencyCLI
import Foundation
import Testing

@Suite("Terminal output shows control characters from user data, never writes them")
struct TerminalOutputTests {
    /// A checklist whose item title is the input's project: user data in titles.
    static let probe = """
        return workflow {
          name = "probe",
          title = "探针",
          input = { project = "string", agent = "person" },
          start = "checks",
          states = {
            checks = parallel {
              title = "审查",
              items = function(ctx)
                return { { key = "a", title = ctx.data.project, assignee = ctx.data.agent, due = "5wd" } }
              end,
              on = { done = "done" },
            },
            done = final { outcome = "ok" },
          },
        }
        """

    /// Sets the window title, clears the screen, returns to column 0, a C1 CSI, a
    /// right-to-left override and a line break that would forge a line.
    static let hostile = "光伏\u{1B}]0;pwned\u{07}\u{1B}[2J\rX\u{9B}31m\u{202E}cba\nforged"
    static let hostileJSON = #"光伏\u001b]0;pwned\u0007\u001b[2J\rX\u009b31m\u202ecba\nforged"#
    static let shown = "光伏␛]0;pwned␇␛[2J␍X\\u{9B}31m\\u{202E}cba"

    static func rawControls(_ text: String) -> [String] {
        text.unicodeScalars.filter { scalar in
            switch scalar.value {
            case 0x0A, 0x09: return false
            case 0x00...0x1F, 0x7F, 0x80...0x9F, 0x202A...0x202E, 0x2066...0x2069, 0x2028, 0x2029: return true
            default: return false
            }
        }.map { String(format: "U+%04X", $0.value) }
    }

    @Test("show, log, inbox, list and notifications render ESC, BEL, CR, C1 and bidi controls visibly")
    func controlsAreShown() throws {
        let zone = try CLIFixture(workflows: ["probe": Self.probe])
        var run = try zone.run(["start", "probe", "--id", "T-1", "--as", "wangfang", "--now", "2025-01-06T09:00",
                                "--input", #"{"project": "\#(Self.hostileJSON)", "agent": "wangfang"}"#])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(Self.rawControls(run.stdout).isEmpty, "start: \(Self.rawControls(run.stdout))")
        run = try zone.run(["comment", "T-1", "--as", "wangfang", "--now", "2025-01-06T10:00", "--comment", Self.hostile])
        #expect(run.status == 0, "\(run.stderr)")

        for arguments in [["show", "T-1"], ["log", "T-1"], ["inbox", "--as", "wangfang"], ["list"], ["notifications"]] {
            run = try zone.run(arguments)
            #expect(run.status == 0, "\(arguments): \(run.stderr)")
            #expect(Self.rawControls(run.stdout).isEmpty, "\(arguments) wrote \(Self.rawControls(run.stdout))")
            #expect(Self.rawControls(run.stderr).isEmpty, "\(arguments) wrote \(Self.rawControls(run.stderr))")
            if arguments[0] != "list" {
                #expect(run.stdout.contains(Self.shown), "\(arguments): \(run.stdout)")
            }
        }
        // The log keeps one line per record: the comment's line break is shown as ␤.
        run = try zone.run(["log", "T-1"])
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == 2, "\(run.stdout)")
        #expect(lines.last?.contains("cba␤forged") == true)
        // show keeps the comment's line break, indented: it cannot pass for a line of its own.
        run = try zone.run(["show", "T-1"])
        #expect(run.stdout.contains("cba\n    forged"), "\(run.stdout)")
        #expect(!run.stdout.contains("\nforged"))

        // --json stays JSON, with the data exactly as given.
        run = try zone.run(["show", "T-1", "--json"])
        let snapshot = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        let items = snapshot?["items"] as? [[String: Any]]
        #expect(items?.first?["title"] as? String == Self.hostile)
        #expect(!run.stdout.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        run = try zone.run(["log", "T-1", "--json"])
        let records = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]]
        let command = (records?.last?["details"] as? [String: Any])?["command"] as? [String: Any]
        #expect(command?["comment"] as? String == Self.hostile)
    }

    @Test("an error message quoting user input shows its control characters")
    func errorsAreShown() throws {
        let zone = try CLIFixture()
        let run = try zone.run(["approve", "nosuch", "--as", "nobody\u{1B}]0;pwned\u{07}"])
        #expect(run.status == 2)
        #expect(Self.rawControls(run.stderr).isEmpty, "\(Self.rawControls(run.stderr))")
        #expect(run.stderr.contains("nobody␛]0;pwned␇"), "\(run.stderr)")
    }

    @Test("the console's net keeps agency's colour codes and shows every other C0 control")
    func consoleNet() {
        let painted = "\u{1B}[31m●红\u{1B}[0m"
        #expect(TerminalText.guarded(painted) == painted)
        #expect(TerminalText.guarded("a\u{1B}]0;t\u{07}b\r\u{1B}[2Jc\td\ne") == "a␛]0;t␇b␍␛[2Jc\td\ne")
        #expect(TerminalText.guarded("{\n  \"a\" : \"\\u001b\"\n}") == "{\n  \"a\" : \"\\u001b\"\n}")
        #expect(TerminalText.visible("a\nb\tc") == "a␤b␉c")
        #expect(TerminalText.visible("a\nb\tc", continuation: "  ") == "a\n  b\tc")
        #expect(TerminalText.visible("\u{7F}\u{85}\u{2066}") == "␡\\u{85}\\u{2066}")
        #expect(TerminalText.visible("王芳 同意") == "王芳 同意")
        var table = TextTable(["a", "b"])
        table.add(["x\u{1B}[2J", "●红"], colors: [1: "31"])
        #expect(!table.render().contains("[2J\u{1B}") && table.render().contains("x␛[2J"))
    }
}
