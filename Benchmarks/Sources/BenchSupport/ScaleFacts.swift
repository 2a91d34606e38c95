import Foundation

/// What a scale fixture guarantees, written beside its store as `fixture.json` for the
/// harness (Scripts/bench-scale) and printed by `bench-fixture`.
///
/// Every figure except `instances` and `history` is the same at every size: the active
/// work of the zone stays put while finished history piles up behind it.
public struct ScaleFacts: Codable, Sendable, Equatable {
    /// Instances in the store, all workflows counted.
    public var instances: Int
    /// The store's folder.
    public var store: String
    /// The workflow folder the store's definitions came from (`--workflows` for commands
    /// that read definitions from source, such as `tick` with schedules).
    public var workflows: String
    /// The person whose inbox has exactly `inboxItems` open items (`agency inbox --as`).
    public var person: String
    public var inboxItems: Int
    /// The person's pending notifications (`agency notifications --to`).
    public var notifications: Int
    /// `agency list --workflow W --state S` finds exactly `matches` running instances.
    public var workflow: String
    public var state: String
    public var matches: Int
    /// `agency report weekly --week W`: the week of the zone's last dispatch; all history
    /// is older than it, so the report reads the same at every size.
    public var week: String
    /// `agency search TEXT` finds exactly `searchHits` instances (history never holds it).
    public var search: String
    public var searchHits: Int
    /// An instance for `agency show` and `agency log`: a project with a long journal.
    public var instance: String
    /// The simulation clock: `agency tick` there fires nothing.
    public var clock: String
    /// Finished instances added behind the demo zone and the active set.
    public var history: Int

    public static let fileName = "fixture.json"

    public func write(to folder: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(self).write(to: URL(fileURLWithPath: folder + "/" + Self.fileName), options: .atomic)
    }

    public static func read(from folder: String) throws -> ScaleFacts {
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + fileName))
        return try JSONDecoder().decode(ScaleFacts.self, from: data)
    }

    /// The figures as lines for a person reading the terminal.
    public var summary: String {
        """
        store:          \(store) (\(instances) instances, \(history) of them finished history)
        inbox:          agency inbox --as \(person)                 -> \(inboxItems) open items
        list:           agency list --workflow \(workflow) --state \(state)   -> \(matches) instances
        search:         agency search \(search)                     -> \(searchHits) instances
        notifications:  agency notifications --to \(person)         -> \(notifications) pending
        report:         agency report weekly --week \(week)          (the same at every size)
        show, log:      \(instance)
        tick:           nothing due at the simulation clock \(clock) (give --workflows \(workflows))
        """
    }
}
