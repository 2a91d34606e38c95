import AgencyJSON
import Foundation
import WorkflowEngine

/// Rows of a spreadsheet (the 项目谋划清单) turned into the inputs of new instances of a
/// workflow, every row and cell checked before anything starts.
///
/// Columns are matched to the workflow's input fields by the field's title
/// (`项目名称`), by the title up to its first "（" or "：" (`总投资`), by the field's
/// name (`enterprise`), or by an alias the caller gives (`投资总额` → `investment`).
/// Unknown columns are problems, so a misspelt header does not silently drop a column.
/// Cells are read by the field's type: people by name (or id) in the people directory,
/// integers and numbers with thousands separators and a trailing 万元 allowed, dates as
/// 2025-04-30, 2025/4/30, 2025年4月30日 or an Excel date number.
public struct InstanceImport {
    /// One thing wrong, named by row (as the spreadsheet numbers it) and column.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public var row: Int
        public var column: String?
        public var message: String

        /// Set by `prepare` from the import's language.
        public var english = false

        public var description: String {
            english ? "row \(row)" + (column.map { ", \($0)" } ?? "") + ": \(message)"
                : "第 \(row) 行" + (column.map { "，\($0)" } ?? "") + "：\(message)"
        }
    }

    /// A row ready to start: its sheet row number, the id to start it under (from the
    /// field named `code`, when the workflow has one), and its input.
    public struct Row: Sendable {
        public var line: Int
        public var id: String?
        public var name: String
        public var input: JSONValue
    }

    public let definition: WorkflowDefinition
    public let people: PeopleDirectory
    public let aliases: [String: String]
    /// The language of the problems' messages.
    public let language: StaffLanguage

    public init(definition: WorkflowDefinition, people: PeopleDirectory, aliases: [String: String] = [:],
                language: StaffLanguage = .chinese) {
        self.definition = definition
        self.people = people
        self.aliases = aliases
        self.language = language
    }

    func t(_ chinese: String, _ english: String) -> String { language.pick(chinese, english) }

    /// The rows of a sheet whose first row is the header; `firstLine` is the sheet's
    /// number of the header row (1).
    public func prepare(_ table: [[String]], firstLine: Int = 1) -> (rows: [Row], problems: [Problem]) {
        let result = prepareRows(table, firstLine: firstLine)
        let english = language == .english
        return (result.rows, result.problems.map { problem in
            var shown = problem
            shown.english = english
            return shown
        })
    }

    func prepareRows(_ table: [[String]], firstLine: Int) -> (rows: [Row], problems: [Problem]) {
        guard let header = table.first else {
            return ([], [Problem(row: firstLine, column: nil, message: t("表格是空的：第一行应为列名（如 项目名称、建设单位）",
                                                                           "the sheet is empty: its first row names the columns (项目名称, 建设单位 …)"))])
        }
        var problems: [Problem] = []
        var fields: [Int: InputField] = [:]
        for (index, title) in header.enumerated() {
            let text = title.trimmingCharacters(in: .whitespacesAndNewlines)
            if text.isEmpty {
                // A column without a name is fine only when it is empty all the way down.
                if let line = table.dropFirst().firstIndex(where: { index < $0.count && !$0[index].trimmingCharacters(in: .whitespaces).isEmpty }) {
                    problems.append(Problem(row: firstLine + line, column: columnName(index, ""),
                                            message: t("这一列有内容但没有列名；请在第 \(firstLine) 行写上列名，或删去这一列",
                                                       "this column has values but no header; name it in row \(firstLine) or delete it")))
                }
                continue
            }
            guard let field = field(named: text) else {
                let known = definition.inputs.map { $0.title ?? $0.name }.joined(separator: t("、", ", "))
                problems.append(Problem(row: firstLine, column: columnName(index, text),
                                        message: t("不认识的列名「\(text)」；可用的列：\(known)",
                                                   "unknown column 「\(text)」; the columns are: \(known)")))
                continue
            }
            if let earlier = fields.first(where: { $0.value.name == field.name }) {
                problems.append(Problem(row: firstLine, column: columnName(index, text),
                                        message: t("与第 \(Self.letters(earlier.key)) 列重复（都对应 \(field.name)）",
                                                   "repeats column \(Self.letters(earlier.key)) (both are \(field.name))")))
                continue
            }
            fields[index] = field
        }
        for field in definition.inputs where field.required && !fields.values.contains(where: { $0.name == field.name }) {
            problems.append(Problem(row: firstLine, column: nil, message: t("缺少必填列「\(field.title ?? field.name)」",
                                                                             "the required column 「\(field.title ?? field.name)」 is missing")))
        }
        var rows: [Row] = []
        var ids: [String: Int] = [:]
        for (offset, cells) in table.dropFirst().enumerated() {
            let line = firstLine + offset + 1
            if cells.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            var input: [String: JSONValue] = [:]
            for (index, field) in fields.sorted(by: { $0.key < $1.key }) {
                let raw = index < cells.count ? cells[index].trimmingCharacters(in: .whitespacesAndNewlines) : ""
                let column = columnName(index, header[index])
                if raw.isEmpty {
                    if field.required {
                        problems.append(Problem(row: line, column: column, message: t("必填，不能为空", "required, cannot be empty")))
                    }
                    continue
                }
                switch value(raw, field) {
                case .success(let value): input[field.name] = value
                case .failure(let problem): problems.append(Problem(row: line, column: column, message: problem.message))
                }
            }
            let id = input["code"]?.stringValue
            if let id {
                // An id is a root's: letters, digits, - and _ (a "." would read as a child's).
                if id.isEmpty || id.count > 64 || !id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) {
                    problems.append(Problem(row: line, column: nil, message: t(
                        "编号「\(id)」只能用字母、数字、- 和 _（不超过 64 个）", "id 「\(id)」 may use only letters, digits, - and _ (at most 64)")))
                }
                if let earlier = ids[id] {
                    problems.append(Problem(row: line, column: nil, message: t("编号 \(id) 与第 \(earlier) 行重复",
                                                                               "id \(id) repeats row \(earlier)")))
                }
                ids[id] = line
            }
            let name = input["name"]?.stringValue ?? id ?? t("第 \(line) 行", "row \(line)")
            rows.append(Row(line: line, id: id, name: name, input: .object(input)))
        }
        if rows.isEmpty && problems.isEmpty {
            problems.append(Problem(row: firstLine + 1, column: nil, message: t("表格只有列名，没有数据行",
                                                                                "the sheet has its header but no rows")))
        }
        return (rows, problems)
    }

    /// The input field a header names.
    func field(named header: String) -> InputField? {
        let target = aliases[header] ?? header
        return definition.inputs.first { $0.name == target || $0.title == target }
            ?? definition.inputs.first { field in
                guard let title = field.title else { return false }
                return Self.shortTitle(title) == target
            }
    }

    /// A title up to its first "（", "(" or "："（总投资（万元） → 总投资）.
    static func shortTitle(_ title: String) -> String {
        String(title.prefix { !"（(：:".contains($0) })
    }

    struct CellProblem: Error { let message: String }

    /// A cell read by its field's type.
    func value(_ raw: String, _ field: InputField) -> Result<JSONValue, CellProblem> {
        switch field.type {
        case .string: return .success(.string(raw))
        case .integer:
            guard let number = Self.number(raw), number == number.rounded(), abs(number) < 1e15 else {
                return .failure(CellProblem(message: t("「\(raw)」不是整数（\(field.title ?? field.name)）",
                                                       "「\(raw)」 is not a whole number (\(field.title ?? field.name))")))
            }
            return .success(.integer(Int64(number)))
        case .number:
            guard let number = Self.number(raw) else {
                return .failure(CellProblem(message: t("「\(raw)」不是数字（\(field.title ?? field.name)）",
                                                       "「\(raw)」 is not a number (\(field.title ?? field.name))")))
            }
            return .success(.double(number))
        case .boolean:
            if ["是", "true", "TRUE", "1", "Y", "y"].contains(raw) { return .success(.bool(true)) }
            if ["否", "false", "FALSE", "0", "N", "n"].contains(raw) { return .success(.bool(false)) }
            return .failure(CellProblem(message: t("「\(raw)」应为 是 或 否", "「\(raw)」 should be 是 or 否 (yes or no)")))
        case .person:
            if people.person(raw) != nil { return .success(.string(raw)) }
            let named = people.people.filter { $0.name == raw }
            if named.count == 1 { return .success(.string(named[0].id)) }
            if named.count > 1 {
                return .failure(CellProblem(message: t("「\(raw)」在人员名录中有 \(named.count) 人同名（"
                    + named.map(\.id).joined(separator: "、") + "），请改填其编号",
                    "\(named.count) people are called 「\(raw)」 (" + named.map(\.id).joined(separator: ", ")
                    + "); write the person's id instead")))
            }
            return .failure(CellProblem(message: t("「\(raw)」不在人员名录中；请先用 agency people apply 加入，或改填名录中的姓名",
                                                   "「\(raw)」 is not in the people directory; add them with agency people apply, or write a name it has")))
        case .date:
            guard let date = Self.date(raw) else {
                return .failure(CellProblem(message: t("「\(raw)」不是日期；写作 2025-04-30", "「\(raw)」 is not a date; write 2025-04-30")))
            }
            return .success(.string(date))
        case .list, .object:
            guard let parsed = try? JSONValue.parse(Array(raw.utf8)) else {
                return .failure(CellProblem(message: t("「\(raw)」应为 JSON（\(field.type.rawValue)）",
                                                       "「\(raw)」 should be JSON (\(field.type.rawValue))")))
            }
            return .success(parsed)
        }
    }

    /// "48,000", "48000万元", "4.8" as a number.
    static func number(_ raw: String) -> Double? {
        var text = raw.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "，", with: "")
        for unit in ["万元", "万"] where text.hasSuffix(unit) { text = String(text.dropLast(unit.count)) }
        guard let value = Double(text.trimmingCharacters(in: .whitespaces)), value.isFinite else { return nil }
        return value
    }

    /// 2025-04-30 from 2025-04-30, 2025/4/30, 2025.4.30, 2025年4月30日, or an Excel date
    /// number (days since 1899-12-30).
    static func date(_ raw: String) -> String? {
        if let serial = Double(raw), serial >= 1, serial < 2_958_466, serial == serial.rounded() {
            let date = Date(timeIntervalSince1970: (serial - 25_569) * 86_400)
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(secondsFromGMT: 0) ?? .current
            let parts = calendar.dateComponents([.year, .month, .day], from: date)
            return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
        }
        let pieces = raw.split { "-/.年月日".contains($0) }.map(String.init)
        guard pieces.count == 3, let year = Int(pieces[0]), let month = Int(pieces[1]), let day = Int(pieces[2]),
              (1900...2999).contains(year), (1...12).contains(month),
              (1...31).contains(day) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0) ?? .current
        guard let date = calendar.date(from: DateComponents(year: year, month: month, day: day)),
              calendar.component(.day, from: date) == day else { return nil }
        return String(format: "%04d-%02d-%02d", year, month, day)
    }

    /// "「包联领导」列（H）".
    func columnName(_ index: Int, _ header: String) -> String {
        let title = header.trimmingCharacters(in: .whitespacesAndNewlines)
        let letter = Self.letters(index)
        return title.isEmpty ? t("\(letter) 列", "column \(letter)") : t("「\(title)」列（\(letter)）", "column 「\(title)」 (\(letter))")
    }

    /// A, B, …, Z, AA … for a 0-based column index.
    static func letters(_ index: Int) -> String {
        var number = index + 1
        var text = ""
        while number > 0 {
            let remainder = (number - 1) % 26
            text = String(UnicodeScalar(UInt8(65 + remainder))) + text
            number = (number - 1) / 26
        }
        return text
    }
}
