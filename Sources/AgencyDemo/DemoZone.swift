import AgencyCalendar
import AgencyJSON
import AgencyReports
import AgencyService
import Foundation
import WorkflowEngine

/// The demo zone (`Workflows/demo/zone.json`): the projects a zone tracks, where each
/// stands when the simulation begins, and the few hints the simulation needs (how fast
/// a project moves, when it is paused or dropped, which difficulties its enterprise
/// reports). Everything else the demo does follows from the workflows.
public struct DemoZone: Codable, Sendable {
    public struct Project: Codable, Sendable {
        /// "P01": also the project instance's id.
        public var code: String
        /// The pipeline stage at the start: 初步对接, 重点意向, 成熟待签约 or 签约待备案.
        public var stage: String
        public var name: String
        public var enterprise: String
        public var sector: String
        /// Total investment in 万元.
        public var investment: Int
        public var scale: String
        public var land: String
        /// 选址占地 when already agreed; else the site the agent proposes when the
        /// project leaves 初步对接 (`proposedSite`).
        public var site: String?
        public var proposedSite: String?
        public var landType: String
        public var expectedFiling: String?
        public var leader: String
        public var agent: String
        public var liaison: String
        /// fast, steady, slow, pause or drop: how the simulated agent moves it.
        public var pace: Pace
        public var pause: Scripted?
        public var drop: Scripted?

        enum CodingKeys: String, CodingKey {
            case code, stage, name, enterprise, sector, investment, scale, land, site
            case proposedSite = "proposed_site", landType = "land_type"
            case expectedFiling = "expected_filing"
            case leader, agent, liaison, pace, pause, drop
        }
    }

    public enum Pace: String, Codable, Sendable {
        /// Leaves each stage in 6–12 working days.
        case fast
        /// Leaves each stage in 15–28 working days, sometimes after its due time.
        case steady
        /// Does not move: its stage task runs late and the weekly dispatch supervises it.
        case slow
        /// Paused (暂缓) in the week given by `pause`.
        case pause
        /// Dropped (终止) in the week given by `drop`.
        case drop
    }

    /// Something that happens to a project in a given week (1 = the first week).
    public struct Scripted: Codable, Sendable {
        public var week: Int
        public var reason: String
    }

    /// A difficulty an enterprise reports (难点堵点), logged by the project's liaison.
    public struct Problem: Codable, Sendable {
        public var project: String
        public var week: Int
        /// 1 = Monday ... 5 = Friday of that week.
        public var day: Int
        public var category: String
        public var title: String
        public var description: String
    }

    public var format: Int
    public var zone: String
    /// The Monday the simulation starts on.
    public var start: String
    /// Seeds the simulated people's choices: the same seed gives the same store.
    public var seed: UInt64
    public var projects: [Project]
    public var problems: [Problem]

    public static let stages = ["初步对接", "重点意向", "成熟待签约", "签约待备案"]

    /// Reads and checks a zone file; every problem names the project it is in.
    public static func load(_ url: URL, people: PeopleDirectory) throws -> DemoZone {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ServiceError.notFound("demo zone file \(url.path) is missing (it ships in Workflows/demo/; "
                                        + "run agency demo from the repository, or pass --workflows DIR)")
        }
        let zone: DemoZone
        do {
            zone = try JSONValue.parse([UInt8](data)).decode(DemoZone.self)
        } catch {
            throw ServiceError.invalid("\(url.path): \(error)")
        }
        try zone.check(source: url.path, people: people)
        return zone
    }

    func check(source: String, people: PeopleDirectory) throws {
        func fail(_ text: String) -> ServiceError { .invalid("\(source): \(text)") }
        guard format == 1 else { throw fail("\"format\": 1 is required") }
        guard let monday = CivilDate(start), monday.weekday == 1 else {
            throw fail("start '\(start)' must be a Monday, YYYY-MM-DD")
        }
        var codes = Set<String>()
        for project in projects {
            let place = "project \(project.code)"
            guard codes.insert(project.code).inserted else { throw fail("\(place) is listed twice") }
            guard Self.stages.contains(project.stage) else {
                throw fail("\(place): stage '\(project.stage)' is not one of \(Self.stages.joined(separator: "、"))")
            }
            guard project.investment > 0 else { throw fail("\(place): investment (万元) must be positive") }
            for (role, id) in [("leader", project.leader), ("agent", project.agent), ("liaison", project.liaison)]
            where people.person(id) == nil {
                throw fail("\(place): \(role) '\(id)' is not in the people directory")
            }
            if project.pace == .pause && project.pause == nil { throw fail("\(place): pace pause needs \"pause\"") }
            if project.pace == .drop && project.drop == nil { throw fail("\(place): pace drop needs \"drop\"") }
            if project.site == nil && project.proposedSite == nil {
                throw fail("\(place): give site or proposed_site")
            }
        }
        for (position, problem) in problems.enumerated() {
            let place = "problems[\(position + 1)]"
            guard codes.contains(problem.project) else { throw fail("\(place): no project \(problem.project)") }
            guard problem.week >= 1, (1...5).contains(problem.day) else {
                throw fail("\(place): week must be at least 1 and day 1...5")
            }
        }
    }

    public func project(_ code: String) -> Project? { projects.first { $0.code == code } }

    /// The input of the project workflow for one project.
    func input(_ project: Project) -> JSONValue {
        var fields: [String: JSONValue] = [
            "code": .string(project.code), "name": .string(project.name),
            "enterprise": .string(project.enterprise), "sector": .string(project.sector),
            "investment": .integer(Int64(project.investment)), "scale": .string(project.scale),
            "land": .string(project.land), "land_type": .string(project.landType),
            "leader": .string(project.leader), "agent": .string(project.agent),
            "liaison": .string(project.liaison), "initial_stage": .string(project.stage),
        ]
        if let site = project.site { fields["site"] = .string(site) }
        if let date = project.expectedFiling { fields["expected_filing"] = .string(date) }
        return .object(fields)
    }
}
