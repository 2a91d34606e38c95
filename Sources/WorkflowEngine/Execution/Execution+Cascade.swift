/// Bounds on what one event can set in motion in other instances. Without them a workflow
/// whose `on_start` calls `ctx:start` of its own kind makes one `agency start` create
/// instances until the disk fills, and a loop over `ctx:signal` floods every inbox.
extension Execution {
    /// How many levels of children below the instance that began a chain may start more:
    /// an instance `P.c1.c2…` at this depth can no longer call `ctx:start` or enter a
    /// subflow state.
    static let maxChainDepth = 8
    /// How many messages to other instances (child starts and signals) one event may send.
    static let maxMessagesPerEvent = 100

    /// The id of a new child of this instance, after checking both limits; a breach is
    /// refused with a message that names the limit, and the whole event with it.
    func newChildID() throws -> String {
        let depth = Self.chainDepth(of: instance.id)
        guard depth < Self.maxChainDepth else {
            throw EngineError.invalid("\(instance.id) is \(depth) levels below the instance that began its chain "
                + "(the limit is \(Self.maxChainDepth)): it may not start another child. A workflow that starts "
                + "itself needs a condition that ends the chain (Docs/dsl-reference.md, \"ctx:start\")")
        }
        try checkMessageCount()
        return "\(instance.id).\(instance.nextID("c"))"
    }

    /// Refuses a message beyond the per-event limit.
    func checkMessageCount() throws {
        guard messages.count < Self.maxMessagesPerEvent else {
            throw EngineError.invalid("one event of \(instance.id) may send at most \(Self.maxMessagesPerEvent) "
                + "messages to other instances (child starts and signals); this one tried to send more")
        }
    }

    /// The number of `.c<n>` child segments in an id: `P19.c3.c1` is 2 levels deep.
    static func chainDepth(of id: String) -> Int {
        id.split(separator: ".").dropFirst().filter { segment in
            segment.count > 1 && segment.first == "c" && segment.dropFirst().allSatisfy(\.isNumber)
        }.count
    }
}
