import Foundation

/// A refusal as a Chinese-reading staff member gets it: the engine and the store explain
/// refusals in English (that text is what the journal keeps for auditors); in a zh-CN
/// store the CLI shows them in Chinese, states by their titles, with the same exit code.
///
/// The translation is a table of the refusals staff meet when acting (not assigned, no
/// open item, already finished, 拿回, 退回, 撤回, 催办, 撤销, 减签, one vote, forms,
/// unknown ids). A message outside the table keeps its English detail under a Chinese
/// heading, so nothing is lost.
public struct RefusalText {
    /// The title of a state of the instance in question, when known.
    public let stateTitle: (String) -> String?

    public init(stateTitle: @escaping (String) -> String? = { _ in nil }) {
        self.stateTitle = stateTitle
    }

    /// (pattern, template): $1… are the pattern's groups; 「$n」 groups that name a state
    /// are shown by the state's title.
    static let table: [(String, String)] = [
        (#"^work item (\S+) is assigned to (.+), not (.+)$"#, "待办 $1 由 $2 办理，不是 $3"),
        (#"^(.+?) has no open work item in state '([^']+)' of (\S+) \(open: (.+)\)$"#,
         "$1 在 $3 的「$2」环节没有待办（在办：$4）"),
        (#"^(.+?) has no open work item in state '([^']+)' of (\S+)$"#, "$1 在 $3 的「$2」环节没有待办"),
        (#"^work item (\S+) is (\w+), not open$"#, "待办 $1 $2，不能再办理"),
        (#"^instance (\S+) is (\w+); (\w+) is not possible any more$"#, "$1 $2，不能再 $3"),
        (#"^instance (\S+) has no work item '([^']+)'$"#, "$1 没有待办 $2"),
        (#"^(\S+) is an admin action; (.+) does not hold the admin role$"#, "$1 是管理员操作，$2 不是管理员"),
        (#"^(\S+) needs a reason \(--reason "\.\.\."\)$"#, "$1 需要说明原因（--reason \"...\"）"),
        (#"^(.+?) has several open items here \((.+)\); name one with --item$"#, "$1 在此有多项待办（$2），请用 --item 指明"),
        (#"^state '([^']+)' requires '([^']+)' to be filled in: give it with (.+)$"#, "「$1」环节必须填写 $2：用 $3 提供"),
        (#"^only the initiator \((.+)\) may withdraw$"#, "只有发起人 $1 可以撤回"),
        (#"^cannot withdraw (\S+): (.+) has already acted on item (\S+) in state '([^']+)'$"#,
         "不能撤回 $1：$2 已在「$4」环节办理了待办 $3"),
        (#"^(.+?) cannot take back (\S+): only the previous handler \((.+)\), whose decision entered state '([^']+)', may take it back$"#,
         "$1 不能拿回 $2：只有上一步的经办人 $3（其决定进入了「$4」）可以拿回"),
        (#"^cannot take back (\S+): (.+) has already acted on item (\S+) in state '([^']+)'$"#,
         "不能拿回 $1：$2 已在「$4」环节办理了待办 $3"),
        (#"^cannot take back item (\S+): (.+) has already acted on item (\S+) after it in state '([^']+)'$"#,
         "不能拿回待办 $1：$2 已在其后办理了「$4」环节的待办 $3"),
        (#"^cannot take back (\S+): it is still in its first state$"#, "不能拿回 $1：它还在第一个环节"),
        (#"^(\S+) was urged at (\S+); the next urge is possible from (\S+) \(urge_interval = (.+)\)$"#,
         "$1 已于 $2 催办过；下一次最早在 $3（催办间隔 $4）"),
        (#"^only the initiator \((.+)\) or an admin may urge (\S+); (.+) is neither$"#, "只有发起人 $1 或管理员可以催办 $2，$3 不是"),
        (#"^(\S+) has no open work item(.*) to urge in state '([^']+)'$"#, "$1 在「$3」环节没有可催办的待办"),
        (#"^instance (\S+) is (\w+); only a completed instance can be revoked.*$"#, "$1 $2，只有已办结的事项可以撤销"),
        (#"^(.+?) takes no part in (\S+)$"#, "$1 未参与 $2"),
        (#"^(.+?) may not send events to state '([^']+)' of (\S+)$"#, "$1 不能向 $3 的「$2」环节发送事件"),
        (#"^item (\S+) was delegated \(委派\) to (.+) by (.+?): give your opinion.*$"#,
         "待办 $1 是 $3 委派给 $2 的：请给出意见（同意、不同意或办理），办完回到 $3；只有 $3 可以转出"),
        (#"^only an assignee of state '([^']+)' may return it$"#, "只有「$1」环节的办理人可以退回"),
        (#"^state '([^']+)' may return only to (.+)$"#, "「$1」环节只能退回到 $2"),
        (#"^cannot return to '([^']+)': it is not before '([^']+)' on the instance's path \((.+)\); returning forward is refused$"#,
         "不能退回到「$1」：它不在「$2」之前（经过：$3）；不能向前退回"),
        (#"^(.+?): (.+?) (?:already holds|has already decided|owns|already votes through) (.+) in approval state '([^']+)'; one person has one vote in an approval, so choose someone else$"#,
         "$1：$2 在审批环节「$4」已有一票（$3）；一人一票，请另选他人"),
        (#"^(.+?) has already decided \((.*)\) item (\S+) in state '([^']+)'; a recorded vote stays and cannot be removed$"#,
         "$1 已在「$4」环节作出决定（$2，待办 $3）；已记录的票不能减签"),
        (#"^(.+?) is not a pending approver of state '([^']+)' in (\S+); see the approvers with agency show (\S+)$"#,
         "$1 不是 $3「$2」环节待审批的人；用 agency show $4 查看审批人"),
        (#"^no instance '([^']+)' in the store.*$"#, "库中没有事项 $1（agency list 可列出）"),
        (#"^no person '([^']+)' in the people directory$"#, "人员名录中没有 $1"),
        (#"^transfer needs --to PERSON.*$"#, "转办须用 --to 指定人员名录中的人"),
        (#"^delegate needs --to PERSON.*$"#, "委派须用 --to 指定人员名录中的人"),
        (#"^reassign needs --to PERSON.*$"#, "改派须用 --to 指定人员名录中的人"),
        (#"^instance '([^']+)' already exists; choose another --id$"#, "事项 $1 已存在；请换一个 --id"),
        // A workflow's own reason (its guard's text, in the zone's language) is the message.
        (#"^the guard on event '([^']+)' in state '([^']+)' refused it: (.+)$"#, "$3"),
        (#"^the guard on event '([^']+)' in state '([^']+)' refused it$"#, "「$2」环节不接受 $1"),
        (#"^(.+?) may not send '([^']+)' to (\S+) \(state '([^']+)'\)$"#, "$1 不能在 $3 的「$4」环节办理 $2"),
        (#"^state '([^']+)' has no event '([^']+)'.*$"#, "「$1」环节不能办理 $2"),
        (#"^cascade limit: (.+)$"#, "后续事项超出上限：$1"),
        // A start hook's refusal in the workflow's words, without the script's path.
        (#"^\S+\.lua(?::[0-9]+)?: ([^\x00-\x7F].*)$"#, "$1"),
    ]

    /// The table's patterns, compiled once per process.
    static let compiled: [(NSRegularExpression, String)] = table.compactMap { pattern, template in
        (try? NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])).map { ($0, template) }
    }

    static let words = ["done": "已办结", "cancelled": "已取消", "completed": "已办结", "failed": "出错",
                        "waiting": "在等待前序", "removed": "已减签", "running": "在办",
                        "approved": "同意", "rejected": "不同意"]

    /// The message in Chinese.
    public func chinese(_ message: String) -> String {
        let range = NSRange(message.startIndex..., in: message)
        for (regex, template) in Self.compiled {
            guard let match = regex.firstMatch(in: message, range: range) else { continue }
            var text = template
            for group in stride(from: match.numberOfRanges - 1, through: 1, by: -1) {
                let value = Range(match.range(at: group), in: message).map { String(message[$0]) } ?? ""
                let shown = template.contains("「$\(group)」") ? (stateTitle(value) ?? value)
                    : Self.words[value] ?? (ActionTitles.kind(value) != value ? ActionTitles.kind(value)
                                                                              : ActionTitles.event(value))
                text = text.replacingOccurrences(of: "$\(group)", with: shown)
            }
            return text
        }
        return "操作未完成：" + message
    }
}
