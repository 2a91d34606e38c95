import AgencyCalendar
import LuaRuntime

/// A workflow as the engine runs it: read from a Lua file, checked, and pinned by the
/// SHA-256 of its source. Lua functions inside it (guards, actions, hooks) stay in the
/// runtime that loaded it, referenced by ``LuaRef``.
public final class WorkflowDefinition {
    public let name: String
    public let title: String
    /// Hex SHA-256 of the source text: the version an instance is pinned to.
    public let version: String
    /// Where the source was read from, for messages.
    public let file: String
    public let inputs: [InputField]
    public let start: String
    /// States in the order they are declared.
    public let states: [StateDefinition]
    public let schedule: ScheduleSpec?
    /// Optional hook run once at start: `on_start = function(ctx) ... end`.
    public let onStart: LuaRef?
    /// 催办 and 撤销 by the applicant (workflow keys `urge*` and `revoke*`).
    public internal(set) var applicant = ApplicantPolicy()
    let stateIndex: [String: Int]
    let runtime: LuaRuntime
    /// The file's module state right after it ran (its environment and everything its
    /// hooks close over), which every call of one of its functions starts from
    /// (`LuaRuntime.rewind`), so no call leaves anything for the next one but through
    /// `ctx`. Set by the loader.
    public internal(set) var moduleState: LuaRef?

    /// Puts the file's module state back as it was after loading; call before running any
    /// of the definition's functions.
    public func rewindModuleState() throws {
        if let moduleState { try runtime.rewind(moduleState) }
    }

    init(name: String, title: String, version: String, file: String, inputs: [InputField],
         start: String, states: [StateDefinition], schedule: ScheduleSpec?, onStart: LuaRef?,
         runtime: LuaRuntime) {
        self.name = name
        self.title = title
        self.version = version
        self.file = file
        self.inputs = inputs
        self.start = start
        self.states = states
        self.schedule = schedule
        self.onStart = onStart
        self.runtime = runtime
        var index: [String: Int] = [:]
        for (position, state) in states.enumerated() { index[state.name] = position }
        self.stateIndex = index
    }

    public func state(_ name: String) -> StateDefinition? {
        stateIndex[name].map { states[$0] }
    }
}

/// One field of a workflow's input, checked when an instance starts.
public struct InputField: Sendable, Equatable {
    public enum FieldType: String, Sendable, CaseIterable {
        case string, integer, number, boolean, person, date, list, object
    }
    public var name: String
    public var type: FieldType
    public var required: Bool
    public var title: String?
}

/// The kinds of state the DSL offers.
public enum StateKind: String, Sendable, CaseIterable {
    case task, approval, auto, wait, parallel, subflow, final
}

/// Who may act on a work item: a data field holding a person id, every holder of a role,
/// one named person, a Lua function returning person ids, or someone found through the org
/// chart (Docs/people.md).
public indirect enum PeopleSpec: CustomStringConvertible {
    case field(String)
    case role(String)
    case person(String)
    case function(LuaRef)
    /// manager_of(subject, level): the subject's manager, `level` steps up. The subject is
    /// a data field holding a person id, or "initiator".
    case managerOf(subject: String, level: Int)
    /// managers_up_to(subject, stop): the subject's managers, nearest first, up to and
    /// including the first one `stop` (a role or person spec) names.
    case managersUpTo(subject: String, stop: PeopleSpec)
    /// head_of(department): the head of a department id, or of the department id held in
    /// a data field of that name.
    case headOf(String)

    /// `role:NAME`, `person:ID`, `manager_of:SUBJECT[:LEVEL]`, `managers_up_to:SUBJECT:STOP`
    /// or `head_of:DEPARTMENT`, the written forms of the DSL helpers (`description` gives
    /// them back); nil for any other text, whose meaning depends on where it is written (a
    /// data field, or a person id).
    public init?(reference text: String) {
        if text.hasPrefix("role:") {
            self = .role(String(text.dropFirst(5)))
        } else if text.hasPrefix("person:") {
            self = .person(String(text.dropFirst(7)))
        } else if text.hasPrefix("manager_of:") {
            let parts = text.dropFirst(11).split(separator: ":", omittingEmptySubsequences: false)
            guard let subject = parts.first, !subject.isEmpty, parts.count <= 2 else { return nil }
            let level = parts.count == 2 ? Int(parts[1]) : 1
            guard let level, level >= 1 else { return nil }
            self = .managerOf(subject: String(subject), level: level)
        } else if text.hasPrefix("managers_up_to:") {
            let rest = text.dropFirst(15)
            guard let colon = rest.firstIndex(of: ":"), colon != rest.startIndex,
                  let stop = PeopleSpec(reference: String(rest[rest.index(after: colon)...])) else { return nil }
            switch stop {
            case .role, .person: self = .managersUpTo(subject: String(rest[..<colon]), stop: stop)
            default: return nil
            }
        } else if text.hasPrefix("head_of:") {
            guard text.count > 8 else { return nil }
            self = .headOf(String(text.dropFirst(8)))
        } else {
            return nil
        }
    }

    public var description: String {
        switch self {
        case .field(let name): return name
        case .role(let name): return "role:\(name)"
        case .person(let id): return "person:\(id)"
        case .function: return "function"
        case .managerOf(let subject, let level): return "manager_of:\(subject)" + (level == 1 ? "" : ":\(level)")
        case .managersUpTo(let subject, let stop): return "managers_up_to:\(subject):\(stop)"
        case .headOf(let department): return "head_of:\(department)"
        }
    }
}

