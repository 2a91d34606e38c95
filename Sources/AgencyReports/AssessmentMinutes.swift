import AgencyJSON
import AgencyService
import Foundation
import WorkflowEngine

/// The minutes (会议纪要) of one 分析研判会, an instance of `Workflows/assessment.lua`, as
/// a printable document: who chaired, recorded and attended, the topic and summary, one
/// row per project with the meeting's verdict (研判意见), its reasons and the next step,
/// and who approved the minutes when. Only approved minutes are a document; the data
/// shape they are read from is described in Docs/workflows.md (`assessment`).
public struct AssessmentMinutes: Codable, Sendable, Equatable {
    /// One project's verdict.
    public struct Row: Codable, Sendable, Equatable {
        public var number: Int
        /// The project instance's id.
        public var project: String
        /// Its name (项目名称), or the id when the project has none.
        public var name: String
        /// Its stage when the meeting was convened (暂缓中 when it was paused then).
        public var stage: String
        public var verdict: String
        public var reasons: String
        public var nextStep: String
    }

    /// The assessment instance.
    public var id: String
    /// The meeting's day, YYYY-MM-DD.
    public var date: String
    public var topic: String
    /// Names (an id not in the people directory as it is).
    public var chair: String
    public var secretary: String
    public var attendees: [String]
    public var summary: String
    public var rows: [Row]
    /// Projects the default agenda left for another meeting (over the 45 a meeting takes),
    /// as 名称（编号）.
    public var deferred: [String]
    public var approvedBy: String
    /// When the minutes were approved, as stored (ISO 8601).
    public var approvedAt: String
    public var approvalComment: String?

    /// The workflow whose instances hold minutes.
    public static let workflow = "assessment"
    public static let title = "分析研判会会议纪要"

    // MARK: Plain text

    /// The minutes as plain text: the heading lines, the verdict table with columns lined
    /// up for Chinese text (a cell's line breaks shown as spaces), then the approval.
    public func text() -> String {
        var out = [Self.title, "（\(id)）", ""]
        for (label, value) in heading { out.append("\(label)：\(Self.indented(value))") }
        out += ["", "研判意见（\(rows.count) 个项目）"]
        if rows.isEmpty {
            out.append("本次研判会没有列入项目。")
        } else {
            let table = [Self.columns] + rows.map { row in
                ["\(row.number)", "\(row.name)（\(row.project)）", row.stage, row.verdict, row.reasons,
                 row.nextStep.isEmpty ? "—" : row.nextStep].map(Self.oneLine)
            }
            var widths = Array(repeating: 0, count: Self.columns.count)
            for line in table {
                for (column, cell) in line.enumerated() { widths[column] = max(widths[column], Self.width(cell)) }
            }
            func render(_ cells: [String]) -> String {
                cells.enumerated().map { column, cell in
                    column == cells.count - 1 ? cell
                        : cell + String(repeating: " ", count: widths[column] - Self.width(cell))
                }.joined(separator: "  ")
            }
            out.append(render(table[0]))
            out.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
            out += table.dropFirst().map(render)
        }
        if let note = deferredNote { out += ["", note] }
        out += ["", approval]
        return out.joined(separator: "\n") + "\n"
    }

    // MARK: Markdown

    public func markdown() -> String {
        var out = ["# \(Self.title)", "", "`\(id)`", ""]
        for (label, value) in heading {
            out.append("**\(label)**：\(value.replacingOccurrences(of: "\n", with: "  \n"))  ")
        }
        out += ["", "## 研判意见", ""]
        if rows.isEmpty {
            out.append("本次研判会没有列入项目。")
        } else {
            out.append("| " + Self.columns.joined(separator: " | ") + " |")
            out.append("|---:|---|---|---|---|---|")
            for row in rows {
                let cells = ["\(row.number)", "\(row.name) <sub>\(row.project)</sub>", row.stage, row.verdict,
                             row.reasons, row.nextStep.isEmpty ? "—" : row.nextStep]
                out.append("| " + cells.map(WeeklyReport.cell).joined(separator: " | ") + " |")
            }
        }
        if let note = deferredNote { out += ["", note] }
        out += ["", "## 审批", "", approval, ""]
        return out.joined(separator: "\n")
    }

    // MARK: Shared pieces

    static let columns = ["序号", "项目", "阶段", "研判意见", "理由", "下一步"]

    /// 时间, 主持, 记录, 出席, 议题, 概述, in that order.
    var heading: [(String, String)] {
        [("时间", date), ("主持", chair), ("记录", secretary),
         ("出席", attendees.isEmpty ? "—" : attendees.joined(separator: "、")), ("议题", topic), ("概述", summary)]
    }

    var deferredNote: String? {
        deferred.isEmpty ? nil : "另有 \(deferred.count) 个项目超出一次研判会的上限，未列入本次研判，须另行召集："
            + deferred.joined(separator: "、")
    }

