import AgencyJSON
import AgencyService
import AgencyTestRunner
import Foundation
import Testing
import WorkflowEngine

@Suite("agency test: the runner")
struct TestRunnerTests {
    @Test("a passing file: every test passes, the summary line counts them")
    func passing() throws {
        let scratch = try RunnerScratch()
        let (report, _) = try scratch.run("pass", """
        test("两级同意", function(t)
          local id = t:start("trip", { city = "太原", applicant = "agent1" }, { as = "agent1" })
          t:expect_state(id, "check")
          t:act(id, "approve", { as = "leader1", comment = "同意" })
          t:expect_item(id, { assignee = "director", title = "主任审批" })
          t:act(id, "approve", { as = "director" })
          t:expect_status(id, "completed")
          t:expect_eq(t:instance(id).outcome, "approved")
          t:expect_journal(id, { kind = "approve", actor = "leader1", details = { from = "check", to = "sign" } })
        end)
        test("驳回后修改", function(t)
          local id = t:start("trip", { city = "太原", applicant = "agent1" }, { as = "agent1", id = "trip-7" })
          t:expect_eq(id, "trip-7")
          t:act(id, "reject", { as = "leader1" })
          t:act(id, "complete", { as = "agent1", outcome = "resubmitted" })
          t:expect_state(id, "check")
        end)
        """)
        #expect(report.passed == 2)
        #expect(report.failed == 0)
        #expect(report.summaryLine == "2 passed, 0 failed")
        #expect(report.files.first?.tests.map(\.name) == ["两级同意", "驳回后修改"])
    }

    @Test("a broken expectation names the test, FILE:LINE, expected and actual")
    func brokenExpectation() throws {
        let scratch = try RunnerScratch()
        let (report, file) = try scratch.run("broken", """
        test("应当在主任审批", function(t)
          local id = t:start("trip", { city = "太原", applicant = "agent1" }, { as = "agent1" })
          t:expect_state(id, "sign") -- the broken line
        end)
        """)
        #expect(report.summaryLine == "0 passed, 1 failed")
        let test = try #require(report.files.first?.tests.first)
        let failure = try #require(test.failure)
        #expect(failure.file == file.path)
        #expect(failure.line == (try line(of: "the broken line", in: file)))
        #expect(failure.expectation == "expect_state")
        #expect(failure.expected == .string("sign"))
        #expect(failure.actual == .string("check"))
        let text = TestReportText.test(test)
        #expect(text.hasPrefix("  FAIL 应当在主任审批\n"))
        #expect(text.contains("\(file.path):\(failure.line ?? 0): expect_state: trip-1 is in state \"check\" (running), expected \"sign\""))
        #expect(text.contains("expected: \"sign\""))
        #expect(text.contains("actual:   \"check\""))
    }

    @Test("a failure inside a helper function names the helper's line and the caller's")
    func helperFailure() throws {
        let scratch = try RunnerScratch()
        let (report, file) = try scratch.run("helper", """
        local function check(t, value)
          t:expect_eq(value, 2, "the count") -- inside the helper
        end
        test("helper", function(t)
          check(t, 1) -- the caller
        end)
        """)
        let failure = try #require(report.files.first?.tests.first?.failure)
        #expect(failure.line == (try line(of: "inside the helper", in: file)))
        #expect(failure.message == "expect_eq: the count: expected 2, got 1")
        #expect(failure.traceback.contains("\(file.path):\(try line(of: "the caller", in: file)):"))
    }

    @Test("script errors, refused actions and typos fail with their own messages")
    func errors() throws {
        let scratch = try RunnerScratch()
        let (report, file) = try scratch.run("errors", """
        test("nil index", function(t)
          local x = nil
          return x.field -- nil here
        end)
        test("refused", function(t)
          local id = t:start("trip", { city = "太原", applicant = "agent1" }, { as = "agent1" })
          t:act(id, "approve", { as = "director" }) -- not his turn
        end)
        test("typo in an option", function(t)
          t:start("trip", { city = "太原", applicant = "agent1" }, { as = "agent1", commment = "x" })
        end)
        test("dot instead of colon", function(t)
          t.now()
        end)
        test("unknown person", function(t)
          t:start("trip", { city = "太原", applicant = "agent1" }, { as = "nobody" })
        end)
        test("unknown workflow", function(t)
          t:start("nope", {}, { as = "agent1" })
        end)
        """)
        let failures = (report.files.first?.tests ?? []).compactMap(\.failure)
        #expect(failures.count == 6)
        #expect(failures[0].line == (try line(of: "nil here", in: file)))
        #expect(failures[0].message == "attempt to index a nil value (local 'x')")
        #expect(failures[1].line == (try line(of: "not his turn", in: file)))
        #expect(failures[1].message.hasPrefix("t:act(\"trip-1\", \"approve\") as director was refused (not_permitted): "))
        #expect(failures[2].message == "t:start(\"trip\"): unknown option 'commment' (allowed: as, id)")
        #expect(failures[3].message == "call it as t:now(...), with a colon")
        #expect(failures[4].message.contains("'nobody' is not in the people directory"))
        #expect(failures[5].message.contains("no workflow 'nope'"))
        #expect(failures.allSatisfy { $0.expectation == nil && $0.file == file.path })
    }

