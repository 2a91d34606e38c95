import AgencyCalendar
import AgencyJSON
import AgencyReports
import AgencyService
import Foundation
import WorkflowEngine

/// Runs the demo zone through simulated weeks on the virtual clock.
///
/// Time moves in steps of at most half an hour during working hours (one step over each
/// night): each step is an ``AgencyService/tick(until:now:schedules:)`` that fires the
/// timers (colours, 催办, 督办) and the weekly dispatch at their own times, then the
/// simulated people act on what is due by then. Whatever opens (a task, an approval, a
/// permit, a supervision item) is given a time when its assignee acts, from
/// ``DemoPolicy``; nothing reads the wall clock, so the same zone file gives the same store.
final class DemoSimulation {
    enum Action {
        case item(instance: String, item: String)
        case note(project: String)
        case pause(project: String, attempt: Int)
        case drop(project: String, attempt: Int)
        case problem(index: Int)
        /// 专班, 一企一策 or a month's investment figures (DemoSimulation+Records).
        case record(project: String, kind: RecordKind)
    }

    struct Entry {
        var at: Date
        var sequence: Int
        var action: Action
    }

    let service: AgencyService
    let zone: DemoZone
    let policy: DemoPolicy
    let dice: DemoDice
    let startDay: CivilDate
    let weekCount: Int
    let end: Date
    let progress: (Int, Int) -> Void
    private(set) var clock: Date
    var known: [String: Instance] = [:]
    var weeks: [DemoWeek] = []
    private(set) var commands = 0
    /// Commands the store refused or that failed: the demo expects none.
    var failures: [String] = []
    var planned = Set<String>()
    /// Each running instance's earliest timer, kept as instances change.
    var nextTimers: [String: Date] = [:]
    var queue: [Entry] = []
    var sequence = 0
    private var reportedWeek = 0

    init(service: AgencyService, zone: DemoZone, weeks: Int, end: Date,
         progress: @escaping (Int, Int) -> Void) throws {
        guard let day = CivilDate(zone.start) else { throw ServiceError.invalid("demo start '\(zone.start)' is not a date") }
        self.service = service
        self.zone = zone
        self.dice = DemoDice(seed: zone.seed)
        self.policy = DemoPolicy(zone: zone, dice: DemoDice(seed: zone.seed))
        self.startDay = day
        self.weekCount = weeks
        self.end = end
        self.progress = progress
        self.clock = day.startOfDay(in: service.timestamps.timeZone)
        self.weeks = (0...weeks).map { DemoWeek(number: $0 + 1, monday: day.adding(days: 7 * $0)) }
    }

    var calendar: WorkCalendar { service.engine.calendar }
    var timeZone: TimeZone { service.timestamps.timeZone }

    // MARK: Running

    func run() throws {
        for workflow in Self.scheduled { _ = try service.enableSchedule(workflow, from: startDay) }
        let loadTime = at(startDay, minutes: 8 * 60 + 30)
        for project in zone.projects {
            let result = try service.start("project", id: project.code, input: zone.input(project),
                                           actor: project.agent, at: loadTime)
            absorb(result)
        }
        weeks[0].notes.append("导入项目库：\(zone.projects.count) 个重点谋划项目，各就其阶段，"
                              + "逐个明确包联领导、代办员、联络员")
        scheduleScripted()
        let dispatches = try Self.scheduled.flatMap { try scheduleTimes($0) }.sorted()
        while clock < end {
            // Tick only when something is due: a timer, a dispatch, an action.
            var stop = min(end, queue.first?.at ?? end)
            if let timer = earliestTimer(), timer < stop { stop = timer }
            if let dispatch = dispatches.first(where: { $0 > clock }), dispatch < stop { stop = dispatch }
            try advance(to: stop)
            while let first = queue.first, first.at <= clock {
                queue.removeFirst()
                perform(first)
            }
        }
        try advance(to: end)
    }

    /// The earliest timer of a running instance: what the next tick fires first.
    /// (Timers at or before the clock have fired; one left over would be a failure the
    /// demo reports at the end, not a reason to stop moving.)
    private func earliestTimer() -> Date? { nextTimers.values.filter { $0 > clock }.min() }

