import AgencyDemo
import AgencyReports
import AgencyServer
import AgencyService
import ArgumentParser
import Foundation

/// `agency demo`: the demo zone, simulated week by week on a virtual clock.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Simulate the demo zone's weeks: 29 projects, permits, 催办/督办, weekly dispatch.",
        discussion: """
            Creates a simulation store, loads the demo zone (Workflows/people.json and
            Workflows/demo/zone.json: 29 projects, 54.7 亿元, as the 屯留经开区 seed counts
            them), and simulates the weeks from Monday 2025-01-06 on the virtual clock:
            agents act on a seeded schedule, some late enough for 催办 and 督办, permits
            are issued, projects advance, and the weekly dispatch runs every Monday (moved
            to the next working day over the Spring Festival). Prints what happened and
            the last weekly report, and leaves the store for exploring.

            Examples:
              agency demo
              agency demo --store /tmp/demo --weeks 4 --replace
            """)

    @Option(help: ArgumentHelp("Where to create the demo store.", valueName: "dir"))
    var store = "demo-store"
    @Option(help: ArgumentHelp("Weeks to simulate (1-\(DemoRunner.maximumWeeks)).", valueName: "n"))
    var weeks = 13
    @Flag(help: "Replace an existing demo (simulation) store at --store.")
    var replace = false
    @Flag(help: "fsync every write, as a production store does (slower).")
    var durable = false
    @Option(help: ArgumentHelp("Format of the closing weekly report: table, markdown, csv, json or html.",
                               valueName: "format"))
    var format: ReportFormat = .table
    @OptionGroup var workflows: WorkflowOptions

    func validate() throws {
        // The closing report is printed; a workbook or a PDF is a file of its own.
        if format == .xlsx || format == .pdf {
            throw ValidationError("--format \(format.rawValue) writes a file: run the demo, then "
                                  + "agency report weekly --store \(store) --format \(format.rawValue) --output FILE")
        }
    }

    func run() throws {
        let started = Date()
        let progress = Progress(total: weeks, label: "simulating week")
        var shown = 0
        let storeURL = URL(fileURLWithPath: store)
        let options = DemoRunner.Options(
            store: storeURL, workflows: workflows.folder, weeks: weeks, replace: replace, durable: durable,
            removeScratchOnSignals: true,
            progress: { week, _ in
                while shown < week {
                    shown += 1
                    progress.step()
                }
            })
        let result = try mapErrors { try DemoRunner.run(options) }
        progress.finish()
        let seconds = Date().timeIntervalSince(started)
        Console.out(Console.paint("\(result.zone) · 全代办演示（\(weeks) 周，虚拟时钟）", "1"))
        Console.out("")
        for week in result.weeks where week.number <= weeks || week.dispatch != nil {
            let lines = week.number > weeks ? closing(week) : week.lines
            for line in lines { Console.out(line) }
        }
        Console.out("")
        Console.out("期末项目分布：" + result.stagesAtEnd.map { "\($0.stage) \($0.count)" }.joined(separator: "，"))
        Console.out(String(format: "共 %d 个实例，模拟人员操作 %d 次，用时 %.1f 秒。", result.instances, result.commands, seconds))
        try printReport(result)
        try setDemoPasswords(result)
        Console.out("")
        Console.out(Console.paint("接下来可以试试：", "1"))
        for line in nextSteps(result) { Console.out("  " + line) }
        Console.out("")
        Console.out(Console.paint("在浏览器中打开演示园区（全代办工作台）：", "1"))
        Console.out("  agency serve --store \(quoted(result.store)) --listen 127.0.0.1:8480")
        Console.out("  然后访问 http://127.0.0.1:8480/ ，登录名如 zhangwei（代办员）、liming（包联领导）、chenzhiyuan（主任），")
        Console.out("  演示密码均为 \(Self.demoPassword)（仅限模拟库；正式库用 agency people passwd 设置）。")
    }

    /// Every simulated person's web password in the demo store (a simulation store only).
    static let demoPassword = "demo-2025"

    private func setDemoPasswords(_ result: DemoResult) throws {
        let session = try AgencySession(storeURL: URL(fileURLWithPath: result.store), workflows: workflows,
                                        actor: nil, now: nil)
        let at = session.service.timestamps.format(try session.now())
        try mapErrors {
            try PasswordStore(storeDirectory: result.store).setForSimulation(
                people: session.people.people.map(\.id), password: Self.demoPassword, actor: "demo", at: at,
                service: session.service)
        }
    }

    private func closing(_ week: DemoWeek) -> [String] {
        guard let dispatch = week.dispatch else { return [] }
        return ["\(DemoWeek.short(week.monday)) 周调度 \(dispatch) 生成第\(weeks)周的周报告，模拟到此结束"
                + (week.supervisedByDispatch > 0 ? "（新立督办 \(week.supervisedByDispatch) 项）" : "")]
    }

    private func printReport(_ result: DemoResult) throws {
        guard let report = result.lastReport else { return }
        Console.out("")
        try ReportOutput.write(try WeeklyReportCommand.render(report, format), csv: format == .csv, output: nil,
                               what: report.week, format: format.rawValue)
    }

    private func nextSteps(_ result: DemoResult) -> [String] {
        let store = "--store \(quoted(result.store))"
        return [
            "agency report weekly \(store) --format html > weekly.html   # 周报告（网页）",
            "agency list \(store) --workflow project                       # 项目库",
            "agency inbox \(store) --as zhangwei                           # 代办员张伟的待办",
            "agency show P25 \(store)                                      # 一个项目的全过程",
            "agency log P25 \(store)                                       # 它的审计日志",
            "agency notifications \(store) --to liming                     # 包联领导收到的催办、督办",
            "agency inbox \(store) --as chenzhiyuan --cc                   # 主任收到的督办抄送",
            "agency people list \(store)                                   # 组织架构与请假代理（李明外出期间由孙强代）",
            "agency verify --all \(store)                                  # 校验每个实例的日志链和重放",
        ]
    }

    private func quoted(_ path: String) -> String {
        path.contains(" ") ? "'\(path)'" : path
    }
}
