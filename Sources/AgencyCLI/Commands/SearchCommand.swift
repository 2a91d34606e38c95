import AgencyJSON
import AgencyReports
import AgencyService
import ArgumentParser
import WorkflowEngine

/// `agency search`: find instances by what they are about.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search", abstract: "Find instances by project, enterprise, comment or any data field.",
        discussion: """
            Every word must appear (in any field; case ignored). A permit or other child \
            matches its project's name and is filtered by its project's stage, leader, agent \
            and sector. Projects come before their children.

            Examples:
              agency search 锂电池
              agency search 环评 --stage 签约待备案 --leader 赵红
              agency search --agent 王芳 --color red
            """)

    @Argument(help: "Words to find (all must appear); leave out to list by the filters only.") var words: [String] = []
    @Option(help: "Only this workflow.") var workflow: String?
    @Option(help: ArgumentHelp("Only projects in this stage (初步对接 … 投产), and their children.", valueName: "stage"))
    var stage: String?
    @Option(help: ArgumentHelp("The project's 包联领导 (id or name).", valueName: "person")) var leader: String?
    @Option(help: ArgumentHelp("The project's 代办员 (id or name).", valueName: "person")) var agent: String?
    @Option(help: ArgumentHelp("The project's 产业领域 (part of it).", valueName: "sector")) var sector: String?
    @Option(help: ArgumentHelp("The worst light of the open items: red, yellow, blue, green (or 红, 黄, 蓝, 绿).",
                               valueName: "colour"))
    var color: String?
    @Option(help: ArgumentHelp("At most this many results.", valueName: "n")) var limit = 50
    @Flag(help: "Print as JSON.") var json = false
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var workflows: WorkflowOptions

    func validate() throws {
        guard limit >= 1 else { throw ValidationError("--limit must be at least 1") }
        if let color, Self.color(color) == nil {
            throw ValidationError("--color '\(color)' is not one of red, yellow, blue, green (红, 黄, 蓝, 绿)")
        }
        if words.isEmpty, workflow == nil, stage == nil, leader == nil, agent == nil, sector == nil, color == nil {
            throw ValidationError("give words to find, or a filter (--stage, --leader, --agent, --sector, --color, --workflow)")
        }
    }

    static func color(_ text: String) -> WorkItem.Color? {
        ["红": .red, "黄": .yellow, "蓝": .blue, "绿": .green][text] ?? WorkItem.Color(rawValue: text)
    }

    func run() throws {
        let session = try AgencySession(storeURL: storeOptions.storeURL, workflows: workflows, actor: nil, now: nil)
        if let stage, !ProjectPipeline.stages.contains(stage), ![ProjectPipeline.paused, ProjectPipeline.dropped].contains(stage) {
            throw CLIError.invalid("--stage '\(stage)' is not a stage: " + ProjectPipeline.stages.joined(separator: "、"))
        }
        let search = InstanceSearch(query: words.joined(separator: " "), workflow: workflow, stage: stage, leader: leader,
                                    agent: agent, sector: sector, color: color.flatMap(Self.color), limit: limit,
                                    viewer: try? session.actor())
        let (hits, total) = try mapErrors { try search.run(session.service) }
        if json {
            Console.out(try JSONValue.object([
                "total": .integer(Int64(total)),
                "hits": .array(hits.map { hit in
                    ["id": .string(hit.instance.id), "workflow": .string(hit.instance.workflow),
                     "state": .string(hit.instance.state), "status": .string(hit.instance.status.rawValue),
                     "field": .string(hit.field), "text": .string(hit.snippet)]
                }),
            ]).prettyString())
            return
        }
        let view = try StaffView(session)
        var table = TextTable(view.english ? ["id", "matter", "state", "found in", "light"]
                                           : ["编号", "事项", "环节", "匹配", "状态灯"], flexible: 1, kept: [0])
        for hit in hits {
            let instance = hit.instance
            let worst = instance.openItems.filter { $0.due != nil }.max { $0.color < $1.color }
            table.add([instance.id, view.naming.title(withoutState: instance),
                       instance.status == .running ? view.naming.stateTitle(instance) : view.status(instance.status),
                       hit.field.isEmpty ? hit.snippet : hit.field + view.t("：", ": ") + hit.snippet, worst.map(view.light) ?? ""],
                      colors: worst.map { [4: InstanceRendering.colorCode($0.color)] } ?? [:])
        }
        Console.out(table.render())
        Console.out(view.t("共 \(total) 件" + (total > hits.count ? "，显示前 \(hits.count) 件（--limit）" : ""),
                           "\(total) found" + (total > hits.count ? ", first \(hits.count) shown (--limit)" : "")))
    }
}
