import Foundation
import Testing

@Suite("Countersign from the CLI")
struct CountersignScenarioTests {
    @Test("three approvers, a transfer and an add-sign, then show tells who did what")
    func scenario() throws {
        let zone = try CLIFixture()
        var run = try zone.run(["start", "joint_review", "--id", "JR-1", "--as", "wangfang", "--now", "2025-01-06T09:00",
                                "--input", #"{"project": "光伏储能一体化", "agent": "wangfang"}"#])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("[JR-1]：已发起，进入「准备材料」"))
        run = try zone.run(["complete", "JR-1", "--as", "wangfang", "--now", "2025-01-06T10:00"])
        #expect(run.stdout.contains("[JR-1]：准备材料 → 包联领导会签"))
        #expect(run.stdout.contains("→ 张伟") && run.stdout.contains("→ 李强") && run.stdout.contains("→ 赵敏"))

        run = try zone.run(["approve", "JR-1", "--as", "zhangwei", "--comment", "同意", "--now", "2025-01-06T11:00"])
        #expect(run.status == 0, "\(run.stderr)")
        run = try zone.run(["transfer", "JR-1", "--as", "liqiang", "--to", "chenjing", "--comment", "出差，转陈静办理",
                            "--now", "2025-01-06T11:30"])
        #expect(run.status == 0, "\(run.stderr)")
        run = try zone.run(["addsign", "JR-1", "--as", "zhaomin", "--who", "sunli", "--where", "before",
                            "--comment", "请主任先把关", "--now", "2025-01-06T12:00"])
        #expect(run.status == 0, "\(run.stderr)")
        // 赵敏 now waits for 孙立.
        run = try zone.run(["approve", "JR-1", "--as", "zhaomin", "--now", "2025-01-06T12:10"])
        #expect(run.status == 3)
        #expect(run.stderr.contains("在 JR-1 的「包联领导会签」环节没有待办"), "\(run.stderr)")
        for (person, time) in [("sunli", "13:00"), ("chenjing", "14:00"), ("zhaomin", "15:00")] {
            run = try zone.run(["approve", "JR-1", "--as", person, "--comment", "同意", "--now", "2025-01-06T\(time)"])
            #expect(run.status == 0, "\(person): \(run.stderr)")
        }
        #expect(run.stdout.contains("[JR-1]：包联领导会签 → done（已办结：同意）"))

        let show = try zone.run(["show", "JR-1"])
        #expect(show.status == 0)
        let text = show.stdout
        #expect(text.contains("已办结（同意）"))
        #expect(text.contains("李强 转办 → 陈静：出差，转陈静办理"))
        #expect(text.contains("赵敏 前加签 → 孙立：请主任先把关"))
        #expect(text.contains("张伟 同意：同意"))
        #expect(text.contains("陈静 同意：同意"))
        #expect(text.contains("孙立 同意：同意"))

        let log = try zone.run(["log", "JR-1"])
        #expect(log.stdout.contains("被拒绝的操作"))
        #expect(log.stdout.contains("#3 今天 11:00 张伟 同意"))
        let verify = try zone.run(["verify", "--all"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }

    @Test("refusals exit with their codes, change nothing, and are journaled")
    func refusals() throws {
        let zone = try CLIFixture()
        try zone.run(["start", "joint_review", "--id", "JR-2", "--as", "wangfang", "--now", "2025-01-06T09:00",
                      "--input", #"{"project": "P", "agent": "wangfang"}"#])
        let before = try zone.run(["show", "JR-2", "--json"]).stdout
        var run = try zone.run(["approve", "JR-2", "--as", "zhangwei"])
        #expect(run.status == 3)
        run = try zone.run(["cancel", "JR-2", "--as", "zhangwei", "--reason", "测试"])
        #expect(run.status == 3)
        #expect(run.stderr.contains("是管理员操作"), "\(run.stderr)")
        run = try zone.run(["goto", "JR-2", "--as", "admin", "--to", "nowhere", "--reason", "x"])
        #expect(run.status == 1)
        run = try zone.run(["approve", "nosuch", "--as", "zhangwei"])
        #expect(run.status == 2)
        run = try zone.run(["approve", "../etc", "--as", "zhangwei"])
        #expect(run.status == 1)
        run = try zone.run(["start", "joint_review", "--as", "wangfang", "--input", #"{"project": 5}"#])
        #expect(run.status == 1)
        #expect(run.stderr.contains("input.project: expected string, got integer"))
        #expect(run.stderr.contains("input.agent: required (person)"))
        run = try zone.run(["start", "joint_review", "--as", "wangfang", "--input", #"{"project": "#])
        #expect(run.status == 1)
        #expect(run.stderr.contains("malformed JSON"))
        run = try zone.run(["approve", "JR-2", "--as", "nobody"])
        #expect(run.status == 2)
        let after = try zone.run(["show", "JR-2", "--json"]).stdout
        // Only the journal head moved (the refusals were journaled).
        func withoutHead(_ text: String) -> String {
            text.split(separator: "\n").filter { !$0.contains("\"seq\"") && !$0.contains("\"hash\"") }.joined()
        }
        #expect(withoutHead(before) == withoutHead(after))
        let log = try zone.run(["log", "JR-2", "--kind", "refused"])
        #expect(log.stdout.split(separator: "\n").count == 3)
    }

    @Test("--as is honoured only for admins or in a simulation store; the login comes from the kernel")
    func actingForOthers() throws {
        let zone = try CLIFixture(simulation: false)
        let login = realLogin()
        // wangfang is this process's real login; the admin's login is one an attacker names in $USER.
        func people(wangfangLogin: String) -> String {
            CLIFixture.people
                .replacingOccurrences(of: #""id": "wangfang", "name": "王芳", "roles": ["代办员"]"#,
                                      with: #""id": "wangfang", "name": "王芳", "roles": ["代办员"], "login": ""#
                                          + wangfangLogin + "\"")
                .replacingOccurrences(of: #""id": "admin", "name": "管理员", "roles": ["admin"]"#,
                                      with: #""id": "admin", "name": "管理员", "roles": ["admin"], "login": "opsadmin""#)
        }
        try zone.directory.write(".agency/people.json", people(wangfangLogin: login))
        let input = #"{"project": "P", "agent": "wangfang"}"#
        var run = try zone.run(["start", "joint_review", "--id", "JR-3", "--input", input])
        #expect(run.status == 0, "\(run.stderr)")
        run = try zone.run(["approve", "JR-3", "--as", "zhangwei"])
        #expect(run.status == 3)
        #expect(run.stderr.contains("only an admin may act for someone else"))
        // Naming the admin's login in the environment changes nothing.
        for variable in ["USER", "LOGNAME"] {
            run = try zone.run(["approve", "JR-3", "--as", "zhangwei"], environment: [variable: "opsadmin"])
            #expect(run.status == 3, "\(variable)")
            #expect(run.stderr.contains("your login '\(login)' is 王芳"), "\(run.stderr)")
        }
        run = try zone.run(["complete", "JR-3", "--now", "2025-01-06T09:00"])
        #expect(run.status == 3)
        #expect(run.stderr.contains("--now is for simulation stores"))
        try zone.directory.write(".agency/people.json", people(wangfangLogin: "someone-else"))
        run = try zone.run(["start", "joint_review", "--input", input], environment: ["USER": "someone-else"])
        #expect(run.status == 3)
        #expect(run.stderr.contains("your login '\(login)' is not in the people directory"))
        try zone.directory.write(".agency/people.json", people(wangfangLogin: login))
        let log = try zone.run(["log", "JR-3", "--json"])
        #expect(log.stdout.contains("\"login\": \"\(login)\""))
    }
}

/// This process's login as the kernel knows it (the password entry of the real uid).
func realLogin() -> String {
    var entry = passwd()
    var found: UnsafeMutablePointer<passwd>?
    var buffer = [CChar](repeating: 0, count: 4_096)
    if getpwuid_r(getuid(), &entry, &buffer, buffer.count, &found) == 0, found != nil, let name = entry.pw_name {
        return String(cString: name)
    }
    return "uid\(getuid())"
}
