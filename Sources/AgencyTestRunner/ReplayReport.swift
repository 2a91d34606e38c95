import AgencyJSON
import AgencyService

/// How one instance fared in the replay check.
public struct InstanceReplay: Sendable {
    public enum Outcome: Sendable, Equatable {
        /// Every record behaves the same under the current definitions.
        case same
        /// The first record (by journal seq) whose outcome differs, and how.
        case differs(seq: Int, record: String, difference: String)
        /// The instance could not be replayed at all (a missing workflow file, a file
        /// that does not load, a damaged journal).
        case unchecked(String)
    }
    public var id: String
    public var workflow: String
    public var outcome: Outcome
}

/// The result of `agency test --replay STORE`.
public struct ReplayReport: Sendable {
    public var instances: [InstanceReplay]

    public var same: Int { instances.filter { $0.outcome == .same }.count }
    public var differing: Int { instances.count - same }

    /// `N same, N differ`: the closing line.
    public var summaryLine: String {
        "\(instances.count) instance\(instances.count == 1 ? "" : "s"): \(same) same, \(differing) differ"
    }

    public var text: String {
        var lines = instances.map { instance -> String in
            switch instance.outcome {
            case .same:
                return "  same     \(instance.id) (\(instance.workflow))"
            case .differs(let seq, let record, let difference):
                return "  DIFFERS  \(instance.id) (\(instance.workflow)) at seq \(seq), \(record): \(difference)"
            case .unchecked(let reason):
                return "  UNCHECKED \(instance.id) (\(instance.workflow)): \(reason)"
            }
        }
        lines.append(summaryLine)
        return lines.joined(separator: "\n")
    }

    /// The stable `--json` shape (Docs/testing.md).
    public var json: JSONValue {
        .object([
            "same": .integer(Int64(same)),
            "differ": .integer(Int64(differing)),
            "instances": .array(instances.map { instance in
                var fields: [String: JSONValue] = ["id": .string(instance.id), "workflow": .string(instance.workflow)]
                switch instance.outcome {
                case .same:
                    fields["result"] = "same"
                case .differs(let seq, let record, let difference):
                    fields["result"] = "differs"
                    fields["seq"] = .integer(Int64(seq))
                    fields["record"] = .string(record)
                    fields["difference"] = .string(difference)
                case .unchecked(let reason):
                    fields["result"] = "unchecked"
                    fields["reason"] = .string(reason)
                }
                return .object(fields)
            }),
        ])
    }
}

/// Where two replays first disagree, as `state: pinned "done", current "archive"`.
enum ReplayDifference {
    static func first(_ pinned: JSONValue, _ current: JSONValue, path: String) -> String? {
        if TestValues.equal(pinned, current) { return nil }
        switch (pinned, current) {
        case (.object(let left), .object(let right)):
            for key in Set(left.keys).union(right.keys).sorted(by: byImportance) {
                let child = path.isEmpty ? key : "\(path).\(key)"
                switch (left[key], right[key]) {
                case (nil, let value?): return "\(child): only with the current definition (\(TestValues.show(value, limit: 80)))"
                case (let value?, nil): return "\(child): only with the pinned definition (\(TestValues.show(value, limit: 80)))"
                case (let l?, let r?):
                    if let found = first(l, r, path: child) { return found }
                default: break
                }
            }
        case (.array(let left), .array(let right)):
            if left.count != right.count {
                return "\(path): \(left.count) with the pinned definition, \(right.count) with the current one"
            }
            for index in 0..<min(left.count, right.count) {
                if let found = first(left[index], right[index], path: "\(path)[\(index + 1)]") { return found }
            }
        default:
            break
        }
        return "\(path): pinned \(TestValues.show(pinned, limit: 80)), current \(TestValues.show(current, limit: 80))"
    }

    /// What an author looks at first: where the instance is, its data and work, what it
    /// sent; then everything else in name order.
    static let importance = ["status", "state", "outcome", "incident", "data", "items", "timers",
                             "notifications", "messages", "path", "children"]

    private static func byImportance(_ a: String, _ b: String) -> Bool {
        let rankA = importance.firstIndex(of: a) ?? importance.count
        let rankB = importance.firstIndex(of: b) ?? importance.count
        return rankA != rankB ? rankA < rankB : a < b
    }
}
