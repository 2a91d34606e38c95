import AgencyJSON
import Testing
@testable import WorkflowEngine

/// Subflows that never strand their parent (issue #15): every end of a child reaches the
/// parent, the wait shows in an inbox with its deadlines, and leaving or cancelling the
/// parent cancels its children.
@Suite struct SubflowEndTests {
    static let child = """
        return workflow {
          name = "child", start = "work", input = { agent = "person" },
          states = {
            work = task { assignee = "agent", due = workdays(2), on = { done = "ok", refused = "no" } },
            ok = final { outcome = "ok" },
            no = final { outcome = "refused" },
          },
        }
        """

    static func parent(_ extra: String = "", on: String = "ok = \"done\", cancelled = \"gave_up\", failed = \"gave_up\", skip = \"late\"") -> String {
        """
        return workflow {
          name = "parent", start = "wait_child", input = { agent = "person", list = "list?" },
          states = {
            wait_child = subflow {
              workflow = "child", \(extra)
              input = function(ctx) return { agent = ctx.data.agent } end,
              on = { \(on) },
            },
            done = final { },
            gave_up = final { },
            late = final { },
          },
        }
        """
    }

    /// What a child's end looks like when it reaches the parent.
    func end(_ child: String, _ status: String, outcome: String = "", key: String) -> (inout Command) -> Void {
        { command in
            command.event = status == "completed" ? outcome : status
            command.data = ["child": .string(child), "status": .string(status), "outcome": .string(outcome),
                            "data": [:]]
            command.key = key
        }
    }

    @Test("the subflow state holds a wait item for the initiator, with its due time and ladder")
    func watchItem() throws {
        let h = try EngineHarness(Self.child, Self.parent("due = workdays(3), timeout = \"late\","))
        let started = try h.start("parent", input: ["agent": "agent1"])
        let item = try #require(started.instance.openItems.first)
        #expect(item.kind == .wait)
        #expect(item.assignee == "agent1")
        #expect(item.due != nil)
        #expect(started.instance.subflows == [SubflowChild(id: "i1.c1", state: "wait_child", visit: 1, index: nil)])
        #expect(started.instance.timers.contains { $0.kind == .due })
    }

    @Test("a cancelled or failed child takes its route; completed takes the outcome")
    func endsTakeRoutes() throws {
        let h = try EngineHarness(Self.child, Self.parent())
        let started = try h.start("parent", input: ["agent": "agent1"]).instance
        let cancelled = try h.apply(started, .message, as: "system", end("i1.c1", "cancelled", key: "k1"))
        #expect(cancelled.state == "gave_up")
        #expect(cancelled.subflows?.first?.status == .cancelled)
        let failed = try h.apply(started, .message, as: "system", end("i1.c1", "failed", key: "k1"))
        #expect(failed.state == "gave_up")
        let completed = try h.apply(started, .message, as: "system", end("i1.c1", "completed", outcome: "ok", key: "k1"))
        #expect(completed.state == "done")
        #expect(completed.subflows?.first?.outcome == "ok")
        // The watch item is done, decided by the child's end.
        #expect(completed.items.first?.status == .done && completed.items.first?.decision == "ok")
    }

    @Test("an end the state has no route for gives the parent an incident naming the child; retry waits again")
    func missingRouteIsAnIncident() throws {
        let h = try EngineHarness(Self.child, Self.parent(on: "ok = \"done\", skip = \"gave_up\", other = \"late\""))
        let started = try h.start("parent", input: ["agent": "agent1"]).instance
        let failed = try h.apply(started, .message, as: "system", end("i1.c1", "cancelled", key: "k1"))
        #expect(failed.status == .failed)
        let incident = try #require(failed.incident)
        #expect(incident.message.contains("i1.c1"))
        #expect(incident.message.contains("'cancelled'"))
        // The child's later completion is recorded while failed; retry takes it.
        let recorded = try h.apply(failed, .message, as: "system", end("i1.c1", "completed", outcome: "ok", key: "k2"))
        #expect(recorded.status == .failed)
        #expect(recorded.subflows?.first?.status == .completed)
        let retried = try h.apply(recorded, .retry, as: "admin")
        #expect(retried.status == .completed)
        #expect(retried.state == "done")
    }

