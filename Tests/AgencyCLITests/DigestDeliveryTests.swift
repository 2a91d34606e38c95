import AgencyJSON
import Foundation
import Testing

/// People who chose a daily digest get one message a day, grouped by project.
@Suite("Daily digest delivery")
struct DigestDeliveryTests {
    static let script = """
        #!/bin/sh
        mkdir -p sent
        cat > "sent/$AGENCY_NOTIFICATION_KEY.json"
        printf '%s|%s\\n' "$AGENCY_NOTIFICATION_KIND" "$AGENCY_NOTIFICATION_KEY" >> sent/log.txt
        exit 0
        """

    func scene() throws -> TickScene {
        let scene = try TickScene()
        // 王代办 takes a digest at 17:30; the others one by one.
        try scene.directory.write("digest.json", TickScene.people.replacingOccurrences(
            of: #""name": "王代办", "roles": ["代办员"]"#, with: #""name": "王代办", "roles": ["代办员"], "digest": "17:30""#))
        let applied = try scene.run(["people", "apply", "digest.json", "--as", "admin"])
        precondition(applied.status == 0, applied.stderr + applied.stdout)
        try scene.startPermit("P1")
        try scene.startPermit("P2")
        let script = try scene.directory.write("push.sh", Self.script)
        chmod(script.path, 0o755)
        return scene
    }

    @Test("before the digest time nothing goes to a digest person; after it, one message carries them all")
    func oneMessageADay() throws {
        let scene = try scene()
        var run = try scene.run(["notifications", "deliver", "--command", "./push.sh", "--now", "2025-03-03T12:00"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("已推送 0 条，0 条仍待推送，2 条等待每日汇总"), "\(run.stdout)")
        let listed = try scene.run(["notifications"])
        #expect(listed.stdout.contains("王代办（17:30 汇总）"), "\(listed.stdout)")

        run = try scene.run(["notifications", "deliver", "--command", "./push.sh", "--now", "2025-03-03T17:31"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("已推送每日汇总：王代办(agent1)，2 条"), "\(run.stdout)")
        let log = try String(contentsOf: scene.url.appendingPathComponent("sent/log.txt"), encoding: .utf8)
        let key = String(log.dropFirst("digest|".count).dropLast())
        #expect(log.hasPrefix("digest|digest-agent1-202503031730-") && key.count == "digest-agent1-202503031730-".count + 8,
                "\(log)")
        let sent = try JSONValue.parse(Array(try Data(contentsOf: scene.url.appendingPathComponent("sent/\(key).json"))))
        #expect(sent["key"]?.stringValue == key)
        #expect(sent["kind"] == "digest")
        #expect(sent["keys"]?.arrayValue?.count == 2)
        let message = try #require(sent["message"]?.stringValue)
        #expect(message.hasPrefix("【每日汇总】王代办"), "\(message)")
        #expect(message.contains("\nP1\n") && message.contains("\nP2\n"), "grouped by project: \(message)")
        #expect(message.contains("【新待办】项目手续代办：收集申报材料"), "\(message)")
        #expect(try scene.json(["notifications", "--json"]).arrayValue?.isEmpty == true)

        // Issued after today's slot: waits for tomorrow's.
        _ = try scene.run(["tick", "--until", "2025-03-05"])
        run = try scene.run(["notifications", "deliver", "--command", "./push.sh", "--now", "2025-03-05T09:00"])
        #expect(run.stdout.contains("等待每日汇总"), "\(run.stdout)")
        run = try scene.run(["notifications", "deliver", "--command", "./push.sh", "--now", "2025-03-05T17:30"])
        #expect(run.stdout.contains("已推送每日汇总：王代办(agent1)"), "\(run.stdout)")
        let lines = try String(contentsOf: scene.url.appendingPathComponent("sent/log.txt"), encoding: .utf8)
            .split(separator: "\n")
        #expect(lines.count == 2 && lines[1].hasPrefix("digest|digest-agent1-202503051730-"), "\(lines)")
        let secondKey = String(lines.last?.dropFirst("digest|".count) ?? "")
        let second = try JSONValue.parse(Array(try Data(contentsOf: scene.url.appendingPathComponent("sent/\(secondKey).json"))))
        let text = try #require(second["message"]?.stringValue)
        #expect(text.contains("【催办】项目手续代办：收集申报材料，第1次催办，截止 3月10日（周一）前。请尽快办结。 [P1]"), "\(text)")
    }

    @Test("a digest time that is not a time of day is refused, naming the person")
    func badDigestTime() throws {
        let scene = try TickScene()
        try scene.directory.write("bad.json", TickScene.people.replacingOccurrences(
            of: #""name": "王代办", "roles": ["代办员"]"#, with: #""name": "王代办", "roles": ["代办员"], "digest": "5pm""#))
        let run = try scene.run(["people", "apply", "bad.json", "--as", "admin"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("person 'agent1': \"digest\" must be a time of day such as \"17:30\""), "\(run.stderr)")
    }
}