    /// The workflows that start on their schedules in the demo: the weekly dispatch, the
    /// monthly 分析研判会, the Thursday collection of the liaisons' progress reports.
    static let scheduled = ["dispatch", "assessment", "progress"]

    /// When each occurrence of `workflow`'s schedule starts in the simulation.
    private func scheduleTimes(_ workflow: String) throws -> [Date] {
        guard let spec = try service.currentDefinition(workflow).schedule else { return [] }
        let schedule = service.scheduleCalendar
        var times: [Date] = []
        var day = startDay
        while let occurrence = try? schedule.next(spec, after: day, inclusive: true),
              occurrence.nominal.daysSince(startDay) <= 7 * weekCount {
            if let moment = occurrence.at { times.append(moment) }
            day = occurrence.nominal.adding(days: 1)
        }
        return times
    }

    private func advance(to stop: Date) throws {
        guard stop > clock else { return }
        let report = try service.tick(until: stop)
        clock = stop
        absorb(report)
        let week = weekNumber(clock)
        if week != reportedWeek {
            reportedWeek = week
            progress(min(week, weekCount), weekCount)
        }
    }

    // MARK: What the people do

    private func perform(_ entry: Entry) {
        switch entry.action {
        case .item(let id, let itemID):
            guard let instance = known[id], instance.status == .running,
                  let item = instance.item(itemID), item.status == .open else { return }
            if instance.workflow == "progress_report" {
                // Its collection may have closed since (cancelling it through the outbox).
                refresh(id)
                guard known[id]?.status == .running else { return }
                execute(id, progressReport(instance, item, at: stamp(entry.at)))
                return
            }
            guard let command = policy.command(item, in: instance, at: stamp(entry.at),
                                               decisions: { self.decisions(for: instance) }) else { return }
            if instance.workflow == "project", item.state == "intent",
               let visit = visitCommand(instance, at: stamp(entry.at)) {
                execute(id, visit)
            }
            execute(id, command)
        case .note(let code):
            guard let project = known[code], project.status == .running, project.state != "paused",
                  let agent = project.data["agent"]?.stringValue else { return }
            var command = Command(kind: .comment, actor: agent, at: stamp(entry.at))
            let stage = service.stage(of: project.state, in: project)
            let phrases = Self.notes[stage] ?? ["与企业保持对接，跟进项目进展"]
            command.comment = "本周进展：" + phrases[dice.int(0...(phrases.count - 1), code, stamp(entry.at))]
            execute(code, command)
        case .pause(let code, let attempt), .drop(let code, let attempt):
            let pausing: Bool
            if case .pause = entry.action { pausing = true } else { pausing = false }
            guard let project = known[code], project.status == .running,
                  let spec = zone.project(code), let script = pausing ? spec.pause : spec.drop else { return }
            guard let item = project.openItems.first(where: { $0.assignee == spec.agent && $0.kind == .task }) else {
                if attempt < 10 {
                    let next = at(nextWorkday(after: CivilDate(entry.at, in: timeZone)), minutes: 10 * 60)
                    enqueue(next, pausing ? .pause(project: code, attempt: attempt + 1)
                                          : .drop(project: code, attempt: attempt + 1))
                }
                return
            }
            var command = Command(kind: .complete, actor: spec.agent, at: stamp(entry.at))
            command.item = item.id
            command.event = pausing ? "pause" : "drop"
            command.data = ["reason": .string(script.reason)]
            execute(code, command)
        case .record(let code, let kind):
            guard let project = known[code], project.status == .running,
                  let command = recordCommand(project, kind, at: entry.at) else { return }
            execute(code, command)
        case .problem(let index):
            let problem = zone.problems[index]
            guard let project = zone.project(problem.project) else { return }
            let input: JSONValue = [
                "title": .string(problem.title), "description": .string(problem.description),
                "category": .string(problem.category), "project": .string(project.code),
                "project_name": .string(project.name), "enterprise": .string(project.enterprise),
                "reporter": .string(project.liaison), "leader": .string(project.leader),
            ]
            do {
                let id = String(format: "problem-%02d", index + 1)
                absorb(try service.start("problem", id: id, input: input, actor: project.liaison, at: entry.at))
                commands += 1
            } catch {
                failures.append("start problem \(index + 1): \(ServiceError(error).description)")
            }
        }
    }

