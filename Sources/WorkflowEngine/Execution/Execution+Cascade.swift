/// Bounds on what one event can set in motion in other instances. Without them a workflow
/// whose `on_start` calls `ctx:start` of its own kind makes one `agency start` create
/// instances until the disk fills, and a loop over `ctx:signal` floods every inbox.
public enum CascadeLimits {
    /// See `Execution.limitMarker`.
    public static var marker: String { Execution.limitMarker }
}

extension Execution {
    /// How many levels of children below the instance that began a chain may start more:
    /// an instance `P.c1.c2…` at this depth can no longer call `ctx:start` or enter a
    /// subflow state.
    static let maxChainDepth = 8
    /// How many messages to other instances (child starts and signals) one event may send.
    static let maxMessagesPerEvent = 100
    /// How many messages everything one person's or timer's event sets in motion may send
    /// in all, through every child, signal and grandchild: each message carries an equal
    /// share of what its sender had left, so a chain of any shape stops within it.
    static let chainBudget = 1_000

    /// Begins every refusal by a cascade limit, so that delivery can tell a message that
    /// will never be deliverable (and drops it) from one that may succeed later.
    static let limitMarker = "cascade limit: "

    /// What this event may still send.
    var remainingBudget: Int { command.budget ?? Self.chainBudget }

    /// Gives each message of this event an equal share of what the event leaves.
    func shareBudget() {
        guard !messages.isEmpty else { return }
        let share = max(0, remainingBudget - messages.count) / messages.count
        for index in messages.indices { messages[index].budget = share }
    }

    /// The id of a new child of this instance, after checking both limits; a breach is
    /// refused with a message that names the limit, and the whole event with it.
    func newChildID() throws -> String {
        let depth = Self.chainDepth(of: instance.id)
        guard depth < Self.maxChainDepth else {
            throw EngineError.invalid(Self.limitMarker + "\(instance.id) is \(depth) levels below the instance that began its chain "
                + "(the limit is \(Self.maxChainDepth)): it may not start another child. A workflow that starts "
                + "itself needs a condition that ends the chain (Docs/dsl-reference.md, \"ctx:start\")")
        }
        try checkMessageCount()
        return "\(instance.id).\(instance.nextID("c"))"
    }

    /// Refuses a message beyond the per-event limit.
    func checkMessageCount() throws {
        guard messages.count < Self.maxMessagesPerEvent else {
            throw EngineError.invalid(Self.limitMarker + "one event of \(instance.id) may send at most \(Self.maxMessagesPerEvent) "
                + "messages to other instances (child starts and signals); this one tried to send more")
        }
        guard messages.count < remainingBudget else {
            throw EngineError.invalid(Self.limitMarker + "\(instance.id) is part of a chain of messages that has used its budget "
                + "(\(Self.chainBudget) messages for everything one event sets in motion): it may not start or "
                + "signal another instance. A workflow that starts or signals itself needs a condition that ends "
                + "the chain (Docs/dsl-reference.md, \"ctx:start\")")
        }
    }

    /// The number of `.c<n>` child segments in an id: `P19.c3.c1` is 2 levels deep.
    static func chainDepth(of id: String) -> Int {
        id.split(separator: ".").dropFirst().filter { segment in
            segment.count > 1 && segment.first == "c" && segment.dropFirst().allSatisfy(\.isNumber)
        }.count
    }
}
