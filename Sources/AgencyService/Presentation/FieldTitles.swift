import WorkflowEngine

/// What staff call an instance's data fields: the workflow's own input titles first, then
/// the zone's usual keys, then the key itself.
public enum FieldTitles {
    /// Titles of the zone's usual data keys, for workflows that declare none.
    public static let known: [String: String] = [
        "name": "名称", "code": "编号", "enterprise": "企业", "investment": "总投资（万元）", "sector": "行业",
        "site": "选址", "scale": "建设规模及内容", "stage": "阶段", "next_step": "下一步工作",
        "conditions": "签约条件", "land": "要素保障", "land_type": "用地类型", "expected_filing": "预计备案",
        "item": "事项", "department": "部门", "limit": "法定时限（工作日）", "problem": "问题", "topic": "议题",
        "gate": "目标阶段", "project": "项目", "last_progress": "最近一次进展", "stage_since": "进入本阶段",
        "initial_stage": "导入时阶段", "leader": "包联领导", "agent": "项目代办员", "liaison": "联络员",
    ]

    /// Roles on a project, in the order pages and `show` list them.
    public static let projectRoles = [("leader", "包联领导"), ("agent", "项目代办员"), ("liaison", "联络员")]

    /// The declared input titles of `definition`, by field name.
    public static func declared(_ definition: WorkflowDefinition?) -> [String: String] {
        Dictionary((definition?.inputs ?? []).compactMap { field in field.title.map { (field.name, $0) } },
                   uniquingKeysWith: { first, _ in first })
    }

    /// The title of `field` in `definition`.
    public static func title(_ field: String, in definition: WorkflowDefinition?) -> String {
        definition?.inputs.first { $0.name == field }?.title ?? known[field] ?? field
    }
}
