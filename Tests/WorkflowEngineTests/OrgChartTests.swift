import AgencyJSON
import Testing
@testable import WorkflowEngine

/// An office with a director over one section: 孙主任 heads the office, 张科长 the section,
/// whose staff are 王 and 李; 赵 reports to 李 directly.
func orgPeople(delegations: [String: [PeopleDirectory.Delegation]] = [:]) throws -> PeopleDirectory {
    try PeopleDirectory(people: [
        .init(id: "boss", name: "孙主任", roles: ["主任"], department: "office", delegations: delegations["boss"]),
        .init(id: "lead", name: "张科长", roles: ["科长"], department: "section", delegations: delegations["lead"]),
        .init(id: "wang", name: "王", roles: ["代办员"], department: "section", delegations: delegations["wang"]),
        .init(id: "li", name: "李", roles: ["代办员"], department: "section", delegations: delegations["li"]),
        .init(id: "zhao", name: "赵", roles: ["代办员"], department: "section", manager: "li"),
        .init(id: "admin", name: "管理员", roles: ["admin"]),
    ], departments: [
        .init(id: "office", name: "办公室", head: "boss"),
        .init(id: "section", name: "代办科", head: "lead", parent: "office"),
    ])
}

/// Three approval steps a → b → c after a task; APPROVERS_X and POLICY_X are filled in.
let threeSteps = """
return workflow {
  name = "steps",
  title = "三级审批",
  input = { applicant = "person", dept = "string?" },
  start = "submit",
  states = {
    submit = task { title = "提交", assignee = "applicant", on = { submitted = "a" } },
    a = approval { title = "一审", approvers = APPROVERS_A, POLICY_A on = { approved = "b", rejected = "submit" } },
    b = approval { title = "二审", approvers = APPROVERS_B, POLICY_B on = { approved = "c", rejected = "submit" } },
    c = approval { title = "三审", approvers = APPROVERS_C, POLICY_C on = { approved = "done", rejected = "submit" } },
    done = final { },
  },
}
"""

func steps(_ a: String = #"person("lead")"#, _ b: String = #"person("boss")"#, _ c: String = #"person("boss")"#,
           policyA: String = "", policyB: String = "", policyC: String = "",
           people: PeopleDirectory? = nil) throws -> EngineHarness {
    let source = threeSteps.replacingOccurrences(of: "APPROVERS_A", with: a)
        .replacingOccurrences(of: "APPROVERS_B", with: b).replacingOccurrences(of: "APPROVERS_C", with: c)
        .replacingOccurrences(of: "POLICY_A", with: policyA.isEmpty ? "" : policyA + ",")
        .replacingOccurrences(of: "POLICY_B", with: policyB.isEmpty ? "" : policyB + ",")
        .replacingOccurrences(of: "POLICY_C", with: policyC.isEmpty ? "" : policyC + ",")
    let harness = try EngineHarness(source)
    harness.engine.people = try people ?? orgPeople()
    return harness
}

func submitted(_ h: EngineHarness, applicant: String = "wang", input: JSONValue? = nil) throws -> Instance {
    let instance = try h.start("steps", as: applicant, input: input ?? ["applicant": .string(applicant)]).instance
    return try h.apply(instance, .complete, as: applicant)
}

@Suite("The org chart in the people directory")
struct OrgChartDirectoryTests {
    @Test("manager_of: explicit manager, department head, the head's own manager above")
    func managers() throws {
        let people = try orgPeople()
        #expect(people.manager(of: "wang") == "lead")
        #expect(people.manager(of: "zhao") == "li")
        #expect(people.manager(of: "lead") == "boss")
        #expect(people.manager(of: "boss") == nil)
        #expect(people.manager(of: "admin") == nil)
    }

    @Test("reads and writes the org chart; a directory without one encodes as before")
    func roundTrip() throws {
        let text = """
            {"format": 1, "departments": [{"id": "d", "name": "科", "head": "a"}],
             "people": [{"id": "a", "name": "甲", "roles": [], "department": "d"},
                        {"id": "b", "name": "乙", "roles": [], "department": "d", "manager": "a",
                         "delegations": [{"to": "a", "from": "2025-01-06", "until": "2025-01-10", "reason": "出差"}]}]}
            """
        let people = try PeopleDirectory.load(json: try JSONValue.parse(Array(text.utf8)), source: "p.json")
        #expect(people.person("b")?.delegations?.first?.reason == "出差")
        #expect(try PeopleDirectory.load(json: people.json, source: "again") == people)
        let plain = try PeopleDirectory(people: [.init(id: "a", name: "甲", roles: ["x"])])
        #expect(try plain.json.canonicalString() == #"{"format":1,"people":[{"id":"a","name":"甲","roles":["x"]}]}"#)
    }

