/// What staff call the engine's actions and the usual workflow events, in Chinese: the
/// web's buttons and history, and the CLI's log in a zh-CN store.
public enum ActionTitles {
    /// A task outcome's label: the usual event names in Chinese, others as written.
    public static func event(_ event: String) -> String {
        [
            "submitted": "提交", "submit": "提交", "done": "完成", "completed": "完成", "issued": "已办结",
            "passed": "通过", "accepted": "受理", "rejected": "退回", "signed": "已签约", "filed": "已备案",
            "started": "已开工", "resolved": "已解决", "reported": "已报告", "advance": "推进到下一阶段",
            "drop": "终止", "pause": "暂缓", "resume": "恢复推进", "accept": "受理", "assign": "交办",
            "coordinate": "协调", "feedback": "反馈", "held": "已召开", "satisfied": "满意", "unsatisfied": "不满意",
            "archived": "归档", "ready": "已就绪", "contact": "初步对接", "intent": "重点意向", "signing": "成熟待签约",
            "cancelled": "取消", "failed": "未通过",
            "visit": "记录实地考察", "team": "组建专班", "plan": "一企一策", "investment": "填报投资进度",
            "assessed": "分析研判意见", "elements": "启动要素保障", "terms": "商定签约条件",
            "secured": "已落实", "conditional": "有条件落实", "unresolved": "无法保障", "report": "周报",
            "withdrawn": "已撤回",
        ][event] ?? event
    }

    /// A journal record's kind in Chinese.
    public static func kind(_ kind: String) -> String {
        [
            "start": "发起", "approve": "同意", "reject": "不同意", "complete": "办理", "comment": "评论",
            "transfer": "转办", "delegate": "委派", "addsign": "加签", "removesign": "减签", "return": "退回",
            "withdraw": "撤回", "takeback": "拿回", "cancel": "取消", "reassign": "改派", "goto": "跳转",
            "send": "外部事件", "timer": "定时", "remind": "催办", "escalate": "督办", "urge": "催办",
            "revoke": "撤销", "migrate": "迁移", "retry": "重试", "replan": "重新计算期限", "deliver": "子流程回报",
            "cc": "抄送", "refused": "被拒绝的操作", "addsign:before": "前加签", "addsign:after": "后加签",
            "proxy": "代理", "message": "子流程消息",
        ][kind] ?? kind
    }

    /// An item's decision as staff read it: 同意 / 不同意 for approvals, the event's title
    /// for tasks.
    public static func decision(_ decision: String) -> String {
        switch decision {
        case "approved", "approve": return "同意"
        case "rejected", "reject": return "不同意"
        default: return event(decision)
        }
    }
}
