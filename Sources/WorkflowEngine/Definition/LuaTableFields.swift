import AgencyCalendar
import LuaRuntime

/// The string-keyed fields of a DSL table, read once, with typed accessors that report
/// wrong types to the collector and remember which keys were used, so that a typo
/// (`assigne`) is reported as an unknown key instead of being ignored.
struct LuaTableFields {
    let context: String
    let line: Int?
    let kind: String?
    private(set) var values: [String: LuaValue] = [:]
    private(set) var items: [(Int64, LuaValue)] = []
    private let problems: ProblemCollector

    init(_ table: LuaRef, context: String, runtime: LuaRuntime, problems: ProblemCollector,
         fallbackLine: Int?) throws {
        self.context = context
        self.problems = problems
        var line = fallbackLine
        var kind: String?
        var otherKeys: [String] = []
        for (key, value) in try runtime.entries(of: table) {
            switch key {
            case .string("__line"):
                if case .integer(let number) = value { line = Int(number) }
            case .string("__kind"):
                if case .string(let text) = value { kind = text }
            case .string(let name):
                values[name] = value
            case .integer(let index):
                items.append((index, value))
            default:
                otherKeys.append(key.typeName)
            }
        }
        items.sort { $0.0 < $1.0 }
        self.line = line
        self.kind = kind
        for type in otherKeys { problems.add(line, "\(context): a \(type) key is not allowed here") }
    }

    /// Reports every key not in `allowed`, suggesting the closest allowed one.
    func rejectUnknownKeys(allowed: Set<String>) {
        for key in values.keys.sorted() where !allowed.contains(key) {
            let hint = Self.closest(to: key, in: allowed).map { " (did you mean '\($0)'?)" } ?? ""
            problems.add(line, "\(context): unknown key '\(key)'\(hint)")
        }
    }

    func has(_ key: String) -> Bool { values[key] != nil }

    func string(_ key: String, required: Bool = false) -> String? {
        switch values[key] {
        case .string(let text): return text
        case nil, .nil?:
            if required { problems.add(line, "\(context): '\(key)' is required") }
            return nil
        case let other?:
            problems.add(line, "\(context): '\(key)' must be a string, got \(other.typeName)")
            return nil
        }
    }

    func integer(_ key: String) -> Int? {
        switch values[key] {
        case .integer(let number): return Int(number)
        case nil, .nil?: return nil
        case let other?:
            problems.add(line, "\(context): '\(key)' must be a whole number, got \(other.typeName)")
            return nil
        }
    }

    func number(_ key: String) -> Double? {
        switch values[key] {
        case .integer(let number): return Double(number)
        case .number(let number): return number
        case nil, .nil?: return nil
        case let other?:
            problems.add(line, "\(context): '\(key)' must be a number, got \(other.typeName)")
            return nil
        }
    }

    func boolean(_ key: String) -> Bool? {
        switch values[key] {
        case .boolean(let flag): return flag
        case nil, .nil?: return nil
        case let other?:
            problems.add(line, "\(context): '\(key)' must be true or false, got \(other.typeName)")
            return nil
        }
    }

    func function(_ key: String) -> LuaRef? {
        switch values[key] {
        case .function(let ref): return ref
        case nil, .nil?: return nil
        case let other?:
            problems.add(line, "\(context): '\(key)' must be a function, got \(other.typeName)")
            return nil
        }
    }

    func table(_ key: String) -> LuaRef? {
        switch values[key] {
        case .table(let ref): return ref
        case nil, .nil?: return nil
        case let other?:
            problems.add(line, "\(context): '\(key)' must be a table, got \(other.typeName)")
            return nil
        }
    }

    func duration(_ key: String) -> WorkDuration? {
        guard let text = string(key) else { return nil }
        return parseDuration(text, key: key)
    }

    func parseDuration(_ text: String, key: String) -> WorkDuration? {
        do {
            return try WorkDuration(parsing: text)
        } catch {
            problems.add(line, "\(context): '\(key)' is not a valid duration: \(error) "
                         + "(write hours(n), days(n) or workdays(n))")
            return nil
        }
    }

    /// The closest allowed key by edit distance, when it is close enough to be a typo.
    static func closest(to key: String, in allowed: Set<String>) -> String? {
        let scored = allowed.map { ($0, editDistance(key, $0)) }.filter { $0.1 <= 2 }
        return scored.min { ($0.1, $0.0) < ($1.1, $1.0) }?.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1,
                                 previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