    @Test("unknown ids, cycles and bad keys are refused naming the entry", arguments: [
        (#"{"format": 1, "people": [{"id": "a", "name": "甲", "manager": "zz"}]}"#,
         "p.json: person 'a': manager 'zz' is not in the people list"),
        (#"{"format": 1, "people": [{"id": "a", "name": "甲", "department": "zz"}]}"#,
         "p.json: person 'a': department 'zz' is not a department"),
        (#"{"format": 1, "departments": [{"id": "d", "name": "科", "head": "zz"}], "people": []}"#,
         "p.json: department 'd': head 'zz' is not in the people list"),
        (#"{"format": 1, "departments": [{"id": "d", "name": "科", "parent": "e"}, {"id": "e", "name": "处", "parent": "d"}], "people": []}"#,
         "p.json: department 'd': its parents form a cycle (d → e → d)"),
        (#"{"format": 1, "departments": [{"id": "d", "name": "科", "head": "a"}], "people": [{"id": "a", "name": "甲", "department": "d", "manager": "b"}, {"id": "b", "name": "乙", "department": "d"}]}"#,
         "p.json: person 'a': managers form a cycle (a → b → a); check manager and department head"),
        (#"{"format": 1, "people": [{"id": "a", "name": "甲", "manger": "b"}]}"#,
         "p.json: people[1]: unknown key 'manger' (expected id, name, roles, login, department, manager, delegations, digest)"),
        (#"{"format": 1, "people": [{"id": "a", "name": "甲"}, {"id": "b", "name": "乙", "delegations": [{"to": "a", "from": "2025-01-10", "until": "2025-01-06"}]}]}"#,
         "p.json: person 'b': delegation to 'a': from 2025-01-10 is after until 2025-01-06"),
        (#"{"format": 1, "people": [{"id": "a", "name": "甲", "delegations": [{"to": "a", "from": "2025-01-06", "until": "2025-01-07"}]}]}"#,
         "p.json: person 'a': delegation to 'a': a person cannot delegate to themself"),
        (#"{"format": 1, "departments": [{"id": "d", "name": "科", "boss": "a"}], "people": []}"#,
         "p.json: departments[1]: unknown key 'boss' (expected id, name, head, parent)"),
    ])
    func refusals(text: String, message: String) throws {
        let error = #expect(throws: PeopleError.self) {
            try PeopleDirectory.load(json: try JSONValue.parse(Array(text.utf8)), source: "p.json")
        }
        #expect(error?.description == message)
    }

    @Test("of several unknown keys, the first in sorted order is named, every time")
    func unknownKeyStable() throws {
        let extras = ["zeta", "kappa", "delta", "omega", "beta", "sigma", "theta", "gamma", "epsilon", "alpha"]
        let keys = extras.map { "\"\($0)\": 1" }.joined(separator: ", ")
        let texts = [
            (#"{"format": 1, "people": [], "# + keys + "}", "p.json: unknown key 'alpha'"),
            (#"{"format": 1, "people": [{"id": "a", "name": "甲", "# + keys + "}]}", "p.json: people[1]: unknown key 'alpha'"),
            (#"{"format": 1, "people": [], "departments": [{"id": "d", "name": "科", "# + keys + "}]}",
             "p.json: departments[1]: unknown key 'alpha'"),
            (#"{"format": 1, "people": [{"id": "a", "name": "甲"}, {"id": "b", "name": "乙", "delegations": [{"to": "a", "from": "2025-01-06", "until": "2025-01-07", "# + keys + "}]}]}",
             "p.json: people[2] (b): delegations[1]: unknown key 'alpha'"),
        ]
        for (text, prefix) in texts {
            let error = #expect(throws: PeopleError.self) {
                try PeopleDirectory.load(json: try JSONValue.parse(Array(text.utf8)), source: "p.json")
            }
            #expect(error?.description.hasPrefix(prefix) == true, "\(error?.description ?? "")")
        }
    }

    @Test("a change of department, manager or delegations is a change")
    func change() throws {
        let before = try orgPeople()
        let after = try orgPeople(delegations: ["lead": [.init(to: "li", from: "2025-03-03", until: "2025-03-07")]])
        let change = PeopleChange(from: before, to: after)
        #expect(change.changed.map(\.id) == ["lead"])
        #expect(change.changed.first?.orgChart == ["delegations"])
        #expect(!change.departmentsChanged)
    }
}

