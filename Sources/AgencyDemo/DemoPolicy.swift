import AgencyJSON
import AgencyReports
import AgencyService
import Foundation
import WorkflowEngine

/// How the simulated people of the demo zone behave: for each open work item, after how
/// many working days its assignee acts (or that nobody does, so that its deadline passes
/// and the ladder climbs), and what they do then. Most act in time; some are late enough
/// for 催办 and 督办; a few approvals send a project back.
struct DemoPolicy {
    let zone: DemoZone
    let dice: DemoDice

    /// Working days after the item opened when its assignee acts (0: the same day), or
    /// nil when nobody acts on it during the demo.
    func delay(_ item: WorkItem, in instance: Instance) -> Int? {
        let subject = "\(instance.id)/\(item.id)"
        switch (instance.workflow, item.kind) {
        case ("project", .approval):
            return dice.int(0...2, subject, "review")
        case ("project", .task):
            return projectDelay(item, instance, subject)
        case ("permit", .task):
            return dice.unit(subject, "late") < 0.8 ? dice.int(0...2, subject) : dice.int(3...4, subject)
        case ("permit", .wait):
            return departmentDelay(limit: Int(instance.data["limit"]?.intValue ?? 5), subject)
        case ("element", .task):
            return ownerDelay(limit: Int(instance.data["limit"]?.intValue ?? 10), subject)
        case ("supervision", .approval):
            return dice.int(0...1, subject)
        case ("problem", .task) where item.state == "confirm":
            return dice.int(0...1, subject)
        case ("supervision", .task) where item.state == "track":
            return ownerDelay(limit: Int(instance.data["limit"]?.intValue ?? 5), subject)
        case ("supervision", .task):
            return dice.int(0...1, subject)
        case ("problem", .task) where item.state == "handling":
            return ownerDelay(limit: Int(instance.data["limit"]?.intValue ?? 5), subject)
        case ("problem", .task):
            return dice.int(0...2, subject)
        case ("dispatch", .task):
            return 0
        case ("progress_report", .task):
            // Most liaisons report the same or the next day; some forget (本期未提交).
            let roll = dice.unit(subject, "forgot")
            return roll < 0.07 ? nil : (roll < 0.2 ? 1 : 0)
        case ("assessment", .task), ("assessment", .approval):
            return dice.int(0...1, subject)
        default:
            // The plan's tracking item and a paused project's review wait for others.
            return nil
        }
    }

    private func projectDelay(_ item: WorkItem, _ instance: Instance, _ subject: String) -> Int? {
        guard let code = instance.data["code"]?.stringValue, let project = zone.project(code) else { return nil }
        switch item.state {
        case "registration":
            return project.pace == .slow ? nil : dice.int(3...7, subject)
        case "terms":
            return dice.int(2...6, subject)
        case "contact", "intent", "signing", "signed":
            // Back after a review sent it back: the agent completes what was missing.
            if instance.path.dropLast().contains(where: { $0.state == item.state }) {
                return dice.int(2...5, subject)
            }
            switch project.pace {
            case .fast: return dice.int(6...12, subject)
            case .steady: return dice.int(15...28, subject)
            case .slow, .pause, .drop: return nil
            }
        default:
            return nil  // construction lasts longer than the demo
        }
    }

    /// A department's decision: mostly within the statutory limit, some late.
    private func departmentDelay(limit: Int, _ subject: String) -> Int {
        let roll = dice.unit(subject, "department")
        if roll < 0.68 { return max(1, Int((Double(limit) * (0.4 + 0.6 * dice.unit(subject, "share"))).rounded())) }
        if roll < 0.88 { return limit + dice.int(1...2, subject) }
        return limit + dice.int(3...6, subject)
    }

    /// Someone with a time limit: 60% in time, 25% a little late (催办), 15% late enough
    /// to be escalated (督办).
    private func ownerDelay(limit: Int, _ subject: String) -> Int {
        let roll = dice.unit(subject, "owner")
        if roll < 0.6 { return dice.int(1...max(1, limit), subject) }
        if roll < 0.85 { return limit + dice.int(1...2, subject) }
        return limit + dice.int(3...5, subject)
    }

