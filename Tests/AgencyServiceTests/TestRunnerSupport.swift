import AgencyService
import AgencyTestRunner
import Foundation
import Testing

/// A two-step approval with a reminder ladder, the workflow the runner tests exercise.
let runnerWorkflow = """
return workflow {
  name = "trip",
  title = "出差审批",
  input = { city = "string", applicant = "person" },
  start = "check",
  states = {
    check = approval {
      title = "领导审核",
      approvers = { role("包联领导") },
      rule = "any",
      due = workdays(2),
      escalate = { { after = workdays(1), remind = "assignee" } },
      on = { approved = "sign", rejected = "fix" },
    },
    fix = task { title = "修改", assignee = "applicant", on = { resubmitted = "check" } },
    sign = approval {
      title = "主任审批",
      approvers = { role("主任") },
      rule = "any",
      on = { approved = "done", rejected = "fix" },
    },
    done = final { outcome = "approved" },
  },
}
"""

let runnerPeople = """
people {
  { id = "agent1", name = "王代办", roles = { "代办员" } },
  { id = "leader1", name = "张领导", roles = { "包联领导" } },
  { id = "director", name = "孙主任", roles = { "主任" } },
  { id = "admin", name = "管理员", roles = { "admin" } },
}

"""

/// A workflows folder with `trip.lua` and a `tests/` folder, removed when released.
final class RunnerScratch {
    let root: URL
    var workflows: URL { root.appendingPathComponent("Workflows") }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("agency-runner-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: workflows.appendingPathComponent("tests"),
                                                withIntermediateDirectories: true)
        try write("Workflows/trip.lua", runnerWorkflow)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    @discardableResult
    func write(_ path: String, _ text: String) throws -> URL {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return url
    }

    /// Writes `tests/NAME_test.lua` (with the people block first) and runs it.
    func run(_ name: String, _ body: String, filter: String? = nil) throws -> (TestRunReport, URL) {
        let file = try write("Workflows/tests/\(name)_test.lua", runnerPeople + body)
        var options = TestRunOptions()
        options.filter = filter
        options.temporaryRoot = root
        return (WorkflowTestRunner(options: options).run([file]), file)
    }
}

/// The line of `text` (1-based) in `file` that contains `marker`.
func line(of marker: String, in file: URL) throws -> Int {
    let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
    return try #require(lines.firstIndex { $0.contains(marker) }) + 1
}
