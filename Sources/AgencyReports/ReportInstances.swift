import AgencyService
import WorkflowEngine

extension AgencyService {
    /// What a report counting from `window` (an engine timestamp) reads: every project
    /// (the pipeline counts finished ones at 投产 or 终止), every other instance running
    /// now or changed since `window`, and everything belonging to a project still in play
    /// then (its permits issued long ago count in its line). History that ended before
    /// the window is not read, so a weekly report costs the zone's current work, not the
    /// store's age. On a store whose index predates these kinds, every instance.
    ///
    /// Sorted by id, as `list` returns them.
    public func reportInstances(window: String, mapping: ReportMapping) throws -> [Instance] {
        guard indexIsCurrent() else { return try list(InstanceFilter()) }
        var byID: [String: Instance] = [:]
        for project in try list(InstanceFilter(workflow: mapping.projects.workflow)) { byID[project.id] = project }
        for instance in try list(InstanceFilter(activeSince: window)) { byID[instance.id] = instance }
        let inPlay = byID.values.filter { $0.workflow == mapping.projects.workflow && ReportContext.inPlay($0, window: window) }
        var unreadable = UnreadableInstances()
        for project in inPlay {
            let filter = InstanceFilter(project: project.id)
            for id in try candidates(filter) where byID[id] == nil {
                if let instance = unreadable.read(id, from: self), filter.matches(instance) { byID[id] = instance }
            }
        }
        try unreadable.check()
        return byID.values.sorted { $0.id < $1.id }
    }
}

extension ReportContext {
    /// Whether an instance was running at some time from `window` on: running now, or
    /// last changed then or later.
    static func inPlay(_ instance: Instance, window: String) -> Bool {
        InstanceFilter(activeSince: window).matches(instance)
    }
}
