import AgencyJSON
import AgencyService
import WorkflowEngine

extension ReportContext {
    /// One line per project in the store at the report's time and in play in the window
    /// (running, or finished this year: see `window`), in pipeline order: what
    /// moved this week (led by the liaison's progress report), what comes next, whether it
    /// is flagged for no progress, and the dispatch's flag on its report (`flags`, from
    /// `progressMarking`).
    func projectLines(flags: [String: (flag: String, similarity: Double?)] = [:]) -> [WeeklyReport.ProjectLine] {
        var related: [String: [Instance]] = [:]
        let linked = [mapping.permits.workflow, mapping.permits.planWorkflow, mapping.cases.problem]
        for instance in instances where linked.contains(instance.workflow) {
            if let project = instance.data[mapping.projectLink]?.stringValue {
                related[project, default: []].append(instance)
            }
        }
        let order = ProjectPipeline.stages + [ProjectPipeline.paused, ProjectPipeline.dropped]
        let reports = progressReports()
        var lines: [WeeklyReport.ProjectLine] = []
        let fields = mapping.projects
        for project in of(fields.workflow) where Self.inPlay(project, window: window) {
            let past = now(project)
            guard let stage = stage(past), let state = past.state else { continue }
            let others = related[project.id] ?? []
            let permits = others.filter { $0.workflow == mapping.permits.workflow && now($0).exists }
            let report = reports[project.id]
            let progress = (report.map(Self.progressLines) ?? []) + self.progress(project, stage: stage, related: others)
            let active = past.isRunning && ProjectPipeline.stages.contains(stage)
            let colors = past.openItems.map { color($0, project) }
                + permits.flatMap { permit in now(permit).openItems.map { color($0, permit) } }
            lines.append(.init(
                id: project.id, name: project.data[fields.name]?.stringValue ?? project.id,
                enterprise: project.data[fields.enterprise]?.stringValue ?? "",
                sector: project.data[fields.sector]?.stringValue ?? "",
                stage: stage, state: service.stateTitle(state, in: project),
                investment: Int(project.data[fields.investment]?.intValue ?? 0),
                leader: name(project.data[fields.leader]?.stringValue ?? ""),
                agent: name(project.data[fields.agent]?.stringValue ?? ""),
                liaison: project.data[fields.liaison].flatMap(\.stringValue).map(name),
                progress: progress, nextStep: nextStep(project, past, permits: permits),
                noProgress: active && progress.isEmpty,
                color: (colors.max() ?? .green).rawValue,
                permitsIssued: permits.filter { now($0).finishedAt.map { $0 <= moment } ?? false }.count,
                permitsTotal: plannedPermits(others, started: permits.count),
                report: report, reportFlag: flags[project.id]?.flag, reportSimilarity: flags[project.id]?.similarity))
        }
        return lines.sorted {
            (order.firstIndex(of: $0.stage) ?? order.count, $0.id) < (order.firstIndex(of: $1.stage) ?? order.count, $1.id)
        }
    }

    /// What happened to a project in the week: stage changes, reviews sent back, permits
    /// issued, difficulties logged and closed, the latest progress note.
    private func progress(_ project: Instance, stage: String, related: [Instance]) -> [String] {
        let past = now(project)
        var lines: [String] = []
        var previous = self.stage(then(project))
        if past.created(after: start) {
            lines.append("\(ReportFormatting.day(project.createdAt)) 纳入项目库（\(stage)）")
        }
        for step in past.steps(after: start) {
            let current = service.stage(of: step.state, in: project)
            if step.at == project.createdAt {
                previous = current  // where an imported project starts, not a change
                continue
            }
            let fields = mapping.projects
            switch step.event {
            case fields.rejectedEvent?:
                lines.append("\(ReportFormatting.day(step.at)) 转段审批退回")
            case fields.pauseEvent?:
                lines.append("\(ReportFormatting.day(step.at)) 暂缓：\(project.data[fields.pauseReason]?.stringValue ?? "")")
            case fields.dropEvent?:
                lines.append("\(ReportFormatting.day(step.at)) 终止：\(project.data[fields.dropReason]?.stringValue ?? "")")
            default:
                if let before = previous, before != current {
                    lines.append("\(ReportFormatting.day(step.at)) \(before) → \(current)")
                }
            }
            previous = current
        }
        let issued = related.filter { $0.workflow == mapping.permits.workflow && now($0).finished(after: start)
            && $0.status == .completed }
        if !issued.isEmpty {
            let names = issued.compactMap { $0.data[mapping.permits.title]?.stringValue }.sorted()
            lines.append("办结手续 \(issued.count) 项：" + names.joined(separator: "、"))
        }
        for problem in related where problem.workflow == mapping.cases.problem {
            let title = problem.data[mapping.cases.title]?.stringValue ?? problem.id
            if now(problem).created(after: start) { lines.append("\(ReportFormatting.day(problem.createdAt)) 反映难点堵点：\(title)") }
            if now(problem).finished(after: start) { lines.append("难点堵点办结：\(title)") }
        }
        if let note = project.comments.last(where: { $0.at > start && $0.at <= moment }) {
            lines.append("\(ReportFormatting.day(note.at)) \(name(note.actor))：\(note.comment ?? "")")
        }
        return lines
    }

    private func nextStep(_ project: Instance, _ past: PastInstance, permits: [Instance]) -> String {
        guard past.isRunning else {
            return project.status == .completed ? (project.outcome ?? "") : "已终止"
        }
        if past.state == mapping.projects.pausedState {
            return "暂缓：" + (project.data[mapping.projects.pauseReason]?.stringValue ?? "") + "（包联领导复核）"
        }
        var parts = past.openItems.map { item in
            "\(item.title)（\(name(item.assignee))" + (item.due.map { "，\(ReportFormatting.lastDay($0)) 前" } ?? "") + "）"
        }
        let open = permits.filter { now($0).isRunning }
        if !open.isEmpty {
            let names = open.compactMap { $0.data[mapping.permits.title]?.stringValue }
            let shown = names.prefix(3).joined(separator: "、") + (names.count > 3 ? " 等" : "")
            parts.append("手续在办 \(open.count) 项：\(shown)")
        }
        return parts.isEmpty ? service.stateTitle(past.state ?? "", in: project) : parts.joined(separator: "；")
    }

    /// Permits in the project's plans (the plan lists those not started yet too).
    private func plannedPermits(_ related: [Instance], started: Int) -> Int {
        let planned = related.filter { $0.workflow == mapping.permits.planWorkflow && now($0).exists }
            .reduce(0) { $0 + ($1.data[mapping.permits.plan]?.arrayValue?.count ?? 0) }
        return max(planned, started)
    }
}