@Suite("People specs from the org chart")
struct OrgChartSpecTests {
    @Test("manager_of, level 2, head_of by id and by field, managers_up_to")
    func specs() throws {
        var h = try steps(#"manager_of("applicant")"#, #"manager_of("applicant", 2)"#, #"head_of("section")"#)
        var instance = try submitted(h)
        #expect(openAssignees(instance) == ["lead"])
        instance = try h.apply(instance, .approve, as: "lead")
        #expect(openAssignees(instance) == ["boss"])
        instance = try h.apply(instance, .approve, as: "boss")
        #expect(openAssignees(instance) == ["lead"])

        h = try steps(#"head_of("dept")"#, #"managers_up_to("applicant", role("主任"))"#, #"manager_of("initiator")"#,
                      policyB: #"rule = "sequential""#)
        instance = try submitted(h, applicant: "zhao", input: ["applicant": "zhao", "dept": "office"])
        #expect(openAssignees(instance) == ["boss"])
        instance = try h.apply(instance, .approve, as: "boss")
        // 赵 → 李 → 张科长 → 孙主任, one after another.
        #expect(openAssignees(instance) == ["li"])
        #expect(instance.items.filter { $0.state == "b" }.map(\.assignee) == ["li", "lead", "boss"])
        instance = try h.apply(instance, .approve, as: "li")
        instance = try h.apply(instance, .approve, as: "lead")
        instance = try h.apply(instance, .approve, as: "boss")
        #expect(openAssignees(instance) == ["li"], "manager_of(initiator): 赵 started it")
    }

    @Test("no manager, a broken chain, a missing subject: refused naming the state")
    func errors() throws {
        var h = try steps(#"manager_of("applicant")"#)
        var instance = try h.start("steps", as: "boss", input: ["applicant": "boss"]).instance
        var error = h.refusal(instance, .complete, as: "boss")
        #expect(error?.description.contains("state 'a' approvers: manager_of(applicant): 孙主任 (boss) has no manager") == true,
                "\(String(describing: error))")

        h = try steps(#"managers_up_to("applicant", role("处长"))"#, policyA: #"rule = "sequential""#)
        instance = try h.start("steps", as: "wang", input: ["applicant": "wang"]).instance
        error = h.refusal(instance, .complete, as: "wang")
        #expect(error?.description.contains("state 'a' approvers: managers_up_to(applicant, role:处长): the chain "
                                            + "王 → 张科长 → 孙主任 ends at 孙主任 (boss), who has no manager") == true,
                "\(String(describing: error))")

        h = try steps(#"manager_of("reviewer")"#)
        instance = try h.start("steps", as: "wang", input: ["applicant": "wang"]).instance
        error = h.refusal(instance, .complete, as: "wang")
        #expect(error?.description.contains("state 'a' approvers: data field 'reviewer' should hold a person id") == true)
    }

    @Test("the DSL helpers check their arguments and write the forms the engine reads")
    func prelude() throws {
        #expect(problems(threeSteps.replacingOccurrences(of: "APPROVERS_A", with: #"manager_of("a:b")"#)
            .replacingOccurrences(of: "APPROVERS_B", with: "\"x\"").replacingOccurrences(of: "APPROVERS_C", with: "\"x\"")
            .replacingOccurrences(of: "POLICY_A", with: "").replacingOccurrences(of: "POLICY_B", with: "")
            .replacingOccurrences(of: "POLICY_C", with: "")).first?.contains("expects a data field name or \"initiator\"") == true)
        #expect(PeopleSpec(reference: "manager_of:applicant:2")?.description == "manager_of:applicant:2")
        #expect(PeopleSpec(reference: "managers_up_to:applicant:role:主任")?.description == "managers_up_to:applicant:role:主任")
        #expect(PeopleSpec(reference: "head_of:office")?.description == "head_of:office")
        #expect(PeopleSpec(reference: "manager_of:applicant:0") == nil)
        #expect(PeopleSpec(reference: "managers_up_to:applicant:field") == nil)
    }
}