    @Test("expect_refused checks the refusal's code, and fails when the command is accepted")
    func expectRefused() throws {
        let scratch = try RunnerScratch()
        let (report, file) = try scratch.run("refused", """
        test("right code", function(t)
          local id = t:start("trip", { city = "太原", applicant = "agent1" }, { as = "agent1" })
          local refusal = t:expect_refused(function() t:act(id, "approve", { as = "director" }) end, "not_permitted")
          t:expect_eq(refusal.code, "not_permitted")
          t:expect_refused(function() t:start("trip", { applicant = "agent1" }, { as = "agent1" }) end, "invalid")
          t:expect_refused(function() t:act(id, "goto", { as = "agent1", to = "done", reason = "x" }) end)
        end)
        test("wrong code", function(t)
          local id = t:start("trip", { city = "太原", applicant = "agent1" }, { as = "agent1" })
          t:expect_refused(function() t:act(id, "approve", { as = "director" }) end, "invalid") -- expects invalid
        end)
        test("accepted", function(t)
          local id = t:start("trip", { city = "太原", applicant = "agent1" }, { as = "agent1" })
          t:expect_refused(function() t:act(id, "approve", { as = "leader1" }) end) -- accepted
        end)
        """)
        let tests = report.files.first?.tests ?? []
        #expect(tests.map(\.passed) == [true, false, false])
        #expect(tests[1].failure?.line == (try line(of: "-- expects invalid", in: file)))
        #expect(tests[1].failure?.expected == .string("invalid"))
        #expect(tests[1].failure?.actual == .string("not_permitted"))
        #expect(tests[2].failure?.line == (try line(of: "-- accepted", in: file)))
        #expect(tests[2].failure?.message == "expect_refused: the command was accepted, expected a refusal")
    }