    var approval: String {
        "审批：\(approvedBy)于 \(ReportFormatting.time(approvedAt)) 审定"
            + (approvalComment.map { "。意见：\(Self.oneLine($0))" } ?? "")
    }

    /// A value's later lines indented under the label (概述 may have paragraphs).
    static func indented(_ text: String) -> String {
        text.replacingOccurrences(of: "\n", with: "\n      ")
    }

    static func oneLine(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")
            .replacingOccurrences(of: "\t", with: " ")
    }

    /// Columns `text` takes in a fixed-width font: CJK and full-width characters two.
    static func width(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { total, scalar in
            let value = scalar.value
            if (0x300...0x36F).contains(value) || (0x200B...0x200F).contains(value) { return total }
            let wide: [ClosedRange<UInt32>] = [
                0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
                0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
                0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD,
            ]
            return total + (wide.contains { $0.contains(value) } ? 2 : 1)
        }
    }
}

extension AgencyService {
    /// The approved minutes of the assessment `id`. Throws not found for an unknown id,
    /// invalid for an instance of another workflow, and busy (a conflict: exit 4) for an
    /// assessment whose minutes are not approved, saying where it stands.
    public func assessmentMinutes(_ id: String) throws -> AssessmentMinutes {
        let instance = try self.instance(id)
        let people = engine.people
        let definition = try? definition(instance.workflow, instance.version)
        guard instance.workflow == AssessmentMinutes.workflow else {
            let title = definition.map { " (\($0.title))" } ?? ""
            throw ServiceError.invalid("\(id) is an instance of \(instance.workflow)\(title), not a 分析研判会 "
                + "(\(AssessmentMinutes.workflow)): agency report minutes prints the minutes of an assessment, "
                + "e.g. agency report minutes assessment-2025-01-15 (agency list --workflow assessment)")
        }
        let data = instance.data
        func name(_ person: String?) -> String {
            guard let person, !person.isEmpty else { return "" }
            return people.person(person)?.name ?? person
        }
        guard instance.status == .completed, let approvedAt = data["approved_at"]?.stringValue,
              let minutes = data["minutes"]?.objectValue else {
            let state = definition?.state(instance.state).map { "\($0.title) (\(instance.state))" } ?? instance.state
            switch instance.status {
            case .cancelled:
                throw ServiceError.busy("\(id) was cancelled before its minutes were approved: there are no minutes "
                                        + "to print")
            case .failed:
                throw ServiceError.busy("\(id) has failed at \(state) and its minutes are not approved: "
                                        + "see agency show \(id)")
            case .running, .completed:
                let holders = instance.openItems.map { people.display($0.assignee) }
                let waiting = holders.isEmpty ? "" : ", with " + holders.joined(separator: ", ")
                throw ServiceError.busy("the minutes of \(id) are not approved yet: it is at \(state)\(waiting); "
                    + "they can be printed once the 主任 approves them (agency approve \(id))")
            }
        }
        var agenda: [String: [String: JSONValue]] = [:]
        for entry in data["agenda"]?.arrayValue ?? [] {
            if let fields = entry.objectValue, let project = fields["id"]?.stringValue { agenda[project] = fields }
        }
        var rows: [AssessmentMinutes.Row] = []
        for (index, verdict) in (minutes["verdicts"]?.arrayValue ?? []).enumerated() {
            let project = verdict["project"]?.stringValue ?? ""
            let entry = agenda[project] ?? [:]
            var projectName = entry["name"]?.stringValue
            if projectName == nil { projectName = (try? self.instance(project))?.data["name"]?.stringValue }
            var stage = entry["stage"]?.stringValue ?? ""
            if entry["state"]?.stringValue == "paused" { stage += "（暂缓中）" }
            rows.append(.init(number: index + 1, project: project, name: projectName ?? project, stage: stage,
                              verdict: verdict["verdict"]?.stringValue ?? "",
                              reasons: verdict["reasons"]?.stringValue ?? "",
                              nextStep: verdict["next_step"]?.stringValue ?? ""))
        }
        let deferred = (data["deferred"]?.arrayValue ?? []).compactMap { entry -> String? in
            guard let project = entry["id"]?.stringValue else { return nil }
            return (entry["name"]?.stringValue).map { "\($0)（\(project)）" } ?? project
        }
        let comment = data["approval_comment"]?.stringValue
        return AssessmentMinutes(
            id: id, date: data["date"]?.stringValue ?? String(instance.createdAt.prefix(10)),
            topic: data["topic"]?.stringValue ?? "", chair: name(data["chair"]?.stringValue),
            secretary: name(data["secretary"]?.stringValue),
            attendees: (minutes["attendees"]?.arrayValue ?? []).compactMap(\.stringValue).map { name($0) },
            summary: minutes["summary"]?.stringValue ?? "", rows: rows, deferred: deferred,
            approvedBy: name(data["approved_by"]?.stringValue), approvedAt: approvedAt,
            approvalComment: comment?.isEmpty == false ? comment : nil)
    }
}
