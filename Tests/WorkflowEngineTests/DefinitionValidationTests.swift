import Testing
@testable import WorkflowEngine

@Suite("Definition validation")
struct DefinitionValidationTests {
    @Test("a rule with both at_least and ratio is refused, not silently read as one of them")
    func ruleWithBothKeys() {
        let found = problems("""
            return workflow {
              name = "both", start = "review",
              states = {
                review = approval { approvers = { role("包联领导") }, rule = { at_least = 2, ratio = 0.5 },
                                    on = { approved = "done" } },
                done = final {},
              },
            }
            """)
        #expect(found.contains { $0.contains("rule has both at_least and ratio") }, "\(found)")
    }

    @Test("every problem is reported with its line")
    func problemsWithLines() {
        let found = problems("""
            return workflow {
              name = "bad",
              start = "draft",
              states = {
                draft = task { title = "起草", assigne = "agent", on = { submit = "reveiw" } },
                review = approval { approvers = { "leader" }, rule = "most", on = { approved = "done" } },
                orphan = task { assignee = "agent", due = "3 days", on = { x = "done" } },
                done = final { },
              },
            }
            """)
        #expect(found.contains("wf.lua:5: state 'draft': unknown key 'assigne' (did you mean 'assignee'?)"))
        #expect(found.contains("wf.lua:5: state 'draft': 'assignee' is required"))
        #expect(found.contains("wf.lua:5: state 'draft': event 'submit' goes to unknown state 'reveiw' (did you mean 'review'?)"))
        #expect(found.contains { $0.hasPrefix("wf.lua:6: state 'review': rule 'most' is unknown") })
        #expect(found.contains { $0.hasPrefix("wf.lua:7: state 'orphan': 'due' is not a valid duration") })
        #expect(found.contains("wf.lua:7: state 'orphan' cannot be reached from the start state 'draft'"))
        #expect(found.contains("wf.lua:6: state 'review' cannot be reached from the start state 'draft'"))
    }

    @Test("no final state, a missing start, a state nobody can leave")
    func structure() {
        let found = problems("""
            return workflow {
              name = "w", start = "begin",
              states = { a = task { assignee = "x" } },
            }
            """)
        #expect(found.contains("wf.lua: workflow: start state 'begin' is not defined"))
        #expect(found.contains("wf.lua: workflow: there is no final state; add one such as done = final { }"))
        #expect(found.contains("wf.lua:3: state 'a' has no transitions: nothing can leave it (add on = { event = \"next_state\" })"))
    }

    @Test("duplicate state names are caught even though Lua keeps only one")
    func duplicates() {
        let found = problems("""
            return workflow {
              name = "w", start = "a",
              states = {
                a = task { assignee = "x", on = { go = "done" } },
                a = task { assignee = "y", on = { go = "done" } },
                done = final { },
              },
            }
            """)
        #expect(found.contains("wf.lua:5: duplicate state name 'a' (first declared on line 4); Lua would keep only the last one"))
        // A tab before the kind, `=` inside a string first, CRLF line ends.
        let spaced = problems("return workflow {\r\n  name = \"w\", start = \"b\",\r\n  states = {\r\n"
            + "    b =\ttask { title = \"x = y\", assignee = \"x\", on = { go = \"done\" } },\r\n"
            + "    b = task { assignee = \"y\", on = { go = \"done\" } },\r\n"
            + "    note = \"a = task {\",\r\n"
            + "    done = final { },\r\n  },\r\n}\r\n")
        #expect(spaced.contains("wf.lua:5: duplicate state name 'b' (first declared on line 4); Lua would keep only the last one"),
                "\(spaced)")
        #expect(spaced.filter { $0.contains("duplicate") }.count == 1, "\(spaced)")
    }

    @Test("wrong types and plain tables are named")
    func types() {
        let found = problems("""
            return workflow {
              name = "w", start = "a", title = 5,
              states = {
                a = { assignee = "x" },
                done = final { outcome = 3 },
              },
            }
            """)
        #expect(found.contains("wf.lua:1: workflow: 'title' must be a string, got number"))
        #expect(found.contains { $0.contains("state 'a' must be declared with a constructor") || $0.contains("state 'a' must be declared with one of") })
        #expect(found.contains("wf.lua:5: state 'done': 'outcome' must be a string, got number"))
    }

    @Test("a syntax error and a bad duration call point at their lines")
    func syntaxAndRuntime() {
        #expect(problems("return workflow {\n  name = ,\n}") == ["wf.lua:2: unexpected symbol near ','"])
        #expect(problems("return workflow {\n name = 'x',\n states = { a = task { due = workdays(0) } } }")
                == ["wf.lua:3: workdays(n) expects a whole number of at least 1, got 0"])
    }

    @Test("a file that returns something else is refused")
    func notAWorkflow() {
        #expect(problems("return 1") == ["wf.lua: a workflow file must return workflow { ... }, but it returned number"])
    }
}
