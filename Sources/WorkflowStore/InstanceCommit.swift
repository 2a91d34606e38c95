import AgencyJSON

/// One instance's part of a group commit (`InstanceStore.commitGroup`): exactly the
/// arguments of `commit`, with the same meaning and checks.
public struct InstanceCommit: Sendable {
    public var id: String
    public var records: [JSONValue]
    public var snapshot: SnapshotSource
    public var index: IndexEntries
    public var outbox: [JSONValue]
    public var notifications: [JSONValue]
    public var create: Bool
    public var expectedHead: JournalHead?

    public init(_ id: String, records: [JSONValue], snapshot: SnapshotSource, index: IndexEntries,
                outbox: [JSONValue] = [], notifications: [JSONValue] = [], create: Bool = false,
                expectedHead: JournalHead?) {
        self.id = id
        self.records = records
        self.snapshot = snapshot
        self.index = index
        self.outbox = outbox
        self.notifications = notifications
        self.create = create
        self.expectedHead = expectedHead
    }
}

extension InstanceStore {
    /// `commit` with its arguments in one value (a group's member committed alone).
    @discardableResult
    public func commit(_ member: InstanceCommit) throws(StoreError) -> JournalHead {
        switch member.snapshot {
        case .json(let snapshot):
            return try commit(member.id, records: member.records, snapshot: snapshot, index: member.index,
                              outbox: member.outbox, notifications: member.notifications,
                              create: member.create, expectedHead: member.expectedHead)
        case .encodable(let value):
            return try commit(member.id, records: member.records, encodedSnapshot: value, index: member.index,
                              outbox: member.outbox, notifications: member.notifications,
                              create: member.create, expectedHead: member.expectedHead)
        }
    }

    /// Commits each member in turn with `commit`: what `commitGroup` does in a store that
    /// has nothing faster (see the requirement for what a group commit promises).
    public func commitGroup(_ members: [InstanceCommit]) -> [Result<JournalHead, StoreError>] {
        commitEachInTurn(members)
    }

    public var commitsGroupsTogether: Bool { false }

    /// `commit` for each member in order, each result on its own.
    func commitEachInTurn(_ members: [InstanceCommit]) -> [Result<JournalHead, StoreError>] {
        members.map { member in
            do throws(StoreError) {
                return .success(try commit(member))
            } catch {
                return .failure(error)
            }
        }
    }
}
