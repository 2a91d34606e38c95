import AgencyService
import WorkflowEngine

/// The zone's project pipeline, as the project workflow declares it.
///
/// Convention (Docs/workflows.md): every state of the project workflow has a title that
/// begins with the pipeline stage it belongs to, up to the first "·" — "初步对接",
/// "初步对接·转入重点意向审批", "登记/注册/备案·开工前手续办理". Reports read the stage
/// from the title of the state an instance was in, so a past week is counted from the
/// instance's path without a copy of the stage in the data.
public enum ProjectPipeline {
    /// The stages in order; the first four are where the seed counts projects.
    public static let stages = ["初步对接", "重点意向", "成熟待签约", "签约待备案", "登记/注册/备案", "开工", "投产"]
    /// Stages outside the pipeline.
    public static let paused = "暂缓"
    public static let dropped = "终止"

    /// The stage named by a state's title.
    public static func stage(ofTitle title: String) -> String {
        guard let dot = title.firstIndex(of: "·") else { return title }
        return String(title[..<dot])
    }
}

extension AgencyService {
    /// The title of `state` in the definition `instance` runs on (the state name when the
    /// definition cannot be read).
    public func stateTitle(_ state: String, in instance: Instance) -> String {
        (try? definition(instance.workflow, instance.version).state(state)?.title) ?? state
    }

    /// The pipeline stage of a project instance in `state`.
    public func stage(of state: String, in instance: Instance) -> String {
        ProjectPipeline.stage(ofTitle: stateTitle(state, in: instance))
    }
}