    @Test("leaving the state by timeout cancels the running child through the outbox")
    func timeoutCancelsTheChild() throws {
        let h = try EngineHarness(Self.child, Self.parent("due = workdays(1), timeout = \"late\","))
        let started = try h.start("parent", input: ["agent": "agent1"]).instance
        let due = try #require(started.timers.first { $0.kind == .due })
        h.now = "2025-03-20T09:00:00+08:00"
        let outcome = try h.engine.apply(h.command(.timer, "system") { $0.timer = due.id }, to: started)
        #expect(outcome.instance.state == "late")
        let cancel = try #require(outcome.messages.first { $0.kind == .cancel })
        #expect(cancel.target == "i1.c1")
        #expect(cancel.data?["reason"]?.stringValue?.contains("父流程 i1 已离开") == true)
    }

    @Test("cancelling a parent cancels its children; the child tells its parent it was cancelled")
    func cancelCascade() throws {
        let h = try EngineHarness(Self.child, Self.parent())
        let parent = try h.start("parent", input: ["agent": "agent1"]).instance
        let cancelled = try h.engine.apply(h.command(.cancel, "admin") { $0.reason = "项目撤销" }, to: parent)
        #expect(cancelled.instance.status == .cancelled)
        let cancel = try #require(cancelled.messages.first)
        #expect(cancel.kind == .cancel && cancel.target == "i1.c1" && cancel.actor == "admin")
        #expect(cancel.data?["reason"]?.stringValue == "父流程 i1 已取消：项目撤销")

        // The child, started with its parent link, applies the delivered cancel once.
        let definition = try #require(h.definitions["child"])
        var start = h.command(.start, "agent1")
        start.workflow = "child"
        start.version = definition.version
        start.input = ["agent": "agent1"]
        start.parent = ParentLink(id: "i1", state: "wait_child")
        let child = try h.engine.start(definition, id: "i1.c1", command: start).instance
        let byParent = try h.engine.apply(h.command(.cancel, "admin") {
            $0.reason = "父流程 i1 已取消：项目撤销"
            $0.key = "i1-3-0"
        }, to: child)
        #expect(byParent.instance.status == .cancelled)
        let told = try #require(byParent.messages.first)
        #expect(told.kind == .signal && told.target == "i1" && told.event == "cancelled")
        #expect(told.data?["reason"]?.stringValue == "父流程 i1 已取消：项目撤销")
        let again = try h.engine.apply(h.command(.cancel, "admin") { $0.reason = "x"; $0.key = "i1-3-0" },
                                       to: byParent.instance)
        #expect(again.instance == byParent.instance)
        #expect(again.messages.isEmpty)
        // Without a message key, a cancel is an admin's and needs the admin role.
        #expect(h.refusal(child, .cancel, as: "agent1") { $0.reason = "x" } != nil)
    }

    @Test("a child failed by Engine.fail tells its parent 'failed'")
    func failSignalsParent() throws {
        let h = try EngineHarness(Self.child)
        let definition = try #require(h.definitions["child"])
        var start = h.command(.start, "agent1")
        start.workflow = "child"
        start.version = definition.version
        start.input = ["agent": "agent1"]
        start.parent = ParentLink(id: "p", state: "wait_child")
        let child = try h.engine.start(definition, id: "p.c1", command: start).instance
        let failed = h.engine.fail(child, command: h.command(.timer, "system"), error: .invalid("boom"))
        let message = try #require(failed.messages.first)
        #expect(message.event == "failed" && message.target == "p")
        #expect(message.data?["status"]?.stringValue == "failed")
        #expect(message.data?["reason"]?.stringValue?.contains("boom") == true)
    }

    @Test("migrate renaming a subflow state carries its children and copies: the parent still takes their ends")
    func migrateRenamesChildren() throws {
        let h = try EngineHarness(Self.child, Self.parent("cc = person(\"leader1\"),"))
        let started = try h.start("parent", input: ["agent": "agent1"]).instance
        #expect(started.cc?.first?.state == "wait_child")
        let renamed = try h.add(Self.parent("cc = person(\"leader1\"),")
            .replacingOccurrences(of: "wait_child", with: "wait_permit"))
        let migrated = try h.apply(started, .migrate, as: "admin") {
            $0.version = renamed.version
            $0.mapping = ["wait_child": "wait_permit"]
        }
        #expect(migrated.state == "wait_permit")
        #expect(migrated.subflows?.map(\.state) == ["wait_permit"])
        #expect(migrated.cc?.map(\.state) == ["wait_permit"])
        #expect(migrated.openItems.map(\.state) == ["wait_permit"])
        let completed = try h.apply(migrated, .message, as: "system", end("i1.c1", "completed", outcome: "ok", key: "k1"))
        #expect(completed.state == "done")
        #expect(completed.status == .completed)
    }

