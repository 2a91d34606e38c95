import Foundation

/// Lock-out after repeated failed logins: `limit` failures for one login name within
/// `window` lock that name for `lockout`, whatever password comes next. Counted per name,
/// not per address, because staff share office NAT addresses; every failure and every
/// lock is also written to the store journal by the caller.
public actor LoginThrottle {
    public let limit: Int
    public let window: TimeInterval
    public let lockout: TimeInterval
    private var failures: [String: [Date]] = [:]
    private var lockedUntil: [String: Date] = [:]
    /// Names whose refusal while locked has been journaled once for the current lock.
    private var refusalJournaled: Set<String> = []
    /// Attempts whose password is being checked now, per name.
    private var inFlight: [String: Int] = [:]
    /// Failures under names nobody has, since the last summary record.
    private var unknownSince = 0
    private var lastUnknownRecord: Date?
    private let clock: @Sendable () -> Date

    public init(limit: Int = 5, window: TimeInterval = 15 * 60, lockout: TimeInterval = 15 * 60,
                clock: @escaping @Sendable () -> Date = Date.init) {
        self.limit = limit
        self.window = window
        self.lockout = lockout
        self.clock = clock
    }

    /// When the name is locked until, or nil when it may try.
    public func locked(_ name: String) -> Date? {
        guard let until = lockedUntil[name] else { return nil }
        if until > clock() { return until }
        lockedUntil[name] = nil
        refusalJournaled.remove(name)
        return nil
    }

    /// Takes a place for an attempt on `name`: false when the name is locked, or when the
    /// failures counted so far and the attempts in flight already reach the limit. Every
    /// true is followed by `failed` or `succeeded`, which give the place back.
    public func begin(_ name: String) -> Bool {
        let now = clock()
        if locked(name) != nil { return false }
        let recent = (failures[name] ?? []).filter { now.timeIntervalSince($0) < window }.count
        guard recent + inFlight[name, default: 0] < limit else { return false }
        inFlight[name, default: 0] += 1
        return true
    }

    /// A failure under a name nobody has: returns the count to journal (and resets it) at
    /// most once a minute, with the latest name tried.
    public func unknownFailure(_ name: String) -> (count: Int, last: String)? {
        let now = clock()
        unknownSince += 1
        if let last = lastUnknownRecord, now.timeIntervalSince(last) < 60 { return nil }
        defer { unknownSince = 0 }
        lastUnknownRecord = now
        return (unknownSince, name)
    }

    private func release(_ name: String) {
        guard let count = inFlight[name] else { return }
        inFlight[name] = count > 1 ? count - 1 : nil
    }

    /// Whether a refusal of this locked name should be journaled: the first one of each
    /// lock is; the rest are only counted by the lock, so a flood of attempts cannot grow
    /// the store journal or hold the executor.
    public func shouldJournalRefusal(_ name: String) -> Bool {
        refusalJournaled.insert(name).inserted
    }

    /// Whether this failure should be journaled: the failures up to the lock are; once
    /// a name is locked, `locked` answers before a password is even checked.
    public func shouldJournalFailure(_ name: String) -> Bool {
        (failures[name]?.count ?? 0) <= limit
    }

    /// Records a failure; returns the lock's end when this failure locked the name.
    public func failed(_ name: String) -> Date? {
        let now = clock()
        release(name)
        prune(now)
        var recent = (failures[name] ?? []).filter { now.timeIntervalSince($0) < window }
        recent.append(now)
        guard recent.count >= limit else {
            failures[name] = recent
            return nil
        }
        failures[name] = nil
        let until = now.addingTimeInterval(lockout)
        lockedUntil[name] = until
        return until
    }

    public func succeeded(_ name: String) {
        release(name)
        failures[name] = nil
    }

    /// Forgets failures older than the window and locks that have ended, so names tried
    /// once and never again do not stay in memory.
    private func prune(_ now: Date) {
        failures = failures.filter { $0.value.contains { now.timeIntervalSince($0) < window } }
        lockedUntil = lockedUntil.filter { $0.value > now }
        refusalJournaled = refusalJournaled.filter { lockedUntil[$0] != nil }
    }
}
