import AgencyJSON
import AgencyService
import WorkflowEngine

/// `agency search`: instances whose text holds every word of a query (project and
/// enterprise names, any data field, item titles, comments and decisions' comments),
/// narrowed by workflow, stage, leader, agent, sector and light.
///
/// A child (a permit, a 督办 case) is judged by its root project for the project's
/// filters (stage, leader, agent, sector) and matches the project's name, so searching
/// a project finds its permits too. Matching ignores case; words are separated by spaces
/// and must all appear (in any fields).
public struct InstanceSearch {
    public struct Hit {
        public var instance: Instance
        /// Where the first word matched: a field's title, 意见, 待办 …
        public var field: String
        /// The matched text, cut around the match.
        public var snippet: String
    }

    public var words: [String]
    public var workflow: String?
    public var stage: String?
    /// A person's id or name.
    public var leader: String?
    public var agent: String?
    public var sector: String?
    public var color: WorkItem.Color?
    public var limit: Int
    /// Who is searching: data fields a form hides from them are neither searched nor shown
    /// (as `agency show` hides them). Nil: a viewer who takes part in nothing.
    public var viewer: String?

    public init(query: String, workflow: String? = nil, stage: String? = nil, leader: String? = nil,
                agent: String? = nil, sector: String? = nil, color: WorkItem.Color? = nil, limit: Int = 50,
                viewer: String? = nil) {
        words = query.lowercased().split(whereSeparator: \.isWhitespace).map(String.init)
        self.workflow = workflow
        self.stage = stage
        self.leader = leader
        self.agent = agent
        self.sector = sector
        self.color = color
        self.limit = limit
        self.viewer = viewer
    }

    /// The hits, projects before their children, then by id; at most `limit`, with the
    /// number there were in all.
    ///
    /// Instances are read one at a time and only the best `limit` hits are kept, so memory
    /// follows the limit, not the store. The filters on a project (stage, leader, agent,
    /// sector) and the light narrow what is read through the index (`candidates`); words
    /// alone are looked for in every instance of the workflow.
    public func run(_ service: AgencyService) throws -> (hits: [Hit], total: Int) {
        let naming = InstanceNaming(service: service)
        var hits: [Hit] = [], total = 0
        func order(_ hit: Hit) -> (Int, String) { (hit.instance.id.split(separator: ".").count, hit.instance.id) }
        try candidates(service, naming: naming) { instance in
            // A case about a project (a 难点, a 督办) names it in `project`; a permit is its root's.
            let rootID = naming.projectID(instance)
            let root = rootID == instance.id ? instance : naming.lookup(rootID)
            guard passes(instance, root: root, service: service) else { return }
            let definition = try? service.definition(instance.workflow, instance.version)
            let hidden = definition.map { instance.hiddenFields(for: viewer, definition: $0, people: service.engine.people) } ?? []
            let texts = searchable(instance.hiding(hidden), root: root, definition: definition, service: service)
            guard words.allSatisfy({ word in texts.contains { $0.text.lowercased().contains(word) } }) else { return }
            let first = words.first.flatMap { word in texts.first { $0.text.lowercased().contains(word) } }
            total += 1
            hits.append(Hit(instance: instance, field: first?.field ?? "",
                            snippet: first.map { Self.snippet($0.text, around: words[0]) } ?? naming.subject(instance)))
            if hits.count >= 2 * limit {
                hits.sort { order($0) < order($1) }
                hits.removeLast(hits.count - limit)
            }
        }
        hits.sort { order($0) < order($1) }
        return (Array(hits.prefix(limit)), total)
    }

