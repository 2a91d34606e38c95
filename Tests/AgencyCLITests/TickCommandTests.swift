import AgencyJSON
import Foundation
import Testing

/// A simulation store with a small zone and the 催办/督办 ladder workflow. Immutable
/// after init, so threads may share it.
final class TickScene: @unchecked Sendable {
    let directory: TemporaryDirectory
    var url: URL { directory.url }

    static let people = """
        {"format": 1, "people": [
          {"id": "agent1", "name": "王代办", "roles": ["代办员"]},
          {"id": "leader1", "name": "张领导", "roles": ["包联领导"]},
          {"id": "director", "name": "孙主任", "roles": ["主任"]},
          {"id": "admin", "name": "管理员", "roles": ["admin"]}
        ]}
        """

    static let permit = """
        return workflow {
          name = "permit", title = "项目手续代办", start = "collect",
          states = {
            collect = task {
              title = "收集申报材料", assignee = person("agent1"), due = workdays(5),
              escalate = {
                { after = workdays(1), every = workdays(1), times = 2, remind = "assignee" },
                { after = workdays(3), escalate_to = role("主任"), level = "督办" },
              },
              colors = { blue = workdays(2), yellow = workdays(1) },
              timeout = "overdue",
              on = { submitted = "done" },
            },
            overdue = task { title = "超期协调", assignee = role("包联领导"), on = { resolved = "done" } },
            done = final { outcome = "filed" },
          },
        }
        """

    init(simulation: Bool = true) throws {
        directory = try TemporaryDirectory()
        try directory.write("people.json", Self.people)
        try directory.write("Workflows/permit.lua", Self.permit)
        let created = try agency(["init", "--store", "store", "--people", "people.json"]
                                 + (simulation ? ["--simulation"] : []), in: url)
        precondition(created.status == 0, created.stderr)
    }

    /// Runs agency against the scene's store and workflows.
    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> AgencyRun {
        try agency(arguments, in: url, environment: ["AGENCY_STORE": "store", "AGENCY_WORKFLOWS": "Workflows"]
                   .merging(environment) { $1 })
    }

    func json(_ arguments: [String]) throws -> JSONValue {
        let result = try run(arguments)
        precondition(result.status == 0, "agency \(arguments): \(result.stderr)")
        return try JSONValue.parse(Array(result.stdout.utf8))
    }

    func startPermit(_ id: String = "P1") throws {
        let started = try run(["start", "permit", "--id", id, "--as", "agent1", "--now", "2025-03-03T09:00"])
        precondition(started.status == 0, started.stderr)
    }
}

@Suite("agency tick and notifications")
struct TickCommandTests {
    @Test("tick --until --json walks the ladder in time order")
    func tickUntilJSON() throws {
        let scene = try TickScene()
        try scene.startPermit()
        let report = try scene.json(["tick", "--until", "2025-03-12", "--json"])
        #expect(report["until"]?.stringValue == "2025-03-12T00:00:00+08:00")
        let fired = try #require(report["fired"]?.arrayValue)
        #expect(fired.compactMap { $0["kind"]?.stringValue } == ["remind", "remind", "escalate", "blue", "yellow", "due"])
        let first = try #require(fired.first?.objectValue)
        #expect(first.keys.sorted() == ["at", "instance", "item", "kind", "timer"])
        #expect(first["instance"]?.stringValue == "P1")
        #expect(first["at"]?.stringValue == "2025-03-05T00:00:00+08:00")
        #expect(fired.last?["at"]?.stringValue == "2025-03-11T00:00:00+08:00")
        #expect(report["failed"] == [])
        #expect(report["started"] == [])
        #expect(report["notifications"] == 7)  // 2 催办, 督办, blue, yellow, red, new 超期协调 task
        #expect(report["deliveryProblems"] == [])

        // A second tick has nothing left to do.
        let again = try scene.run(["tick", "--until", "2025-03-12"])
        #expect(again.status == 0)
        #expect(again.stdout.contains("0 timers fired"))
        let show = try scene.json(["show", "P1", "--json"])
        #expect(show["state"]?.stringValue == "overdue")
    }

