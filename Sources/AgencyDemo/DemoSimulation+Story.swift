import AgencyJSON
import AgencyReports
import AgencyService
import Foundation
import WorkflowEngine

extension DemoSimulation {
    /// Notes what an instance's change means for the story of its week.
    func tell(_ previous: Instance?, _ instance: Instance) {
        let index = weekIndex(service.timestamps.parse(instance.updatedAt) ?? clock)
        let finished = instance.status == .completed && previous?.status != .completed
        let sentBack = instance.items.filter { $0.decision == "rejected" }.count
            - (previous?.items.filter { $0.decision == "rejected" }.count ?? 0)
        if sentBack > 0 { weeks[index].sentBack += sentBack }
        switch instance.workflow {
        case "project":
            guard let previous else { return }
            let before = service.stage(of: previous.state, in: previous)
            let after = service.stage(of: instance.state, in: instance)
            guard before != after else { return }
            let name = "\(instance.id) \(instance.data["name"]?.stringValue ?? "")"
            switch after {
            case ProjectPipeline.paused:
                let reason = instance.data["pause_reason"]?.stringValue ?? ""
                weeks[index].notes.append("\(name) 暂缓推进：\(reason)")
            case ProjectPipeline.dropped:
                let reason = instance.data["drop_reason"]?.stringValue ?? ""
                weeks[index].notes.append("\(name) 终止：\(reason)")
            case "开工":
                weeks[index].stageChanges.append("\(name)：开工前手续全部办结，\(before) → 开工")
            default:
                weeks[index].stageChanges.append("\(name)：\(before) → \(after)")
            }
        case "permit":
            if previous == nil { weeks[index].permitsStarted += 1 }
            if finished { weeks[index].permitsIssued += 1 }
        case "supervision":
            if previous == nil { weeks[index].supervisionOpened += 1 }
            if finished { weeks[index].supervisionClosed += 1 }
        case "problem":
            if previous == nil { weeks[index].problemsLogged += 1 }
            if finished { weeks[index].problemsClosed += 1 }
        case "assessment" where finished:
            let verdicts = instance.data["minutes"]?["verdicts"]?.arrayValue ?? []
            var counts: [String: Int] = [:]
            for verdict in verdicts { counts[verdict["verdict"]?.stringValue ?? "", default: 0] += 1 }
            let parts = ["推进到下一阶段", "维持", "补充论证", "暂缓", "终止"].compactMap { verdict in
                counts[verdict].map { "\(verdict) \($0)" }
            }
            weeks[index].notes.append("分析研判会（\(instance.data["date"]?.stringValue ?? "")）纪要审定：研判项目 "
                                      + "\(verdicts.count) 个，" + parts.joined(separator: "、"))
        case "dispatch":
            if previous == nil {
                weeks[index].dispatch = instance.id
                weeks[index].dispatchAt = instance.createdAt
                weeks[index].supervisedByDispatch = instance.data["summary"]?["opened"]?.arrayValue?.count ?? 0
            }
            if finished { weeks[index].decisions = instance.data["decisions"]?.arrayValue?.count ?? 0 }
        default:
            break
        }
    }
}
