import AgencyJSON
import Foundation
import Testing

/// The simulation store's own clock through the built binary: commands without --now
/// are dated by it, a plain tick fires only what is due by it, show prints it, and an
/// instance's history cannot be dated backwards.
@Suite("agency: the simulation clock")
struct SimulationClockCommandTests {
    @Test("a command without --now is dated by the simulation clock, not the real date")
    func commandsUseTheClock() throws {
        let scene = try TickScene()
        try scene.startPermit()  // --now 2025-03-03T09:00
        let comment = try scene.run(["comment", "P1", "--as", "agent1", "--comment", "材料已收"])
        #expect(comment.status == 0, "\(comment.stderr)")
        let show = try scene.json(["show", "P1", "--json"])
        #expect(show["updatedAt"]?.stringValue == "2025-03-03T09:00:00+08:00")
        #expect(show["simulationClock"]?.stringValue == "2025-03-03T09:00:00+08:00")
        let text = try scene.run(["show", "P1"])
        #expect(text.stdout.contains("模拟时钟 2025-03-03T09:00:00+08:00"))

        // A plain tick fires nothing: in the simulation it is still Monday morning,
        // whatever today's date is.
        let tick = try scene.json(["tick", "--json"])
        #expect(tick["fired"] == [])
        // tick --until moves the clock; the next plain command is dated there.
        _ = try scene.json(["tick", "--until", "2025-03-05T12:00", "--json"])
        #expect(try scene.json(["show", "P1", "--json"])["simulationClock"]?.stringValue
                == "2025-03-05T12:00:00+08:00")
        let submitted = try scene.run(["complete", "P1", "submitted", "--as", "agent1"])
        #expect(submitted.status == 0, "\(submitted.stderr)")
        #expect(try scene.json(["show", "P1", "--json"])["updatedAt"]?.stringValue == "2025-03-05T12:00:00+08:00")
    }

    @Test("--now before the instance's last record is refused with exit 1 and changes nothing")
    func backwardsRefused() throws {
        let scene = try TickScene()
        try scene.startPermit()
        let forward = try scene.run(["comment", "P1", "--as", "agent1", "--comment", "a", "--now", "2025-03-04T10:00"])
        #expect(forward.status == 0, "\(forward.stderr)")
        let back = try scene.run(["complete", "P1", "submitted", "--as", "agent1", "--now", "2025-03-03T10:00"])
        #expect(back.status == 1)
        #expect(back.stderr.contains("before the last record of P1 (2025-03-04T10:00:00+08:00)"))
        #expect(back.stderr.contains("--now 2025-03-04T10:00:00+08:00 or later"))
        let show = try scene.json(["show", "P1", "--json"])
        #expect(show["state"]?.stringValue == "collect")
        #expect(try scene.run(["verify", "P1"]).status == 0)
        // tick --until cannot walk back behind the clock.
        let backTick = try scene.run(["tick", "--until", "2025-03-04T09:00"])
        #expect(backTick.status == 1)
        #expect(backTick.stderr.contains("is before the simulation clock (2025-03-04T10:00:00+08:00)"))
        // A new instance may still start earlier than the clock.
        let earlier = try scene.run(["start", "permit", "--id", "P0", "--as", "agent1", "--now", "2025-03-01T09:00"])
        #expect(earlier.status == 0, "\(earlier.stderr)")
    }

    @Test("a store that is not for simulation shows no clock")
    func realStore() throws {
        let scene = try TickScene(simulation: false)
        let show = try scene.run(["show", "nothing"])
        #expect(show.status == 2)
        #expect(!show.stdout.contains("simulation clock"))
    }
}