    /// Calls `body` with every instance that may match, each once. With a project filter,
    /// the matching projects (from the workflow's index) and what belongs to them (the
    /// `project` index); with a light, the running instances; else every instance of the
    /// workflow (or of the store).
    func candidates(_ service: AgencyService, naming: InstanceNaming, _ body: (Instance) throws -> Void) throws {
        let projectFiltered = stage != nil || leader != nil || agent != nil || sector != nil
        guard projectFiltered, service.indexIsCurrent() else {
            return try service.forEachInstance(InstanceFilter(workflow: workflow, status: color == nil ? nil : .running), body)
        }
        var projects = InstanceFilter(workflow: ReportMapping.zone.projects.workflow)
        if stage != nil { projects.status = .running }
        var seen: Set<String> = []
        for project in try service.list(projects) where projectPasses(project, service: service) {
            let own = InstanceFilter(workflow: workflow, status: color == nil ? nil : .running, project: project.id)
            if own.workflow == nil || own.workflow == project.workflow, seen.insert(project.id).inserted { try body(project) }
            try service.forEachInstance(own) { instance in
                if seen.insert(instance.id).inserted { try body(instance) }
            }
        }
    }

    func passes(_ instance: Instance, root: Instance?, service: AgencyService) -> Bool {
        guard projectPasses(root ?? instance, service: service) else { return false }
        if let color {
            let open = instance.openItems.filter { $0.due != nil }
            guard let worst = open.map(\.color).max(), worst == color else { return false }
        }
        return true
    }

    /// The filters on the project an instance belongs to: stage, leader, agent, sector.
    func projectPasses(_ project: Instance, service: AgencyService) -> Bool {
        if let stage {
            guard project.status == .running, service.stage(of: project.state, in: project) == stage else { return false }
        }
        if let leader, !Self.person(project.data["leader"]?.stringValue, is: leader, service) { return false }
        if let agent, !Self.person(project.data["agent"]?.stringValue, is: agent, service) { return false }
        if let sector, !(project.data["sector"]?.stringValue ?? "").contains(sector) { return false }
        return true
    }

    static func person(_ id: String?, is wanted: String, _ service: AgencyService) -> Bool {
        guard let id else { return false }
        return id == wanted || service.engine.people.person(id)?.name == wanted
    }

    /// The instance's text, each piece with what it is.
    func searchable(_ instance: Instance, root: Instance?, definition: WorkflowDefinition?,
                    service: AgencyService) -> [(field: String, text: String)] {
        var texts: [(String, String)] = [("编号", instance.id)]
        func collect(_ value: JSONValue, _ field: String) {
            switch value {
            case .string(let text):
                texts.append((FieldTitles.title(field, in: definition), text))
                if let person = service.engine.people.person(text) { texts.append((FieldTitles.title(field, in: definition), person.name)) }
            case .integer, .double: texts.append((FieldTitles.title(field, in: definition), (try? value.canonicalString()) ?? ""))
            case .array(let list): list.forEach { collect($0, field) }
            case .object(let members): members.forEach { collect($0.value, field == "" ? $0.key : field) }
            default: break
            }
        }
        if case .object(let members) = instance.data { members.sorted { $0.key < $1.key }.forEach { collect($0.value, $0.key) } }
        if let root, root.id != instance.id, let name = InstanceNaming.ownSubject(root.data) { texts.append(("项目", name)) }
        for item in instance.items {
            texts.append(("待办", item.title))
            if let comment = item.comment { texts.append(("意见", comment)) }
            for event in item.history { if let comment = event.comment { texts.append(("意见", comment)) } }
        }
        for comment in instance.comments { if let text = comment.comment { texts.append(("意见", text)) } }
        return texts
    }

    /// About 30 characters of `text` around the first `word`.
    static func snippet(_ text: String, around word: String) -> String {
        let lower = text.lowercased()
        guard text.count > 36, lower.count == text.count, let range = lower.range(of: word) else { return text }
        let start = lower.distance(from: lower.startIndex, to: range.lowerBound)
        let from = max(0, start - 12)
        let begin = text.index(text.startIndex, offsetBy: from)
        let end = text.index(begin, offsetBy: min(36, text.distance(from: begin, to: text.endIndex)))
        return (from > 0 ? "…" : "") + text[begin..<end] + (end < text.endIndex ? "…" : "")
    }
}
