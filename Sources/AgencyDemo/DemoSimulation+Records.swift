import AgencyCalendar
import AgencyJSON
import AgencyService
import Foundation
import WorkflowEngine

/// What the demo's people record on projects besides moving them: the site visit before
/// 要素保障, every project's 专班 and 一企一策 (一个项目一个专班), and the investment plan
/// and monthly completed investment of the signed projects.
extension DemoSimulation {
    enum RecordKind {
        case team
        /// The 一企一策 measures; revision 2 marks the first one done.
        case plan(revision: Int)
        case investmentPlan
        /// The completed investment of one month ("2025-02").
        case investment(month: String)
    }

    /// Week 1: each project's 专班 (the leader) and 一企一策 (the agent); week 7, the
    /// measures revised; week 2, the signed projects' investment plans; the last working
    /// day of each month, their completed investment.
    func scheduleRecords() {
        let tuesday = workday(onOrAfter: startDay.adding(days: 1))
        let secondWeek = workday(onOrAfter: startDay.adding(days: 8))
        for project in zone.projects {
            enqueue(at(tuesday, minutes: 14 * 60 + dice.int(0...90, project.code, "team")), .record(project: project.code, kind: .team))
            enqueue(at(tuesday, minutes: 16 * 60 + dice.int(0...60, project.code, "plan")), .record(project: project.code, kind: .plan(revision: 1)))
            if weekCount >= 7 {
                let day = workday(onOrAfter: startDay.adding(days: 7 * 6 + 2))
                enqueue(at(day, minutes: 15 * 60), .record(project: project.code, kind: .plan(revision: 2)))
            }
            guard ["成熟待签约", "签约待备案"].contains(project.stage) else { continue }
            enqueue(at(secondWeek, minutes: 11 * 60), .record(project: project.code, kind: .investmentPlan))
        }
        var month = CivilDate(year: startDay.year, month: startDay.month, day: 1) ?? startDay
        let last = startDay.adding(days: 7 * weekCount)
        while month <= last {
            let next = month.month == 12 ? CivilDate(year: month.year + 1, month: 1, day: 1) : CivilDate(year: month.year, month: month.month + 1, day: 1)
            guard let next else { break }
            var day = next.adding(days: -1)
            while (try? calendar.isWorkday(day)) != true && day > month { day = day.adding(days: -1) }
            if day >= secondWeek && day <= last {
                let label = String(format: "%04d-%02d", month.year, month.month)
                for project in zone.projects where ["成熟待签约", "签约待备案"].contains(project.stage) {
                    enqueue(at(day, minutes: 17 * 60), .record(project: project.code, kind: .investment(month: label)))
                }
            }
            month = next
        }
    }

    /// The command for a scheduled record, or nil when it no longer applies.
    func recordCommand(_ project: Instance, _ kind: RecordKind, at time: Date) -> Command? {
        guard let spec = zone.project(project.id) else { return nil }
        var command = Command(kind: .send, actor: spec.agent, at: stamp(time))
        switch kind {
        case .team:
            command.actor = spec.leader
            command.event = "team"
            command.data = [
                "lead": .string(name(spec.leader)),
                "members": [
                    ["name": .string(name(spec.agent)), "department": "项目代办服务中心", "duty": "全程代办"],
                    ["name": .string(name(spec.liaison)), "department": "企业服务科", "duty": "联络企业，每周报送进展"],
                    ["name": "用地专员", "department": "规划和自然资源局", "duty": "用地保障"],
                ],
            ]
        case .plan(let revision):
            let start = startDay
            let measures: [(String, String, CivilDate)] = [
                ("落实要素保障：\(spec.land)", name(spec.agent), start.adding(days: 30)),
                (Self.stageMeasure[spec.stage] ?? "按节点推进项目", name(spec.leader), start.adding(days: 45)),
                ("每周报送项目进展，掌握企业诉求", name(spec.liaison), start.adding(days: 90)),
            ]
            let moving = spec.pace == .fast || spec.pace == .steady
            command.event = "plan"
            command.data = ["measures": .array(measures.enumerated().map { index, measure in
                let done = revision > 1 && index == 0 && moving
                return ["measure": .string(measure.0), "owner": .string(measure.1), "due": .string(measure.2.description),
                        "status": .string(done ? "已完成" : "推进中")]
            })]
        case .investmentPlan:
            guard let plan = investmentPlan(spec) else { return nil }
            command.event = "investment"
            command.data = [
                "plan": .object(plan.mapValues { .integer(Int64($0)) }),
                "planned_start": .string(startDay.adding(days: 84).description),
                "planned_completion": .string(startDay.adding(days: 84 + 365).description),
            ]
        case .investment(let month):
            guard let planned = project.data["investment_plan"]?[month]?.doubleValue, planned > 0 else { return nil }
            let share = 0.55 + 0.5 * dice.unit(project.id, "invest", month)
            command.event = "investment"
            command.data = ["month": .string(month), "amount": .integer(Int64((planned * share).rounded()))]
        }
        return command
    }

