import AgencyJSON
import Foundation
import Testing

/// What staff read, in the store's language: names, titles, plain times, refusals.
@Suite("People-first output")
struct PeopleFirstOutputTests {
    /// A project fixture: 光伏储能一体化 in 包联领导会签, items due (no ladder).
    static let permitFlow = """
        return workflow {
          name = "review", title = "项目联审",
          input = { name = "string", agent = "person" },
          start = "prepare",
          states = {
            prepare = task { title = "准备材料", assignee = "agent", due = workdays(3), on = { submitted = "sign" } },
            sign = approval { title = "包联领导会签", approvers = { person("zhangwei") }, due = workdays(2),
                              on = { approved = "done", rejected = "prepare" } },
            done = final { outcome = "approved" },
          },
        }
        """

    func zone(language: String? = nil) throws -> CLIFixture {
        let zone = try CLIFixture(workflows: ["review": Self.permitFlow])
        if let language {
            // The fixture made a zh-CN store; an English one is the same store with the key set.
            let config = zone.url.appendingPathComponent(".agency/store.json")
            var json = try JSONValue.parse(Array(try Data(contentsOf: config)))
            if case .object(var members) = json { members["language"] = .string(language); json = .object(members) }
            try Data(try json.prettyString().utf8).write(to: config)
        }
        let run = try zone.run(["start", "review", "--id", "R-1", "--as", "wangfang", "--now", "2025-01-06T09:00",
                                "--input", #"{"name": "光伏储能一体化", "agent": "wangfang"}"#])
        #expect(run.status == 0, "\(run.stderr)")
        return zone
    }

    @Test("zh-CN by default: results, inbox, list and show name the project, the states and the people, times in plain words")
    func chineseByDefault() throws {
        let zone = try zone()
        var run = try zone.run(["complete", "R-1", "--as", "wangfang", "--now", "2025-01-07T10:00"])
        #expect(run.stdout.contains("光伏储能一体化 · 项目联审 [R-1]：准备材料 → 包联领导会签"), "\(run.stdout)")
        #expect(run.stdout.contains("待办 w3 包联领导会签 → 张伟，1月9日（周四）前"), "\(run.stdout)")
        run = try zone.run(["inbox", "--as", "zhangwei"])
        #expect(run.stdout.contains("张伟 的待办（1 项）"))
        #expect(run.stdout.contains("光伏储能一体化 · 项目联审 [R-1]") && run.stdout.contains("1月9日（周四）前"), "\(run.stdout)")
        run = try zone.run(["list"])
        #expect(run.stdout.contains("编号") && run.stdout.contains("包联领导会签") && run.stdout.contains("办理中"), "\(run.stdout)")
        run = try zone.run(["show", "R-1"])
        #expect(run.stdout.contains("名称 (name)") || run.stdout.contains("name "), "\(run.stdout)")
        #expect(run.stdout.contains("王芳（wangfang）"))
        #expect(run.stdout.contains("准备材料 -提交→ 包联领导会签"), "\(run.stdout)")
        // Times in plain words; ISO only on the simulation clock line, which is what --now takes.
        for line in run.stdout.split(separator: "\n") where !line.hasPrefix("模拟时钟") && !line.hasPrefix("日志头") {
            #expect(!line.contains("+08:00") && !line.contains("2025-01-0"), "\(line)")
        }
        // JSON keeps ids and ISO-8601 times.
        let json = try zone.run(["show", "R-1", "--json"])
        #expect(json.stdout.contains("\"state\" : \"sign\"") || json.stdout.contains("\"state\": \"sign\""))
        #expect(json.stdout.contains("2025-01-07T10:00:00+08:00"))
    }

    @Test("an English store says the same in English, with the same exit codes")
    func english() throws {
        let zone = try zone(language: "en")
        var run = try zone.run(["inbox", "--as", "wangfang"])
        #expect(run.stdout.contains("王芳's work (1 item(s))"), "\(run.stdout)")
        #expect(run.stdout.contains("matter") && run.stdout.contains("by Thu 9 Jan"), "\(run.stdout)")
        run = try zone.run(["approve", "R-1", "--as", "zhangwei", "--now", "2025-01-06T10:00"])
        #expect(run.status == 3)
        #expect(run.stderr.contains("has no open work item in state 'prepare'"), "\(run.stderr)")
    }

    @Test("refusals read in Chinese in a zh-CN store, states by title, exit codes unchanged")
    func chineseRefusals() throws {
        let zone = try zone()
        var run = try zone.run(["approve", "R-1", "--as", "zhangwei", "--now", "2025-01-06T10:00"])
        #expect(run.status == 3)
        #expect(run.stderr.contains("张伟 (zhangwei) 在 R-1 的「准备材料」环节没有待办"), "\(run.stderr)")
        run = try zone.run(["complete", "R-1", "--as", "wangfang", "--item", "w9", "--now", "2025-01-06T10:00"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("R-1 没有待办 w9"), "\(run.stderr)")
        run = try zone.run(["show", "NOPE"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("库中没有事项 NOPE"), "\(run.stderr)")
        // The journal keeps the engine's own words for auditors.
        let log = try zone.run(["log", "R-1", "--json"])
        #expect(log.stdout.contains("has no open work item"))
    }

    @Test("a language the store cannot speak is refused at init and in store.json")
    func badLanguage() throws {
        let folder = try TemporaryDirectory()
        var run = try agency(["init", "--store", "s", "--language", "fr"], in: folder.url)
        #expect(run.status == 1)
        #expect(run.stderr.contains("--language 'fr' is not one of zh-CN, en"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("s").path))
        run = try agency(["init", "--store", "s", "--language", "en"], in: folder.url)
        #expect(run.status == 0, "\(run.stderr)")
        try folder.write("s/store.json", #"{"format": 1, "language": "zh"}"#)
        run = try agency(["list", "--store", "s"], in: folder.url)
        #expect(run.status != 0)
        #expect(run.stderr.contains("\"language\" must be \"zh-CN\""), "\(run.stderr)")
    }

    @Test("a table on a narrow terminal is cut with … and never wider than the terminal")
    func tablesFitTheTerminal() throws {
        let zone = try zone()
        let wide = try zone.run(["list"])
        let narrow = try zone.run(["list"], environment: ["COLUMNS": "64"])
        #expect(!wide.stdout.contains("…"))
        #expect(narrow.stdout.contains("…"), "\(narrow.stdout)")
        for line in narrow.stdout.split(separator: "\n") where !line.hasPrefix("共 ") {
            #expect(Self.columns(String(line)) <= 64, "\(line)")
        }
    }

    /// Terminal columns of a line (CJK characters take two).
    static func columns(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { count, scalar in
            let value = scalar.value
            return count + ((0x2E80...0x9FFF).contains(value) || (0xFF00...0xFF60).contains(value) ? 2 : 1)
        }
    }

    @Test("notifications read as messages: project, what, by when, what to do")
    func notificationMessages() throws {
        let zone = try zone()
        let run = try zone.run(["notifications", "--to", "wangfang"])
        #expect(run.stdout.contains("【新待办】光伏储能一体化 · 项目联审：准备材料，截止 1月9日（周四）前。请及时办理。 [R-1]"),
                "\(run.stdout)")
        let json = try JSONValue.parse(Array(try zone.run(["notifications", "--json"]).stdout.utf8))
        #expect(json[0]?["message"]?.stringValue?.hasPrefix("【新待办】") == true)
        #expect(json[0]?["title"] == "新待办：准备材料", "the stored notification is unchanged")
    }

    @Test("inbox --projects: a leader's projects with stage, light and what is overdue")
    func leaderProjects() throws {
        let folder = try TemporaryDirectory()
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let store = folder.url.appendingPathComponent("demo").path
        #expect(try agency(["demo", "--store", store, "--weeks", "4"], in: repository).status == 0)
        let run = try agency(["inbox", "--as", "wangjun", "--projects", "--store", store], in: repository)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("王军 包联的项目"), "\(run.stdout)")
        #expect(run.stdout.contains("包联领导") && run.stdout.contains("智能矿山装备再制造项目 [P03]"), "\(run.stdout)")
        #expect(run.stdout.contains("已超期"), "\(run.stdout)")
    }
}
