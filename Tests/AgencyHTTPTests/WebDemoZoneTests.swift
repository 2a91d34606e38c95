@testable import AgencyCLI
import AgencyHTTP
import AgencyServer
import AgencyWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The demo zone's pages, as the director opens them after `agency demo`.
@Suite struct WebDemoZoneTests {
    @Test("after agency demo the director signs in with the demo password and sees the report's charts, a project's permits and the dashboard")
    func demoZonePages() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("agency-web-demo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let store = root.appendingPathComponent("demo-store")
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let process = Process()
        process.executableURL = AgencyProcessHandler.binary
        process.arguments = ["demo", "--store", store.path, "--weeks", "4"]
        process.currentDirectoryURL = repository
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        #expect(printed.contains("agency serve --store \(store.path) --listen 127.0.0.1:8480"))
        #expect(printed.contains("demo-2025"))

        let workflows = repository.appendingPathComponent("Workflows")
        let executor = ServedExecutor(handler: AgencyProcessHandler(store: store, workflows: workflows))
        let hot = HotStore(storeURL: store, workflowsFolder: workflows)
        let web = try WebWorkplace(executor: executor, store: ServedWebStore(executor: executor, hot: hot))
        var server = HTTPServer(executor: executor, tokens: APITokenStore(storeDirectory: store.path))
        server.extraRoutes = { web.addRoutes(to: $0) }
        try await Application(router: server.makeRouter()).test(.router) { client in
            let director = WebWorkplaceTests.Browser()
            let login = try await director.login(client, "chenzhiyuan", "demo-2025")
            #expect(login.status == .seeOther)
            let (report, charts) = try await director.get(client, "/report")
            #expect(report.status == .ok)
            #expect(charts.contains("<svg") && charts.contains("阶段分布") && charts.contains("本周按期办结率"))
            #expect(charts.contains("初步对接"))
            let (_, printable) = try await director.get(client, "/report/print")
            #expect(printable.contains("size: A4"))
            let (_, projects) = try await director.get(client, "/projects")
            #expect(projects.contains("项目库") && projects.contains("亿元"))
            let (_, project) = try await director.get(client, "/instances/P02")
            #expect(project.contains("阶段历程"))
            // 一个项目一个专班, 一企一策 (every project's, recorded in week 1).
            #expect(project.contains("项目专班") && project.contains("用地专员") && project.contains("一企一策"))
            // A signed project's investment plan (week 2).
            let (_, signed) = try await director.get(client, "/instances/P23")
            #expect(signed.contains("投资进度") && signed.contains("2025-02"))
            let (_, dashboard) = try await director.get(client, "/dashboard")
            #expect(dashboard.contains(#"<meta http-equiv="refresh" content="60">"#))
            // A simulated 代办员's inbox speaks in plain Chinese deadlines, never ISO times.
            let agent = WebWorkplaceTests.Browser()
            _ = try await agent.login(client, "zhangwei", "demo-2025")
            // The agent records a site visit from the project's page (an internal event); the
            // leader of another project is not offered the form.
            let (_, intent) = try await agent.get(client, "/instances/P13")
            #expect(intent.contains("记录实地考察"))
            let (recorded, _) = try await agent.post(client, "/instances/P13/act", [
                ("csrf", WebWorkplaceTests.csrf(in: intent)), ("action", "visit"), ("visit.place", "东区地块"),
                ("visit.attendees", "张伟、企业代表"), ("visit.findings", "需新建10kV线路")])
            #expect(recorded.status == .seeOther)
            let (_, after) = try await agent.get(client, "/instances/P13")
            #expect(after.contains("需新建10kV线路") && after.contains("东区地块"))
            // 专班 and 一企一策 from their forms; no investment form before 成熟待签约.
            #expect(after.contains("组建或调整专班") && after.contains("更新一企一策") && !after.contains("填报当月完成投资"))
            let (team, _) = try await agent.post(client, "/instances/P13/act", [
                ("csrf", WebWorkplaceTests.csrf(in: after)), ("action", "team"), ("team.lead", "王军"),
                ("team.members", "张伟，项目代办服务中心，代办\n刘工，规划和自然资源局，用地")])
            #expect(team.status == .seeOther)
            let (_, teamed) = try await agent.get(client, "/instances/P13")
            #expect(teamed.contains("刘工") && teamed.contains("规划和自然资源局"))
            let (badPlan, _) = try await agent.post(client, "/instances/P13/act", [
                ("csrf", WebWorkplaceTests.csrf(in: teamed)), ("action", "plan"), ("plan.measures", "协调用电，供电公司，3月底")])
            #expect(badPlan.status != .seeOther)
            let (_, inbox) = try await agent.get(client, "/inbox")
            #expect(inbox.contains("前") || inbox.contains("已超期"))
            #expect(!inbox.contains("T00:00:00+08:00"))
        }
    }
}