    @Test("a nested parent whose own subflow end becomes an incident tells its parent 'failed'")
    func incidentSignalsGrandparent() throws {
        let h = try EngineHarness(Self.child, Self.parent(on: "ok = \"done\", failed = \"gave_up\", skip = \"late\""))
        let definition = try #require(h.definitions["parent"])
        var start = h.command(.start, "agent1")
        start.workflow = "parent"
        start.version = definition.version
        start.input = ["agent": "agent1"]
        start.parent = ParentLink(id: "p", state: "plan")
        let middle = try h.engine.start(definition, id: "p.c1", command: start).instance
        // Its own child is cancelled, and it has no 'cancelled' route: an incident here...
        let outcome = try h.engine.apply(h.command(.message, "system", end("p.c1.c1", "cancelled", key: "k1")),
                                         to: middle)
        #expect(outcome.instance.status == .failed)
        let incident = try #require(outcome.instance.incident)
        // ...that its own parent hears of, as it would of Engine.fail.
        let told = try #require(outcome.messages.first { $0.kind == .signal })
        #expect(told.target == "p" && told.event == "failed")
        #expect(told.data?["status"]?.stringValue == "failed")
        #expect(told.data?["reason"]?.stringValue == incident.message)
        #expect(told.data?["child"]?.stringValue == "p.c1")
    }

    @Test("cancelling a parent also cancels a failed child; leaving the state leaves a failed child its incident")
    func cancelReachesFailedChild() throws {
        let h = try EngineHarness(Self.child, Self.parent(on: "ok = \"done\", cancelled = \"gave_up\", skip = \"late\""))
        let started = try h.start("parent", input: ["agent": "agent1"]).instance
        // The child fails; the parent has no 'failed' route: an incident, still in the state.
        let failed = try h.apply(started, .message, as: "system", end("i1.c1", "failed", key: "k1"))
        #expect(failed.status == .failed && failed.subflows?.first?.status == .failed)
        // Retried, the parent waits again in the state; the child is still failed.
        let retried = try h.apply(failed, .retry, as: "admin")
        #expect(retried.status == .running && retried.subflows?.first?.status == .failed)
        let cancelled = try h.engine.apply(h.command(.cancel, "admin") { $0.reason = "项目撤销" }, to: retried)
        #expect(cancelled.instance.status == .cancelled)
        let cancel = try #require(cancelled.messages.first { $0.kind == .cancel })
        #expect(cancel.target == "i1.c1")
        #expect(cancel.data?["reason"]?.stringValue == "父流程 i1 已取消：项目撤销")
        // A goto out of the state cancels running children only.
        let left = try h.engine.apply(h.command(.goto, "admin") { $0.to = "late"; $0.reason = "另行办理" }, to: retried)
        #expect(left.instance.state == "late")
        #expect(left.messages.filter { $0.kind == .cancel }.isEmpty)
    }

    @Test("urge in a subflow state reaches no watch item and names the child to urge")
    func urgeInSubflowState() throws {
        let h = try EngineHarness(Self.child, Self.parent("by = person(\"leader1\"),"))
        let started = try h.start("parent", input: ["agent": "agent1"]).instance
        #expect(started.openItems.map(\.assignee) == ["leader1"])
        for actor in ["agent1", "admin"] {
            let error = try #require(h.refusal(started, .urge, as: actor))
            #expect(error.code == "conflict")
            #expect(error.description == "i1 is in subflow state 'wait_child', which has no work of its own to urge; "
                        + "urge its child instance instead (agency urge i1.c1)")
        }
        // The default watcher is the initiator: the same refusal, not "other than your own".
        let own = try EngineHarness(Self.child, Self.parent())
        let mine = try own.start("parent", input: ["agent": "agent1"]).instance
        #expect(own.refusal(mine, .urge, as: "agent1")?.description.contains("agency urge i1.c1") == true)
    }
}