    // MARK: What they do

    /// The command the assignee gives for `item`, or nil when there is nothing to do.
    func command(_ item: WorkItem, in instance: Instance, at: String,
                 decisions: () -> [JSONValue]) -> Command? {
        var command = Command(kind: .complete, actor: item.assignee, at: at)
        command.item = item.id
        let subject = "\(instance.id)/\(item.id)"
        let firstVisit = !instance.items.contains { $0.state == item.state && $0.decision == "rejected" }
        switch (instance.workflow, item.state) {
        case ("project", "contact"), ("project", "terms"), ("project", "signing"), ("project", "signed"),
             ("project", "registration"):
            return advance(&command, item, instance)
        case ("project", "intent"):
            // After the site visit (``visit(_:in:at:)``): 要素保障 with the default elements.
            command.kind = .send
            command.item = nil
            command.event = "elements"
            command.comment = "实地考察已完成，启动要素保障研讨"
        case ("element", "secure"):
            let roll = dice.unit(subject, "element")
            if roll < 0.8 {
                command.event = "secured"
                command.comment = "已与\(instance.data["department"]?.stringValue ?? "责任部门")对接，要素已落实"
            } else if roll < 0.95 {
                command.event = "conditional"
                command.data = ["note": .string(Self.conditions[dice.int(0...(Self.conditions.count - 1), subject)])]
            } else {
                command.event = "unresolved"
                command.data = ["note": "现有容量不足，需上报市级部门协调"]
            }
        case ("project", "contact_review"), ("project", "intent_review"), ("project", "signing_review"),
             ("project", "signed_review"), ("project", "completion_review"), ("project", "operation_review"),
             ("supervision", "review"):
            if firstVisit && dice.unit(subject, "reject") < (instance.workflow == "project" ? 0.15 : 0.1) {
                command.kind = .reject
                command.comment = instance.workflow == "project" ? "转段条件尚需完善，请补充材料后再报"
                    : "反馈不够具体，请补充办理结果和佐证材料"
            } else {
                command.kind = .approve
                command.comment = "同意"
            }
        case ("permit", "prepare"):
            command.event = "submitted"
            command.comment = "申报材料已齐全，提交\(instance.data["department"]?.stringValue ?? "部门")"
        case ("permit", "review"):
            command.kind = .send
            command.item = nil
            let returned = (instance.data["returns"]?.intValue ?? 0) == 0 && dice.unit(subject, "return") < 0.08
            if returned {
                command.event = "returned"
                command.data = ["reason": "部门要求补正材料"]
            } else {
                command.event = "issued"
                command.data = ["doc_no": .string("屯审〔2025〕\(dice.int(100...999, subject))号")]
            }
        case ("supervision", "register"):
            command.event = "assign"
        case ("supervision", "assign"):
            command.event = "accept"
        case ("supervision", "track"):
            command.event = "feedback"
            command.data = ["result": .string(Self.results[dice.int(0...(Self.results.count - 1), subject)])]
        case ("problem", "triage"):
            command.event = "assign"
            let code = instance.data["project"]?.stringValue ?? ""
            let owner = zone.project(code)?.agent ?? item.assignee
            command.data = ["owner": .string(owner), "limit": 5]
        case ("problem", "handling"):
            command.event = "resolved"
            command.data = ["solution": .string(Self.solutions[dice.int(0...(Self.solutions.count - 1), subject)])]
        case ("problem", "confirm"):
            if firstVisit && (instance.data["reopened"] == nil) && dice.unit(subject, "unhappy") < 0.1 {
                command.event = "unsatisfied"
                command.data = ["reason": "企业反映问题仅部分解决"]
            } else {
                command.event = "satisfied"
                command.comment = "已回访企业，企业满意"
            }
        case ("assessment", "minutes"):
            command.event = "submit"
            command.data = minutes(instance)
        case ("assessment", "review"):
            command.kind = .approve
            command.comment = "纪要属实，同意"
        case ("dispatch", "meeting"):
            command.event = "held"
            command.data = ["decisions": .array(decisions())]
            command.comment = "周例会已召开"
        default:
            return nil
        }
        return command
    }

