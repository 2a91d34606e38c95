import Foundation
import Testing

/// A one-approval workflow and its people, for the command's end-to-end tests.
private let memoWorkflow = """
return workflow {
  name = "memo",
  input = { author = "person" },
  start = "review",
  states = {
    review = approval {
      title = "审阅", approvers = { role("主任") }, rule = "any", due = workdays(1),
      on = { approved = "done", rejected = "done" },
    },
    done = final { },
  },
}
"""

private let memoPeople = """
{ "format": 1, "people": [
  { "id": "author1", "name": "作者", "roles": ["代办员"] },
  { "id": "boss", "name": "主任", "roles": ["主任"] } ] }
"""

private let memoTests = """
test("同意", function(t)
  local id = t:start("memo", { author = "author1" }, { as = "author1" })
  t:act(id, "approve", { as = "boss" })
  t:expect_status(id, "completed")
end)

test("超期变红", function(t)
  local id = t:start("memo", { author = "author1" }, { as = "author1" })
  t:advance(workdays(1))
  t:expect_item(id, { color = "red" })
end)
"""

private func memoFolder(tests: String = memoTests) throws -> TemporaryDirectory {
    let directory = try TemporaryDirectory()
    try directory.write("Workflows/memo.lua", memoWorkflow)
    try directory.write("Workflows/people.json", memoPeople)
    try directory.write("Workflows/tests/memo_test.lua", tests)
    return directory
}

@Suite("agency test and agency lint")
struct TestCommandTests {
    @Test("all passing: exit 0 and the last line is exactly 'N passed, N failed'")
    func passing() throws {
        let directory = try memoFolder()
        let run = try agency(["test"], in: directory.url)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.hasPrefix("Workflows/tests/memo_test.lua\n  ok   同意\n  ok   超期变红\n"))
        #expect(run.stdout.split(separator: "\n").last == "2 passed, 0 failed")
    }

    @Test("a deliberately broken test: exit 1, FILE:LINE, expected and actual")
    func broken() throws {
        let directory = try memoFolder(tests: memoTests.replacingOccurrences(
            of: "t:expect_status(id, \"completed\")", with: "t:expect_status(id, \"cancelled\")"))
        let run = try agency(["test", "Workflows/tests"], in: directory.url)
        #expect(run.status == 1)
        #expect(run.stdout.contains("""
              FAIL 同意
                  Workflows/tests/memo_test.lua:4: expect_status: memo-1 is completed in state "done", expected cancelled
                    expected: "cancelled"
                    actual:   "completed"
            """))
        #expect(run.stdout.split(separator: "\n").last == "1 passed, 1 failed")
    }

    @Test("--filter and --json")
    func filterAndJSON() throws {
        let directory = try memoFolder()
        let run = try agency(["test", "--filter", "超期", "--json"], in: directory.url)
        #expect(run.status == 0)
        #expect(run.stdout.contains("\"name\": \"超期变红\""))
        #expect(!run.stdout.contains("\"name\": \"同意\""))
        #expect(run.stdout.contains("\"passed\": 1"))
        let none = try agency(["test", "--filter", "nothing-matches"], in: directory.url)
        #expect(none.status == 2)
        #expect(none.stderr.contains("no test name contains 'nothing-matches'"))
    }

    @Test("a missing path is 'not found'; --replay refuses test paths")
    func usage() throws {
        let directory = try memoFolder()
        let missing = try agency(["test", "Workflows/nope"], in: directory.url)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("Workflows/nope: no such file or folder"))
        let mixed = try agency(["test", "--replay", ".agency", "Workflows/tests"], in: directory.url)
        #expect(mixed.status == 64)
    }

    @Test("--replay on a store reports an instance the edited workflow would treat differently")
    func replay() throws {
        let directory = try memoFolder()
        #expect(try agency(["init", "--simulation", "--people", "Workflows/people.json"], in: directory.url).status == 0)
        let start = try agency(["start", "memo", "--id", "m1", "--input", "{\"author\":\"author1\"}",
                                "--as", "author1", "--now", "2025-01-06T09:00"], in: directory.url)
        #expect(start.status == 0, "\(start.stderr)")
        #expect(try agency(["approve", "m1", "--as", "boss", "--now", "2025-01-06T10:00"], in: directory.url).status == 0)
        let same = try agency(["test", "--replay", ".agency"], in: directory.url)
        #expect(same.status == 0, "\(same.stdout)\(same.stderr)")
        #expect(same.stdout.contains("1 instance: 1 same, 0 differ"))
        try directory.write("Workflows/memo.lua", memoWorkflow.replacingOccurrences(
            of: "due = workdays(1)", with: "due = workdays(3)"))
        let changed = try agency(["test", "--replay", ".agency"], in: directory.url)
        #expect(changed.status == 1)
        #expect(changed.stdout.contains("DIFFERS  m1 (memo) at seq 1, start by author1"))
        #expect(changed.stdout.contains("items[1].due: pinned \"2025-01-08T00:00:00+08:00\", current \"2025-01-10T00:00:00+08:00\""))
    }

    @Test("lint: warnings with FILE:LINE and rule, exit 0, or 1 with --strict")
    func lint() throws {
        let directory = try memoFolder()
        try directory.write("Workflows/memo.lua", memoWorkflow
            .replacingOccurrences(of: " due = workdays(1),", with: "")
            .replacingOccurrences(of: "role(\"主任\")", with: "role(\"分管领导\")"))
        let run = try agency(["lint", "Workflows/memo.lua"], in: directory.url)
        #expect(run.status == 0)
        #expect(run.stderr.contains("Workflows/memo.lua:6: warning: approval 'review' has no due time"))
        #expect(run.stderr.contains("[unknown-role]"))
        #expect(run.stdout.contains("1 file: 0 errors, 2 warnings"))
        let strict = try agency(["lint", "--strict", "Workflows/memo.lua"], in: directory.url)
        #expect(strict.status == 1)
        let clean = try memoFolder()
        #expect(try agency(["lint", "--strict"], in: clean.url).status == 0)
    }
}