    @Test("two tick processes at once fire each timer exactly once")
    func twoProcesses() throws {
        let scene = try TickScene()
        let ids = (1...6).map { "P\($0)" }
        for id in ids { try scene.startPermit(id) }
        let results = TickRuns()
        let group = DispatchGroup()
        for _ in 0..<2 {
            group.enter()
            Thread {
                if let run = try? scene.run(["tick", "--until", "2025-03-12", "--json"]) { results.append(run) }
                group.leave()
            }.start()
        }
        group.wait()
        #expect(results.value.map(\.status) == [0, 0], "\(results.value.map(\.stderr))")
        let fired = try results.value.flatMap { run in
            try JSONValue.parse(Array(run.stdout.utf8))["fired"]?.arrayValue ?? []
        }
        #expect(fired.count == 6 * ids.count)
        for id in ids {
            let log = try #require(try scene.json(["log", id, "--kind", "timer", "--json"]).arrayValue)
            #expect(log.count == 6, "\(id)")
        }
        #expect(try scene.json(["notifications", "--json"]).arrayValue?.count == 8 * ids.count)
        #expect(try scene.run(["verify", "--all"]).status == 0)
    }

    @Test("tick --now fires late timers at that time; --until is for simulation stores only")
    func tickNow() throws {
        let scene = try TickScene()
        try scene.startPermit()
        let report = try scene.json(["tick", "--now", "2025-03-06T08:00", "--json"])
        let ats = Set(report["fired"]?.arrayValue?.compactMap { $0["at"]?.stringValue } ?? [])
        #expect(ats == ["2025-03-06T08:00:00+08:00"])
        #expect(report["fired"]?.arrayValue?.count == 2)

        let real = try TickScene(simulation: false)
        let refused = try real.run(["tick", "--until", "2025-03-12"])
        #expect(refused.status == 3)
        #expect(refused.stderr.contains("simulation"))
        let bad = try scene.run(["tick", "--until", "next tuesday"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("next tuesday"))
    }

    @Test("notifications list, --to, --json, and ack")
    func listAndAck() throws {
        let scene = try TickScene()
        try scene.startPermit()
        _ = try scene.run(["tick", "--until", "2025-03-12"])
        let all = try #require(try scene.json(["notifications", "--json"]).arrayValue)
        #expect(all.count == 8)  // the 7 from tick and the first task's 新待办
        let first = try #require(all.first)
        #expect(first["kind"] == "assigned")
        #expect(first["to"] == "agent1")
        #expect(first["instance"] == "P1")
        for field in ["key", "at", "title", "body", "item"] { #expect(first[field]?.stringValue != nil, "\(field)") }

        let director = try #require(try scene.json(["notifications", "list", "--to", "director", "--json"]).arrayValue)
        #expect(director.count == 1)
        #expect(director.first?["kind"] == "督办")
        #expect(director.first?["level"] == "督办")

        let table = try scene.run(["notifications", "--to", "agent1"])
        #expect(table.stdout.contains("【催办】项目手续代办：收集申报材料（该待办已结束，现处于「超期协调」） [P1]"), "\(table.stdout)")
        #expect(table.stdout.contains("待推送 6 条"))

        let key = try #require(director.first?["key"]?.stringValue)
        let acked = try scene.run(["notifications", "ack", key])
        #expect(acked.status == 0)
        #expect(acked.stdout.contains("1 notification(s) marked delivered"))
        #expect(try scene.json(["notifications", "--to", "director", "--json"]) == [])
        let unknown = try scene.run(["notifications", "ack", key])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains(key))

        let rest = try scene.run(["notifications", "ack", "--all", "--to", "agent1"])
        #expect(rest.stdout.contains("6 notification(s)"))
        #expect(try scene.json(["notifications", "--json"]).arrayValue?.count == 1)  // leader1's
        #expect(try scene.run(["notifications", "ack"]).status == 1)
    }

    @Test("a notification torn by a power loss: listing warns, reindex writes it again from the journal")
    func tornNotification() throws {
        let scene = try TickScene()
        try scene.startPermit()
        _ = try scene.run(["tick", "--until", "2025-03-12"])
        let before = try #require(try scene.json(["notifications", "--json"]).arrayValue)
        let key = try #require(before.last?["key"]?.stringValue)
        let file = scene.url.appendingPathComponent("store/notifications/pending/\(key).json")
        try Data("{\"to\": \"ag".utf8).write(to: file)

        let listed = try scene.run(["notifications"])
        #expect(listed.status == 0)
        #expect(listed.stderr.contains("could not be read"))
        #expect(listed.stderr.contains("agency reindex"))
        #expect(listed.stdout.contains("待推送 \(before.count - 1) 条"))

        let reindex = try scene.run(["reindex"])
        #expect(reindex.status == 0, "\(reindex.stderr)")
        #expect(reindex.stdout.contains("restored 1 notification(s)"))
        #expect(try scene.json(["notifications", "--json"]) == .array(before))
        #expect(try scene.run(["notifications"]).stderr.isEmpty)
        #expect(try scene.run(["reindex"]).stdout.contains("restored 0 notification(s)"))
    }

    /// A delivery script: saves what it got, and refuses 督办 to show a failure.
    static let pushScript = """
        #!/bin/sh
        mkdir -p sent
        cat > "sent/$AGENCY_NOTIFICATION_KEY.json"
        printf '%s|%s|%s|%s\\n' "$AGENCY_NOTIFICATION_TO" "$AGENCY_NOTIFICATION_TO_NAME" \\
          "$AGENCY_NOTIFICATION_KIND" "$AGENCY_NOTIFICATION_TITLE" >> sent/log.txt
        if [ "$AGENCY_NOTIFICATION_KIND" = "督办" ]; then
          echo "mail server refused $AGENCY_NOTIFICATION_TO" >&2
          exit 3
        fi
        exit 0
        """

    @Test("notifications deliver --command runs the command per notification; exit 0 marks it delivered")
    func deliver() throws {
        let scene = try TickScene()
        try scene.startPermit()
        _ = try scene.run(["tick", "--until", "2025-03-12"])
        let script = try scene.directory.write("push.sh", Self.pushScript)
        chmod(script.path, 0o755)

        let run = try scene.run(["notifications", "deliver", "--command", "./push.sh"])
        #expect(run.status == 1)
        #expect(run.stdout.contains("已推送 7 条，1 条仍待推送"))
        #expect(run.stderr.contains("mail server refused director"))
        #expect(run.stderr.contains("exited with 3"))

        // What the command received: the notification's JSON and its fields.
        let log = try String(contentsOf: scene.url.appendingPathComponent("sent/log.txt"), encoding: .utf8)
        #expect(log.contains("director|孙主任|督办|督办：收集申报材料"))
        #expect(log.contains("agent1|王代办|催办|催办：收集申报材料"))
        let pending = try #require(try scene.json(["notifications", "--json"]).arrayValue)
        #expect(pending.count == 1)
        let key = try #require(pending.first?["key"]?.stringValue)
        let sent = try JSONValue.parse(Array(try Data(contentsOf: scene.url.appendingPathComponent("sent/\(key).json"))))
        #expect(sent == pending.first)

        // The refused one stays pending and is offered again next time.
        let retried = try scene.run(["notifications", "deliver", "--command", "./push.sh", "--json"])
        #expect(retried.status == 1)
        let again = try JSONValue.parse(Array(retried.stdout.utf8))
        #expect(again["delivered"] == [])
        #expect(again["failed"]?.arrayValue?.first?["key"]?.stringValue == key)
        #expect(again["failed"]?.arrayValue?.first?["status"] == 3)
        // A command that accepts everything clears the box.
        let accepting = try scene.run(["notifications", "deliver", "--command", "cat > /dev/null"])
        #expect(accepting.status == 0)
        #expect(try scene.json(["notifications", "--json"]) == [])
    }

    @Test("deliver refuses an empty command and a command that runs too long is killed")
    func deliverErrors() throws {
        let scene = try TickScene()
        try scene.startPermit()
        let empty = try scene.run(["notifications", "deliver", "--command", " "])
        #expect(empty.status == 1)
        #expect(empty.stderr.contains("--command"))
        let slow = try scene.run(["notifications", "deliver", "--command", "exec sleep 30", "--timeout", "0.5"])
        #expect(slow.status == 1)
        #expect(slow.stderr.contains("timed out"))
        #expect(try scene.json(["notifications", "--json"]).arrayValue?.count == 1)
        // A command that ignores its input and exits at once still counts as delivered.
        _ = try scene.run(["tick", "--until", "2025-03-12"])
        let quick = try scene.run(["notifications", "deliver", "--command", "exit 0"])
        #expect(quick.status == 0, "\(quick.stderr)")
        #expect(quick.stdout.contains("已推送 8 条，0 条仍待推送"))
    }
}

/// Runs collected from several threads.
final class TickRuns: @unchecked Sendable {
    private let lock = NSLock()
    private var runs: [AgencyRun] = []
    func append(_ run: AgencyRun) { lock.withLock { runs.append(run) } }
    var value: [AgencyRun] { lock.withLock { runs } }
}