    private func advance(_ command: inout Command, _ item: WorkItem, _ instance: Instance) -> Command? {
        guard let code = instance.data["code"]?.stringValue, let project = zone.project(code) else { return nil }
        command.event = "advance"
        switch item.state {
        case "contact":
            command.data = ["site": .string(project.site ?? project.proposedSite ?? "待定"),
                            "scale": .string(project.scale)]
            command.comment = "已与企业深入洽谈，明确投资意向和选址"
        case "terms":
            command.data = ["conditions": .string("要素保障方案已商定：\(project.land)")]
            command.comment = "双方共同商定签约条件"
        case "signing":
            command.data = ["contract_no": .string("屯经开〔2025〕\(code)号"),
                            "signed_on": .string(String(command.at.prefix(10)))]
            command.comment = "投资协议已签订"
        case "signed":
            let number = (Int(code.dropFirst()) ?? 0) * 7919
            command.data = ["credit_code": .string("91140405MA0\(String(format: "%06d", number))")]
            command.comment = "企业已完成注册，材料齐备"
        case "registration":
            command.event = "filed"
            command.data = ["filing_code": .string("2501-140405-04-01-\(String(format: "%06d", (Int(code.dropFirst()) ?? 0) * 313))")]
            command.comment = "项目备案完成"
        default:
            return nil
        }
        return command
    }

    /// The minutes of a 分析研判会 as the secretary writes them: one verdict per project on
    /// the agenda, following how the zone file says the project moves.
    func minutes(_ meeting: Instance) -> JSONValue {
        let agenda = meeting.data["agenda"]?.arrayValue ?? []
        let verdicts: [JSONValue] = agenda.compactMap { entry in
            guard let id = entry["id"]?.stringValue else { return nil }
            let stage = entry["stage"]?.stringValue ?? ""
            let spec = zone.project(id)
            let (verdict, reasons, next): (String, String, String?)
            switch spec?.pace {
            case .fast?:
                (verdict, reasons, next) = ("推进到下一阶段", "条件基本成熟，市场前景好、带动作用强",
                                            "加快推进\(stage)后续工作，两周内报包联领导审批转段")
            case .pause?:
                // The meeting pauses the project its enterprise is reconsidering.
                (verdict, reasons, next) = ("暂缓", spec?.pause?.reason ?? "企业投资计划调整", nil)
            case .drop?:
                (verdict, reasons, next) = ("终止", spec?.drop?.reason ?? "企业放弃投资", nil)
            case .slow?:
                (verdict, reasons, next) = ("补充论证", "投资方资金和要素条件尚不明确，需再研究、再论证",
                                            "代办员会同包联领导补充资金和要素论证材料")
            default:
                (verdict, reasons, next) = ("维持", "按既定步骤推进，实时跟进更新", nil)
            }
            var line: [String: JSONValue] = ["project": .string(id), "verdict": .string(verdict), "reasons": .string(reasons)]
            if let next { line["next_step"] = .string(next) }
            return .object(line)
        }
        let chair = meeting.data["chair"] ?? .null
        return [
            "attendees": .array([chair] + Self.assessors),
            "summary": .string("对\(agenda.count)个谋划项目逐个研判分类，厘清推进思路"),
            "verdicts": .array(verdicts),
        ]
    }

    /// Who sits in the 分析研判会 besides its chair.
    static let assessors: [JSONValue] = ["liming", "wangjun", "zhaohong", "sunqiang"]

    static let conditions = [
        "供电线路改造由企业出资，供电公司负责接入",
        "环境容量须以区域削减替代方式落实",
        "用工由人社部门组织专场招聘，企业承担培训",
    ]

    static let results = [
        "已召开专题协调会，明确责任分工和完成时限",
        "已与相关部门对接，问题已解决",
        "已督促企业补齐材料，部门已受理",
        "已现场核实，制定推进计划并报包联领导",
    ]
    static let solutions = [
        "经协调供电公司，已完成增容方案批复",
        "已组织自然资源部门现场核实，调整选址边界",
        "已协调相关部门出具意见，问题解决",
        "已对接人社部门组织专场招聘会",
    ]
}
