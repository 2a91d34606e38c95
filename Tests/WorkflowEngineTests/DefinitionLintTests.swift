import Foundation
import LuaRuntime
import Testing
@testable import WorkflowEngine

/// Loads `source` and lints it against the test people (代办员, 包联领导, 主任, admin).
func lint(_ source: String, people: PeopleDirectory? = testPeople) throws -> [DefinitionProblem] {
    let definition = try DefinitionLoader.load(source: Array(source.utf8), file: "w.lua", runtime: try LuaRuntime())
    return DefinitionLint.warnings(definition, source: Array(source.utf8), people: people)
}

/// A clean two-step approval that every rule accepts.
let cleanFlow = """
return workflow {
  name = "w",
  input = { agent = "person" },
  start = "collect",
  states = {
    collect = task {
      title = "收集材料", assignee = "agent", due = workdays(3),
      escalate = { { after = workdays(2), remind = "assignee" },
                   { after = workdays(3), escalate_to = role("包联领导"), level = "督办" } },
      on = { submitted = "review" },
    },
    review = approval {
      title = "审核", approvers = { role("主任") }, due = workdays(2),
      on = { approved = "done", rejected = "collect" },
    },
    done = final { },
  },
}
"""

@Suite("agency lint rules")
struct DefinitionLintTests {
    @Test("a clean workflow has no warnings")
    func clean() throws {
        #expect(try lint(cleanFlow).isEmpty)
    }

    @Test("no-due: a task, approval or wait without a due time, at its line")
    func noDue() throws {
        let source = cleanFlow.replacingOccurrences(of: "title = \"审核\", approvers = { role(\"主任\") }, due = workdays(2),",
                                                    with: "title = \"审核\", approvers = { role(\"主任\") },")
        let warnings = try lint(source)
        #expect(warnings.count == 1)
        let warning = try #require(warnings.first)
        #expect(warning.kind == "no-due")
        #expect(warning.severity == .warning)
        #expect(warning.line == 12)
        #expect(warning.description == "w.lua:12: warning: approval 'review' has no due time: nothing reminds anyone "
                + "or turns it red; add due = workdays(n) [no-due]")
    }

    @Test("no-due for a wait state, and for a checklist whose items have none")
    func noDueWaitAndParallel() throws {
        let source = """
        return workflow {
          name = "w", start = "wait_dept",
          states = {
            wait_dept = wait { title = "部门审批中", on = { issued = "check" } },
            check = parallel {
              items = { { key = "fire", title = "消防", assignee = role("代办员"), due = workdays(5) },
                        { key = "env", title = "环评", assignee = role("代办员") } },
              on = { done = "done" },
            },
            done = final { },
          },
        }
        """
        let warnings = try lint(source)
        #expect(warnings.map(\.kind) == ["no-due", "no-due"])
        #expect(warnings[0].message.hasPrefix("wait 'wait_dept' has no due time"))
        #expect(warnings[1].message.hasPrefix("parallel 'check': items env have no due time"))
    }

    @Test("no-reject: an approval without a rejected route")
    func noReject() throws {
        let source = cleanFlow.replacingOccurrences(of: "on = { approved = \"done\", rejected = \"collect\" }",
                                                    with: "on = { approved = \"done\" }")
        let warnings = try lint(source)
        #expect(warnings.map(\.kind) == ["no-reject"])
        #expect(warnings.first?.line == 12)
        #expect(warnings.first?.message.contains("approval 'review' has no rejected route") == true)
    }

    @Test("no-exit: states from which no final state can be reached, and a checklist without done")
    func noExit() throws {
        let source = """
        return workflow {
          name = "w", input = { agent = "person" }, start = "a",
          states = {
            a = task { assignee = "agent", due = days(1), on = { go = "b", finish = "done" } },
            b = task { assignee = "agent", due = days(1), on = { again = "c" } },
            c = task { assignee = "agent", due = days(1), on = { back = "b" } },
            d = parallel { items = { { key = "x", assignee = "agent", due = days(1) } }, on = { skip = "done" } },
            done = final { },
          },
        }
        """
        let warnings = try lint(source.replacingOccurrences(of: "finish = \"done\"", with: "finish = \"done\", check = \"d\""))
        #expect(warnings.map(\.kind) == ["no-exit", "no-exit", "no-exit"])
        #expect(warnings.map(\.line) == [5, 6, 7])
        #expect(warnings[0].message.hasPrefix("no final state can be reached from state 'b'"))
        #expect(warnings[2].message.hasPrefix("parallel state 'd' has no on = { done = ... }"))
    }

    @Test("unknown-role and unknown-person: ladders and assignments to nobody")
    func unknownPeople() throws {
        let source = cleanFlow
            .replacingOccurrences(of: "escalate_to = role(\"包联领导\")", with: "escalate_to = role(\"分管副主任\")")
            .replacingOccurrences(of: "approvers = { role(\"主任\") }", with: "approvers = { person(\"nobody\") }")
        let warnings = try lint(source)
        #expect(warnings.map(\.kind) == ["unknown-role", "unknown-person"])
        #expect(warnings[0].line == 6)  // a ladder step has no line of its own: its state's
        #expect(warnings[0].message.contains("escalate step 2 (督办) names role '分管副主任', which nobody holds"))
        #expect(warnings[1].message.contains("approvers names person 'nobody'"))
        // Without a people directory, roles are not checked.
        #expect(try lint(source, people: nil).isEmpty)
    }

    @Test("a lint: allow comment silences a rule on its line or the line below")
    func suppression() throws {
        let source = cleanFlow.replacingOccurrences(
            of: "    review = approval {\n      title = \"审核\", approvers = { role(\"主任\") }, due = workdays(2),",
            with: "    -- no deadline for the director: lint: allow no-due, no-reject\n"
                + "    review = approval {\n      title = \"审核\", approvers = { role(\"主任\") },")
            .replacingOccurrences(of: "on = { approved = \"done\", rejected = \"collect\" }", with: "on = { approved = \"done\" }")
        #expect(try lint(source).isEmpty)
        let other = source.replacingOccurrences(of: "lint: allow no-due, no-reject", with: "lint: allow no-reject")
        #expect(try lint(other).map(\.kind) == ["no-due"])
    }
}
