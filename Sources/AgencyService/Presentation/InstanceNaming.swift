import AgencyJSON
import WorkflowEngine

/// How staff-facing output names an instance: by its project (or subject), the workflow's
/// title and the state's title, with the id kept in brackets for commands:
/// `P19 年产5万吨锂电池负极材料项目 · 环评审批 · 部门审批 [P19.c31.c6]`.
///
/// One naming serves one read: it remembers the root projects it looked up, so a list of
/// a project's permits reads the project once. Not shared between threads.
public final class InstanceNaming {
    public let service: AgencyService
    private var rootSubjects: [String: String?] = [:]
    private var known: [String: Instance?] = [:]

    public init(service: AgencyService) { self.service = service }

    /// The data fields that name what an instance is about, in the order they are tried.
    public static let subjectFields = ["name", "item", "title", "subject", "topic", "project_name", "project"]

    /// What an instance names itself by in its data (a project's name, a permit's item).
    public static func ownSubject(_ data: JSONValue) -> String? {
        for key in subjectFields {
            if let text = data[key]?.stringValue, !text.isEmpty { return text }
        }
        return nil
    }

    /// The root instance's id: `P19` for `P19.c31.c6`.
    public static func rootID(_ id: String) -> String {
        id.firstIndex(of: ".").map { String(id[..<$0]) } ?? id
    }

    /// An instance by id, read once per naming.
    public func lookup(_ id: String) -> Instance? {
        if let instance = known[id] { return instance }
        let instance = try? service.instance(id)
        known[id] = instance
        return instance
    }

    /// The project an instance is about: the instance its `project` field names (a 督办
    /// or 难点 case opened by the weekly dispatch), else its root (a permit of a project).
    public func projectID(_ instance: Instance) -> String {
        if let named = instance.data["project"]?.stringValue, named != instance.id,
           InstanceNaming.rootID(named) == named, lookup(named) != nil {
            return named
        }
        return Self.rootID(instance.id)
    }

    /// The name of the project (root instance) `id` belongs to, or nil.
    public func projectName(_ id: String) -> String? {
        let root = Self.rootID(id)
        if let known = rootSubjects[root] { return known }
        let name = lookup(root).flatMap { Self.ownSubject($0.data) }
        rootSubjects[root] = name
        return name
    }

    /// What an instance is about: its project's name, and for a child its own subject
    /// (`200MW储能电站项目 · 施工许可`).
    public func subject(_ instance: Instance) -> String {
        let project = projectID(instance)
        guard project != instance.id else { return Self.ownSubject(instance.data) ?? instance.id }
        // A child's `project` names its project by id, which is no subject of its own.
        let own = Self.ownSubject(instance.data).flatMap { $0 == project ? nil : $0 }
        switch (projectName(project), own) {
        case let (name?, own?) where own != name: return "\(name) · \(own)"
        case let (name?, _): return name
        case let (nil, own?): return own
        default: return instance.id
        }
    }

    /// The workflow's title (its name when the definition cannot be read).
    public func workflowTitle(_ instance: Instance) -> String {
        (try? service.definition(instance.workflow, instance.version).title) ?? instance.workflow
    }

    /// The title of the state the instance is in (the state's name without one).
    public func stateTitle(_ instance: Instance) -> String {
        (try? service.definition(instance.workflow, instance.version).state(instance.state)?.title) ?? instance.state
    }

    /// The project part of a label: `P19 年产5万吨…项目` for what belongs to a project, the
    /// project's name for the project itself, the root's workflow title for a child of a
    /// root that names no subject (`周调度`), "" when the instance names no subject.
    public func projectPart(_ instance: Instance) -> String {
        let project = projectID(instance)
        if project == instance.id { return projectName(project) ?? "" }
        if let name = projectName(project) { return "\(project) \(name)" }
        return lookup(project).map(workflowTitle) ?? project
    }

    /// Project · what, without the state (for tables that show the state beside it).
    public func title(withoutState instance: Instance) -> String {
        let project = projectID(instance)
        let own = Self.ownSubject(instance.data).flatMap { $0 == project || $0 == projectName(project) ? nil : $0 }
        return [projectPart(instance), own ?? workflowTitle(instance)].filter { !$0.isEmpty }.joined(separator: " · ")
    }

    /// The instance's label without its id: project · what (the child's own subject, or
    /// the workflow's title) · state while it runs.
    public func title(_ instance: Instance) -> String {
        let what = title(withoutState: instance)
        return instance.status == .running ? "\(what) · \(stateTitle(instance))" : what
    }

    /// The full label: `P19 年产5万吨锂电池负极材料项目 · 环评审批 · 部门审批 [P19.c31.c6]`.
    public func label(_ instance: Instance) -> String {
        "\(title(instance)) [\(instance.id)]"
    }

    /// A label for an instance known only by id (a notification's), read when it exists.
    public func label(id: String) -> String {
        lookup(id).map(label) ?? id
    }
}