    /// The monthly plan of a signed project: 前期 (land, design) 3% a month from the first
    /// full month, then construction evenly over the next nine months.
    func investmentPlan(_ spec: DemoZone.Project) -> [String: Int]? {
        var plan: [String: Int] = [:]
        var year = startDay.year, month = startDay.month + 1
        for index in 0..<11 {
            if month > 12 { month = 1; year += 1 }
            let share = index < 2 ? 0.03 : 0.94 / 9
            plan[String(format: "%04d-%02d", year, month)] = Int((Double(spec.investment) * share).rounded())
            month += 1
        }
        return plan
    }

    /// The site visit an agent records before starting 要素保障.
    func visitCommand(_ instance: Instance, at time: String) -> Command? {
        guard let spec = zone.project(instance.id) else { return nil }
        var command = Command(kind: .send, actor: spec.agent, at: time)
        command.event = "visit"
        command.data = [
            "place": .string(spec.site ?? spec.proposedSite ?? "经开区拟选地块"),
            "attendees": .array([spec.leader, spec.agent, spec.liaison].map { .string(name($0)) } + ["企业代表"]),
            "findings": .string(Self.findings[dice.int(0...(Self.findings.count - 1), spec.code, "visit")]),
        ]
        return command
    }

    /// A liaison's weekly progress report: what the project's agent did lately, in the
    /// stage's words; now and then last week's text copied as it was (与上期雷同).
    func progressReport(_ report: Instance, _ item: WorkItem, at time: String) -> Command {
        var command = Command(kind: .complete, actor: item.assignee, at: time)
        command.item = item.id
        command.event = "submitted"
        let project = report.data["project"]?.stringValue ?? ""
        let previous = known.values.filter {
            $0.workflow == "progress_report" && $0.id != report.id && $0.data["project"]?.stringValue == project
                && $0.data["text"] != nil
        }.max { $0.createdAt < $1.createdAt }
        if let copied = previous?.data["text"], dice.unit(report.id, "copy") < 0.08 {
            command.data = ["text": copied]
            return command
        }
        let stage = report.data["stage"]?.stringValue ?? known[project].map { service.stage(of: $0.state, in: $0) } ?? ""
        let phrases = Self.notes[stage] ?? ["与企业保持对接，跟进项目进展"]
        let first = dice.int(0...(phrases.count - 1), report.id, "text")
        var text = "本周\(phrases[first])"
        if phrases.count > 1 { text += "；" + phrases[(first + 1) % phrases.count] }
        text += "。企业反映" + Self.concerns[dice.int(0...(Self.concerns.count - 1), report.id, "concern")] + "。"
        command.data = ["text": .string(text),
                        "next_week": .string("继续" + phrases[(first + phrases.count - 1) % phrases.count])]
        return command
    }

    static let concerns = ["整体推进顺利", "希望加快审批进度", "关注要素保障落实情况", "期待尽早开工", "对服务表示满意"]

    func name(_ person: String) -> String { service.engine.people.person(person)?.name ?? person }

    static let stageMeasure = [
        "初步对接": "组织企业实地考察，明确选址和建设内容",
        "重点意向": "研讨要素保障，商定签约条件",
        "成熟待签约": "完成投资协议会签，推动尽早签约",
        "签约待备案": "指导企业办理注册、备案，开展开工前手续",
    ]

    static let findings = [
        "地块已平整，需新建 10kV 供电线路，供水管网可就近接入",
        "拟选厂房结构满足生产要求，需增容用电和天然气接入",
        "企业用工需求约 200 人，环境容量需生态环境部门核定",
        "园区配套道路尚未贯通，需协调规划建设部门列入计划",
    ]
}
