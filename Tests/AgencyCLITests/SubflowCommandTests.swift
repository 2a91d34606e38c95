import Foundation
import Testing

/// Subflows and 抄送 from the CLI (issue #15): the wait shows in the inbox, a cancel goes
/// down to the children, `inbox --cc` lists copies, graph and lint know `each` and `cc`.
@Suite("Subflows and CC from the CLI")
struct SubflowCommandTests {
    static let permit = """
        return workflow {
          name = "permit", title = "手续", start = "work", input = { agent = "person", item = "string?" },
          states = {
            work = task { title = "办理", assignee = "agent", due = workdays(3), on = { done = "issued" } },
            issued = final { outcome = "issued" },
          },
        }
        """

    static let batch = """
        return workflow {
          name = "batch", title = "并联手续", start = "run",
          input = { agent = "person", items = "list" },
          states = {
            run = subflow {
              title = "并联办理", workflow = "permit", each = "items", complete = "all",
              cc = person("sunli"), due = workdays(10),
              input = function(ctx, element, index) return { agent = ctx.data.agent, item = element } end,
              on = { completed = "done", cancelled = "stuck", failed = "stuck" },
            },
            done = final { },
            stuck = final { },
          },
        }
        """

    /// A subflow missing its cancelled and failed routes, and `each` on a string field.
    static let sloppy = """
        return workflow {
          name = "sloppy", start = "run", input = { agent = "person", items = "string" },
          states = {
            run = subflow { workflow = "permit", each = "items", on = { completed = "done" } },
            done = final { },
          },
        }
        """

    func zone() throws -> CLIFixture {
        let zone = try CLIFixture(workflows: ["permit": Self.permit, "batch": Self.batch])
        let run = try zone.run(["start", "batch", "--id", "B", "--as", "wangfang", "--now", "2025-01-06T09:00",
                                "--input", #"{"agent": "wangfang", "items": ["消防", "环评"]}"#])
        #expect(run.status == 0, "\(run.stderr)")
        return zone
    }

    @Test("each starts one child per element; the wait is in the initiator's inbox; show lists the children")
    func childrenAndInbox() throws {
        let zone = try zone()
        let inbox = try zone.run(["inbox", "--as", "wangfang"])
        #expect(inbox.stdout.contains("并联手续 [B]") && inbox.stdout.contains("并联办理"), "\(inbox.stdout)")
        #expect(inbox.stdout.contains("B.c1") && inbox.stdout.contains("B.c2"))
        var run = try zone.run(["complete", "B.c1", "--as", "wangfang", "--now", "2025-01-06T10:00"])
        #expect(run.status == 0, "\(run.stderr)")
        run = try zone.run(["show", "B"])
        #expect(run.stdout.contains("子流程  B.c1 已办结（已办结）、B.c2 办理中"), "\(run.stdout)")
        run = try zone.run(["complete", "B.c2", "--as", "wangfang", "--now", "2025-01-06T11:00"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try zone.run(["show", "B"]).stdout.contains("已办结（完成）"))
        #expect(try zone.run(["verify", "--all"]).status == 0)
    }

    @Test("cancel of a parent cancels its running children, journaled with the reason")
    func cancelCascade() throws {
        let zone = try zone()
        let run = try zone.run(["cancel", "B", "--as", "admin", "--reason", "项目终止", "--now", "2025-01-06T10:00"])
        #expect(run.status == 0, "\(run.stderr)")
        for id in ["B.c1", "B.c2"] {
            #expect(try zone.run(["show", id]).stdout.contains("已取消"))
            let log = try zone.run(["log", id]).stdout
            #expect(log.contains("取消") && log.contains("父流程 B 已取消：项目终止"), "\(log)")
        }
        #expect(try zone.run(["inbox", "--as", "wangfang"]).stdout.contains("B.c1") == false)
        #expect(try zone.run(["verify", "--all"]).status == 0)
    }

    @Test("inbox --cc lists the instances copied to a person, newest first; show journals the copy")
    func carbonCopyInbox() throws {
        let zone = try zone()
        let run = try zone.run(["inbox", "--cc", "--as", "sunli"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("抄送") && run.stdout.contains("B") && run.stdout.contains("并联办理"), "\(run.stdout)")
        let json = try zone.run(["inbox", "--cc", "--as", "sunli", "--json"])
        #expect(json.stdout.contains(#""instance" : "B""#) || json.stdout.contains(#""instance": "B""#), "\(json.stdout)")
        #expect(try zone.run(["inbox", "--cc", "--as", "zhangwei"]).stdout.contains("B ") == false)
        #expect(try zone.run(["show", "B"]).stdout.contains("王芳 抄送 → 孙立"))
    }

    @Test("graph draws each and cc; lint warns about missing end routes and each on a non-list")
    func graphAndLint() throws {
        let zone = try CLIFixture(workflows: ["permit": Self.permit, "batch": Self.batch, "sloppy": Self.sloppy])
        let graph = try zone.run(["graph", "Workflows/batch.lua"])
        #expect(graph.stdout.contains("subflow × each items, all"), "\(graph.stdout)")
        #expect(graph.stdout.contains("抄送 → "))
        let lint = try zone.run(["lint", "Workflows/sloppy.lua"])
        let warnings = lint.stdout + lint.stderr
        #expect(warnings.contains("[subflow-end-route]") && warnings.contains("[each-not-list]"), "\(warnings)")
    }
}