/// How an approval's decisions combine.
public enum ApprovalRule: Equatable, Sendable, CustomStringConvertible {
    /// 或签: the first decision decides.
    case any
    /// 会签: everyone must approve; one rejection rejects.
    case all
    /// 依次: one after another in the listed order; one rejection rejects.
    case sequential
    /// At least n approvals; rejected once n can no longer be reached.
    case atLeast(Int)
    /// 票签: approved when approvals / approvers reaches the ratio.
    case ratio(Double)

    public var description: String {
        switch self {
        case .any: return "any"
        case .all: return "all"
        case .sequential: return "sequential"
        case .atLeast(let n): return "at_least \(n)"
        case .ratio(let r): return "ratio \(r)"
        }
    }
}

/// When a work item falls due: a fixed duration from entering the state, or computed.
public enum DueSpec {
    case duration(WorkDuration)
    case function(LuaRef)
}

/// A transition on a named event.
public struct TransitionSpec {
    public var event: String
    /// The state the event leads to; empty for an internal transition (`stays`).
    public var target: String
    public var guardFunction: LuaRef?
    public var action: LuaRef?
    public var line: Int?
    /// An internal transition (`{ stay = true, action = ... }`): the event runs its guard and
    /// action and leaves the instance where it is. Nothing exits or enters, so the state's
    /// open items, deadlines and ladder go on untouched: a site visit or a progress figure
    /// is recorded without restarting the stage's clock.
    public var stays = false
    /// Who may send an internal event (`by = ...` beside `stay = true`); nil means the
    /// instance's participants. Admins always may.
    public var senders: [PeopleSpec]?
}

/// One rung of the escalation ladder (交办 → 催办 → 督办).
public struct LadderStep {
    /// What `after` counts from: the item's creation (交办), or its due time, so that a
    /// rung such as "督办 two working days after the deadline" stays right whatever the
    /// item's computed due time is (statutory limits differ per permit).
    public enum Anchor: String, Sendable {
        case created, due
    }
    public enum Action {
        /// 催办: remind the item's assignee (or the people given).
        case remind(PeopleSpec?)
        /// 督办: escalate to a person or role, at a level such as "督办".
        case escalate(PeopleSpec, level: String)
    }
    public var after: WorkDuration
    public var anchor: Anchor = .created
    public var action: Action
    /// Repeat every `every` after the first time, `times` times in all (催办 repeats).
    public var every: WorkDuration?
    public var times: Int
    public var line: Int?
}

/// Thresholds of the three colours: blue when `blue` remains before the due time, yellow
/// when `yellow` remains, red when overdue.
public struct ColorThresholds {
    public var blue: WorkDuration?
    public var yellow: WorkDuration?
}

/// What happens automatically when an item's due time passes.
public enum TimeoutAction {
    case goto(String)
    case approve
    case reject
    case function(LuaRef)
}

/// One item of a parallel (checklist) state.
public struct ParallelItemSpec {
    public var key: String
    public var title: String
    public var assignee: PeopleSpec
    public var due: DueSpec?
}

/// How a parallel state's items join.
public enum JoinRule: Equatable, Sendable {
    case all
    case any
    case atLeast(Int)
}

/// A recurring start (a weekly dispatch, say).
public struct ScheduleSpec {
    public enum Frequency: Equatable, Sendable {
        /// ISO weekday 1 (Monday) ... 7.
        case weekly(weekday: Int)
        case monthly(day: Int)
        case everyWorkdays(Int)
    }
    public enum HolidayShift: String, Sendable, CaseIterable {
        case skip, next_workday, previous_workday, none
    }
    public var frequency: Frequency
    /// Local time "HH:MM".
    public var hour: Int
    public var minute: Int
    public var shift: HolidayShift
    /// The first day occurrences count from (everyWorkdays), "YYYY-MM-DD".
    public var from: String?
    public var input: LuaRef?
}
