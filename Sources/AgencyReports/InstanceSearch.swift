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
    public func run(_ service: AgencyService) throws -> (hits: [Hit], total: Int) {
        let instances = try service.list(InstanceFilter(workflow: workflow))
        let byID = Dictionary(instances.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let naming = InstanceNaming(service: service)
        var hits: [Hit] = []
        for instance in instances {
            // A case about a project (a 难点, a 督办) names it in `project`; a permit is its root's.
            let rootID = naming.projectID(instance)
            let root = byID[rootID] ?? (try? service.instance(rootID))
            guard passes(instance, root: root, service: service) else { continue }
            let definition = try? service.definition(instance.workflow, instance.version)
            let hidden = definition.map { instance.hiddenFields(for: viewer, definition: $0, people: service.engine.people) } ?? []
            let texts = searchable(instance.hiding(hidden), root: root, definition: definition, service: service)
            guard words.allSatisfy({ word in texts.contains { $0.text.lowercased().contains(word) } }) else { continue }
            let first = words.first.flatMap { word in texts.first { $0.text.lowercased().contains(word) } }
            hits.append(Hit(instance: instance, field: first?.field ?? "",
                            snippet: first.map { Self.snippet($0.text, around: words[0]) } ?? naming.subject(instance)))
        }
        hits.sort { ($0.instance.id.split(separator: ".").count, $0.instance.id) < ($1.instance.id.split(separator: ".").count, $1.instance.id) }
        return (Array(hits.prefix(limit)), hits.count)
    }

    func passes(_ instance: Instance, root: Instance?, service: AgencyService) -> Bool {
        let project = root ?? instance
        if let stage {
            guard project.status == .running, service.stage(of: project.state, in: project) == stage else { return false }
        }
        if let leader, !Self.person(project.data["leader"]?.stringValue, is: leader, service) { return false }
        if let agent, !Self.person(project.data["agent"]?.stringValue, is: agent, service) { return false }
        if let sector, !(project.data["sector"]?.stringValue ?? "").contains(sector) { return false }
        if let color {
            let open = instance.openItems.filter { $0.due != nil }
            guard let worst = open.map(\.color).max(), worst == color else { return false }
        }
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