    func execute(_ id: String, _ command: Command) {
        do {
            absorb(try service.execute(id, command))
            commands += 1
            weeks[weekIndex(entryTime(command))].commands += 1
        } catch {
            failures.append("\(id) \(command.kind.rawValue) \(command.event ?? ""): \(ServiceError(error).description)")
        }
    }

    private func entryTime(_ command: Command) -> Date { service.timestamps.parse(command.at) ?? clock }

    /// The weekly meeting's decisions: the newest open difficulty goes to its leader,
    /// and one project moving along is pushed to its next step.
    private func decisions(for dispatch: Instance) -> [JSONValue] {
        var list: [JSONValue] = []
        let problems = known.values.filter { $0.workflow == "problem" && $0.status == .running }
            .sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }
        if let problem = problems.first, let leader = problem.data["leader"]?.stringValue {
            list.append([
                "title": .string("协调解决：\(problem.data["title"]?.stringValue ?? problem.id)"),
                "owner": .string(leader), "limit": 5,
                "project": problem.data["project"] ?? .null, "project_name": problem.data["project_name"] ?? .null,
            ])
        }
        let moving = known.values.filter { project in
            guard project.workflow == "project", project.status == .running,
                  ["contact", "intent", "terms", "signing", "signed", "registration"].contains(project.state),
                  let pace = zone.project(project.id)?.pace else { return false }
            return pace == .fast || pace == .steady
        }.sorted { $0.id < $1.id }
        if !moving.isEmpty {
            let project = moving[dice.int(0...(moving.count - 1), dispatch.id, "decision")]
            let name = project.data["name"]?.stringValue ?? project.id
            list.append([
                "title": .string("\(name)：\(project.data["next_step"]?.stringValue ?? "加快推进")"),
                "owner": project.data["agent"] ?? .null, "leader": project.data["leader"] ?? .null,
                "limit": 5, "project": .string(project.id), "project_name": .string(name),
            ])
        }
        return list
    }

    // MARK: Scripted events

    func scheduleScripted() {
        for week in 0..<weekCount {
            let monday = startDay.adding(days: 7 * week)
            let workdays = (0..<5).map { monday.adding(days: $0) }.filter { (try? calendar.isWorkday($0)) == true }
            guard let last = workdays.last else { continue }
            for project in zone.projects where project.pace == .fast || project.pace == .steady {
                enqueue(at(last, minutes: 16 * 60 + dice.int(0...60, project.code, "note", "\(week)")),
                        .note(project: project.code))
            }
        }
        for project in zone.projects {
            if let pause = project.pause, pause.week <= weekCount {
                enqueue(at(workday(onOrAfter: startDay.adding(days: 7 * (pause.week - 1) + 1)), minutes: 10 * 60),
                        .pause(project: project.code, attempt: 0))
            }
            if let drop = project.drop, drop.week <= weekCount {
                enqueue(at(workday(onOrAfter: startDay.adding(days: 7 * (drop.week - 1) + 1)), minutes: 10 * 60),
                        .drop(project: project.code, attempt: 0))
            }
        }
        scheduleRecords()
        for (index, problem) in zone.problems.enumerated() where problem.week <= weekCount {
            let day = workday(onOrAfter: startDay.adding(days: 7 * (problem.week - 1) + problem.day - 1))
            enqueue(at(day, minutes: 10 * 60 + dice.int(0...120, problem.title)), .problem(index: index))
        }
    }

    static let notes: [String: [String]] = [
        "初步对接": ["与企业视频洽谈，了解投资计划", "向企业推介园区要素保障政策", "收集企业项目资料，初步研判可行性"],
        "重点意向": ["陪同企业实地踏勘选址", "研讨供水、供电、供气等要素保障", "与企业商谈签约条件"],
        "成熟待签约": ["投资协议文本已送企业审阅", "协调有关部门会签投资协议", "与企业确定签约时间"],
        "签约待备案": ["指导企业办理工商注册", "协助企业准备项目备案材料"],
        "登记/注册/备案": ["跟进各项审批手续办理进度", "协调部门并联审批，压缩办理时间"],
        "开工": ["现场巡查施工进度", "协调解决施工用水用电"],
    ]
}