    @Test("the virtual clock fires reminders and due times in order, and only moves forward")
    func virtualClock() throws {
        let scratch = try RunnerScratch()
        let (report, _) = try scratch.run("clock", """
        test("reminder then red", function(t)
          t:at("2025-01-06T09:00")
          local id = t:start("trip", { city = "太原", applicant = "agent1" }, { as = "agent1" })
          t:expect_no_notification { kind = "催办" }
          local fired = t:advance(workdays(1))
          t:expect_eq(t:now(), "2025-01-08T00:00:00+08:00")
          t:expect_eq(#fired.fired, 1)
          t:expect_match(fired.fired[1], { instance = id, kind = "remind" })
          t:expect_notification { to = "leader1", kind = "催办", instance = id }
          t:expect_eq(t:clear_notifications(), 2)
          t:advance(workdays(1))
          t:expect_notification { to = "leader1", kind = "color", level = "red" }
          t:expect_no_notification { kind = "催办" }
          t:expect_item(id, { color = "red", reminders = 1 })
        end)
        test("backwards", function(t)
          t:advance(hours(2))
          t:at("2025-01-06T10:00")
        end)
        """)
        let tests = report.files.first?.tests ?? []
        #expect(tests.first?.passed == true, "\(tests.first?.failure.map { TestReportText.describe($0) } ?? "")")
        #expect(tests.last?.failure?.message
                == "t:at: the clock only moves forward; it is 2025-01-06T11:00:00+08:00, and 2025-01-06T10:00:00+08:00 is earlier")
    }

    @Test("schedules fire when the clock passes them, in time order with timers")
    func schedules() throws {
        let scratch = try RunnerScratch()
        try scratch.write("Workflows/weekly.lua", """
        return workflow {
          name = "weekly",
          schedule = weekly { day = "MON", at = "09:00", input = function(info) return { day = info.date } end },
          input = { day = "string" },
          start = "meet",
          states = {
            meet = task { title = "周调度会", assignee = role("主任"), due = days(1), on = { held = "done" } },
            done = final { },
          },
        }
        """)
        let (report, _) = try scratch.run("schedule", """
        test("two Mondays", function(t)
          t:at("2025-01-06T10:00")
          t:expect_eq(t:enable_schedule("weekly", "2025-01-07"), "2025-01-13")
          local moved = t:advance(days(7))
          t:expect_eq(moved.started, { "weekly-2025-01-13" })
          t:expect_eq(#t:list { workflow = "weekly" }, 1)
          t:expect_data("weekly-2025-01-13", { day = "2025-01-13" })
          t:expect_item("weekly-2025-01-13", { assignee = "director", due = "2025-01-14T09:00:00+08:00" })
          t:advance("2025-01-20T12:00")
          t:expect_eq(#t:list { workflow = "weekly", status = "running" }, 2)
          t:expect_notification { to = "director", kind = "color", level = "red", instance = "weekly-2025-01-13" }
          t:expect_eq(#t:inbox("director"), 2)
          t:expect_match(t:report("weekly"), { week = "2025-W04" })
          t:expect_match(t:report("weekly", { week = "2025-W03" }), { week = "2025-W03" })
          local ok, err = pcall(t.report, t, "monthly")
          t:expect(not ok and err:find("no report named .monthly. %(there are: weekly%)") ~= nil, err)
        end)
        """)
        let failure = report.files.first?.tests.first?.failure
        #expect(report.passed == 1, "\(failure.map { TestReportText.describe($0) } ?? "")")
    }

    @Test("every action kind reaches the engine")
    func actionKinds() throws {
        let scratch = try RunnerScratch()
        let (report, _) = try scratch.run("kinds", """
        test("kinds", function(t)
          local id = t:start("trip", { city = "太原", applicant = "agent1" }, { as = "agent1" })
          t:act(id, "comment", { as = "agent1", comment = "附上行程", attach = { "trip.pdf" } })
          t:act(id, "transfer", { as = "leader1", to = "admin" })
          t:expect_item(id, { assignee = "admin" })
          t:act(id, "reassign", { as = "admin", item = t:items(id)[1].id, to = "leader1", reason = "调整" })
          t:act(id, "delegate", { as = "leader1", to = "agent1" })
          t:act(id, "approve", { as = "agent1", comment = "我看可以" })
          t:expect_item(id, { assignee = "leader1" })
          t:act(id, "addsign", { as = "leader1", who = "director", where = "before" })
          t:act(id, "approve", { as = "director" })   -- 前加签: the seat goes back to leader1
          t:expect_state(id, "check")
          t:act(id, "approve", { as = "leader1" })    -- rule any: the first approved seat decides
          t:expect_state(id, "sign")
          t:act(id, "takeback", { as = "leader1" })   -- 拿回 while the 主任 has not acted
          t:expect_state(id, "check")
          t:act(id, "approve", { as = "leader1" })
          t:expect_state(id, "sign")
          t:act(id, "return", { as = "director", to = "check" })
          t:expect_state(id, "check")
          t:act(id, "goto", { as = "admin", to = "sign", reason = "线下已审" })
          t:act(id, "cancel", { as = "admin", reason = "取消出差" })
          t:expect_status(id, "cancelled")
          t:expect_journal(id, { kind = "comment" })
        end)
        """)
        let failure = report.files.first?.tests.first?.failure
        #expect(report.passed == 1, "\(failure.map { TestReportText.describe($0) } ?? "")")
    }

    @Test("--filter runs only the matching tests; --json has the stable shape")
    func filterAndJSON() throws {
        let scratch = try RunnerScratch()
        let (report, file) = try scratch.run("filter", """
        test("审批通过", function(t) t:expect(true) end)
        test("审批驳回", function(t) t:expect(false, "deliberately") end)
        test("其他", function(t) t:fail("should not run") end)
        """, filter: "审批")
        #expect(report.summaryLine == "1 passed, 1 failed")
        let json = report.json
        #expect(json["passed"] == 1)
        #expect(json["failed"] == 1)
        let tests = try #require(json["files"]?[0]?["tests"]?.arrayValue)
        #expect(tests.map { $0["name"] } == ["审批通过", "审批驳回"])
        #expect(tests[1]["status"] == "failed")
        #expect(tests[1]["failure"]?["line"]?.intValue == Int64(try line(of: "deliberately", in: file)))
        #expect(tests[1]["failure"]?["expectation"] == "expect")
        #expect(tests[1]["failure"]?["message"] == "expect: deliberately")
    }

    @Test("a file that does not load counts as one failure, with its line")
    func fileErrors() throws {
        let scratch = try RunnerScratch()
        let (report, file) = try scratch.run("syntax", "test(\"a\", function(t)\n  t:expect_eq(1,\nend)\n")
        #expect(report.summaryLine == "0 passed, 1 failed")
        let error = try #require(report.files.first?.error)
        #expect(error.file == file.path)
        #expect(error.line == (try line(of: "end)", in: file)))
        let (empty, _) = try scratch.run("empty", "local x = 1\n")
        #expect(empty.files.first?.error?.message.contains("declares no tests") == true)
        let (twice, _) = try scratch.run("twice", "test(\"a\", function() end)\ntest(\"a\", function() end)\n")
        #expect(twice.files.first?.error?.message.contains("is used twice") == true)
    }

    @Test("test files are found in folders, in name order; a missing path is an error")
    func discovery() throws {
        let scratch = try RunnerScratch()
        try scratch.write("Workflows/tests/b_test.lua", "")
        try scratch.write("Workflows/tests/zone/a_test.lua", "")
        try scratch.write("Workflows/tests/helper.lua", "")
        let files = try WorkflowTestRunner.testFiles([scratch.workflows.appendingPathComponent("tests").path])
        #expect(files.map(\.lastPathComponent) == ["b_test.lua", "a_test.lua"])
        #expect(throws: TestRunError.self) { try WorkflowTestRunner.testFiles(["/no/such/folder"]) }
    }
}
