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
        // What the 全代办 records on a project (internal events) and its 要素保障.
        "visits": "实地考察", "team": "专班", "plan": "一企一策", "plan_history": "一企一策（历次）",
        "assessments": "分析研判意见", "elements": "要素保障清单", "elements_done": "要素保障研讨完成",
        "elements_result": "要素保障结论", "investment_plan": "计划投资（按月，万元）",
        "investment_done": "完成投资（按月，万元）", "investment_completed": "累计完成投资（万元）",
        "planned_start": "计划开工日期", "planned_completion": "计划竣工日期", "started_on": "开工日期",
        "completed_on": "竣工日期", "paused_from": "暂缓前环节", "pause_reason": "暂缓原因", "paused_on": "暂缓日期",
        "drop_reason": "终止原因", "dropped_on": "终止日期", "withdraw_reason": "撤回原因", "withdrawn_on": "撤回日期",
        "result": "结论", "note": "说明", "concluded_on": "结论日期", "requirement": "项目需求", "element": "要素",
        // 分析研判会 and 项目进展周报.
        "chair": "主持", "secretary": "记录", "date": "日期", "agenda": "研判名单", "deferred": "延至下次",
        "minutes": "会议纪要", "applied": "研判意见送达", "approved_by": "审定人", "approved_at": "审定时间",
        "approval_comment": "审定意见", "returns": "退回记录", "projects": "项目", "stages": "阶段",
        "week": "所服务的周调度", "text": "本周进展", "problems": "存在问题", "next_week": "下周计划",
        "submitted_at": "提交时间", "reports": "已收周报", "expected": "应报", "submitted": "已报", "missing": "未报",
        "collection": "所属收集", "progress": "周报标记",
        // Fields inside those records.
        "measure": "措施", "owner": "责任人", "due": "时限", "status": "进展", "lead": "牵头", "members": "成员",
        "since": "组建日期", "duty": "分工", "findings": "发现", "place": "地点", "attendees": "参加人员",
        "by": "记录人", "verdict": "研判意见", "reasons": "理由", "meeting": "研判会", "updated": "更新日期",
        "outcome": "结论", "child": "子事项", "measures": "措施",
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
