import AgencyJSON

/// A message waiting in the outbox: written by the commit of `source`'s event
/// `seq` as its `n`-th message, and delivered by whoever reads the outbox (tick).
///
/// The key `<source>-<seq>-<n>` is the message's idempotency key. The store makes sure a
/// message exists whenever the journal says its event happened, but it may exist more
/// than once over time (a commit rolled forward after a crash writes it again, possibly
/// after a first delivery), so the receiver must ignore a key it has already applied.
public struct OutboxMessage: Sendable, Hashable {
    public let key: String
    public let source: String
    public let seq: Int
    public let n: Int
    public let body: JSONValue

    /// The file's JSON: `{"body": …, "key": …, "n": n, "seq": s, "source": id}`.
    public var json: JSONValue {
        ["key": .string(key), "source": .string(source), "seq": .integer(Int64(seq)),
         "n": .integer(Int64(n)), "body": body]
    }

    init(source: String, seq: Int, n: Int, body: JSONValue) {
        self.key = Self.key(source: source, seq: seq, n: n)
        self.source = source
        self.seq = seq
        self.n = n
        self.body = body
    }

    init?(json: JSONValue) {
        guard let source = json["source"]?.stringValue, let seq = json["seq"]?.intValue,
              let n = json["n"]?.intValue, let body = json["body"],
              json["key"]?.stringValue == Self.key(source: source, seq: Int(seq), n: Int(n))
        else { return nil }
        self.init(source: source, seq: Int(seq), n: Int(n), body: body)
    }

    /// `<source>-<seq>-<n>`.
    public static func key(source: String, seq: Int, n: Int) -> String {
        "\(source)-\(seq)-\(n)"
    }

    /// The key of the `index`-th (from 0) notification of event `seq`: numbered on after
    /// that event's `outboxCount` messages, as when notifications went through the
    /// outbox. The commit and the rebuild from the journal both use it, so they agree.
    public static func notificationKey(source: String, seq: Int, outboxCount: Int, index: Int) -> String {
        key(source: source, seq: seq, n: outboxCount + index + 1)
    }

    /// The key and file bytes of a message, for `commit`.
    static func encode(source: String, seq: Int, n: Int, body: JSONValue) throws(StoreError)
        -> (key: String, bytes: [UInt8]) {
        let message = OutboxMessage(source: source, seq: seq, n: n, body: body)
        return (message.key, try FileStore.encodePretty(message.json, what: "outbox message \(message.key)"))
    }
}

extension FileStore {
    /// Every message in the outbox, ordered by source, seq and n. A file that cannot be
    /// read as a message throws `integrity` naming it (it is left in place).
    public func pendingMessages() throws(StoreError) -> [OutboxMessage] {
        var messages: [OutboxMessage] = []
        for name in try listIfPresent(layout.outboxDirectory)
        where !name.hasPrefix(".") && name.hasSuffix(".json") {
            let path = layout.outboxDirectory + "/" + name
            guard let bytes = try fileSystem.readFileIfPresent(path) else { continue }
            guard let json = try? JSONValue.parse(bytes), let message = OutboxMessage(json: json),
                  name == message.key + ".json"
            else {
                throw .integrity(id: String(name.dropLast(5)), problem: "outbox file \(path) "
                    + "is not a valid message; move it away after checking it")
            }
            messages.append(message)
        }
        return messages.sorted { lhs, rhs in
            if lhs.source != rhs.source { return byteOrder(lhs.source, rhs.source) }
            return (lhs.seq, lhs.n) < (rhs.seq, rhs.n)
        }
    }

    /// Removes a delivered message. Removing one that is already gone is not an error.
    /// Not fsynced: if a crash brings the file back, the message is delivered again and
    /// the receiver ignores it by its key.
    public func removeMessage(_ key: String) throws(StoreError) {
        try NameRules.checkIndexKey(key)
        do {
            try fileSystem.unlink(layout.outboxFile(key))
        } catch let error {
            if !error.isNotFound { throw error }
        }
    }
}
