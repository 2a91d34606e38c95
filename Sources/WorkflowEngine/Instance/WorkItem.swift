import AgencyJSON

/// A task, an approver's decision, a checklist item or a watched wait: something one
/// person should do, with a due time, reminders and a colour.
public struct WorkItem: Codable, Equatable, Sendable {
    public enum Kind: String, Codable, Sendable {
        case task, approval, item, wait
    }

    public enum Status: String, Codable, Sendable {
        /// Someone can act on it now.
        case open
        /// Its turn has not come (sequential approval, add-sign before/after).
        case waiting
        case done
        /// Closed without a decision: another approver decided, the state was left.
        case cancelled
        /// Taken out by 减签.
        case removed
    }

    public enum Color: String, Codable, Sendable, Comparable {
        case green, blue, yellow, red

        public static func < (a: Color, b: Color) -> Bool {
            let order: [Color] = [.green, .blue, .yellow, .red]
            return (order.firstIndex(of: a) ?? 0) < (order.firstIndex(of: b) ?? 0)
        }
    }

    public var id: String
    public var state: String
    /// Which visit of the state created it (the length of the instance's path then): a
    /// state entered again after a return gets fresh items and counts only those.
    public var visit: Int
    public var kind: Kind
    /// For checklist items: the item's key in the definition (or from the items function).
    public var key: String?
    public var title: String
    /// The person who acts on it now.
    public var assignee: String
    /// 委派: the person who delegated it and gets it back with the delegate's opinion.
    public var owner: String?
    public var status: Status
    /// Items that must be approved before this one opens (sequential order, add-sign).
    public var after: [String]
    /// approved, rejected, completed, or an outcome name.
    public var decision: String?
    public var comment: String?
    public var attachments: [String]
    public var createdAt: String
    public var actedAt: String?
    public var actedBy: String?
    public var due: String?
    public var color: Color
    public var reminders: Int
    /// 督办 so far: who it was escalated to, and at what level.
    public var escalations: [Escalation]
    /// Transfers, delegations, add-signs, opinions: who did what to this item.
    public var history: [ItemEvent]
    /// How `due` and the item's timers were counted in working days: kept so that a change
    /// of the calendar (a notice imported, a calendar file edited) can count them again.
    /// Absent for items whose deadlines use no working days, and for items planned before
    /// FullAgency kept plans.
    public var plan: DuePlan? = nil
    /// 代理: the person this item was given to, whose standing delegation sent it to the
    /// assignee (shown as "王芳（代 张伟）"). Nil when the assignee holds it in their own name.
    public var onBehalfOf: String? = nil
    /// 加签 seats: the id of the original approver's item whose seat an added signer joined
    /// (the rule counts seats, not items; see Docs/approvals.md). Nil: the item is its own seat.
    public var seat: String? = nil

    /// Whether the due time is provisional: counted through a year whose holiday
    /// arrangement was not yet published when it was planned.
    public var dueIsProvisional: Bool { !(plan?.provisional.isEmpty ?? true) }

    /// The due time as notifications quote it, marked （暂定） when provisional.
    public var dueText: String {
        guard let due else { return "-" }
        return dueIsProvisional ? "\(due)（暂定）" : due
    }
}

/// How an item's deadline and timers were counted in working days: enough to count them
/// again, from the same start with the same duration, when the calendar changes.
public struct DuePlan: Codable, Equatable, Sendable {
    /// The instant counted from: when the item opened.
    public var from: String
    /// The due duration, e.g. "20wd"; nil when the due time was given as a time.
    public var due: String?
    /// The provisional years the due time, ladder or colours were counted through (empty
    /// when every day counted was declared).
    public var provisional: [Int]
    /// The calendar version (sha256 of its document) the plan was counted with, when the
    /// service knows it.
    public var calendar: String?

    public init(from: String, due: String?, provisional: [Int], calendar: String? = nil) {
        self.from = from
        self.due = due
        self.provisional = provisional
        self.calendar = calendar
    }
}

public struct Escalation: Codable, Equatable, Sendable {
    public var at: String
    public var to: [String]
    public var level: String
}

public struct ItemEvent: Codable, Equatable, Sendable {
    public var at: String
    public var actor: String
    public var action: String
    public var to: String?
    public var comment: String?
}

/// A moment when the engine must act by itself: a reminder, an escalation, a colour
/// change, a due time.
public struct InstanceTimer: Codable, Equatable, Sendable {
    public enum Kind: String, Codable, Sendable {
        case remind, escalate, blue, yellow, due
    }
    public var id: String
    public var at: String
    public var kind: Kind
    public var item: String
    /// The ladder step this timer belongs to (remind / escalate).
    public var step: Int?
}
