/// Everything that can go wrong in the store.
///
/// Messages are written for the person at the terminal: they say what went wrong,
/// where (file, instance, line, seq) and, where there is one, what to do. `category`
/// groups the cases for the CLI's exit codes.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A system call failed. `operation` is the call ("open", "fsync", "rename"…),
    /// `path` the file (for rename: "from -> to"), `errno` the raw error number.
    case io(operation: String, path: String, errno: Int32)

    /// A symbolic link was found where the store expects a real file or directory.
    /// Links are refused, never followed: one could redirect a write outside the store.
    case symlink(path: String)

    /// Something other than the expected kind of file sits at `path`.
    case unexpectedFile(path: String, expected: String)

    /// An instance id, definition name, index kind or key breaks its naming rule.
    /// `what` is "instance id", "definition name"…; `rule` states the rule.
    case invalidName(what: String, value: String, rule: String)

    /// The directory is not a usable store: store.json is missing or unreadable.
    case notAStore(path: String, problem: String)

    /// store.json declares a format newer than this build understands.
    case newerFormat(path: String, format: Int)

    /// store.json (or the configuration passed to `create`) is invalid.
    case badConfig(path: String, problem: String)

    /// `create` was pointed at a directory that already holds something.
    case storeNotEmpty(path: String, entry: String)

    /// Another process (or thread) held the instance's lock for the whole timeout.
    case busy(id: String, waitedSeconds: Double)

    /// Another process held the store-wide lock for the whole timeout.
    case storeBusy(waitedSeconds: Double)

    /// A mutating call was made without holding the instance's lock through
    /// `withInstanceLock`; a programming error in the caller.
    case notLocked(id: String)

    /// `commit(create: true)` for an id that already has a snapshot or journal.
    case instanceExists(id: String)

    /// No snapshot and no journal for this id.
    case noSuchInstance(id: String)

    /// The instance changed since the caller loaded it (`expectedHead` did not match).
    case conflict(id: String, expected: JournalHead?, found: JournalHead?)

    /// The snapshot file is unreadable as a snapshot: truncated, not JSON, a BOM,
    /// duplicate keys, missing `id`/`head`, or an id that is not its file name's.
    /// The file is left exactly as found.
    case corruptSnapshot(id: String, path: String, problem: String)

    /// The journal's last line is incomplete (no newline) or not JSON: a write was cut
    /// short. `repair` moves it aside.
    case tornJournal(id: String, path: String, line: Int, problem: String)

    /// A journal line before the last is unreadable, or the chain is broken
    /// (`seq` is the first bad record's expected seq).
    case corruptJournal(id: String, path: String, line: Int, seq: Int, problem: String)

    /// Snapshot and journal disagree in a way no crash can explain.
    case integrity(id: String, problem: String)

    /// A record draft passed to `commit` is unusable (`index` is 0-based).
    case invalidRecord(id: String, index: Int, problem: String)

    /// The snapshot passed to `commit` is unusable.
    case invalidSnapshot(id: String, problem: String)

    /// A value could not be encoded as JSON (a non-finite number).
    case encoding(what: String, problem: String)

    /// No stored definition with this name and hash.
    case definitionNotFound(name: String, sha: String)
    /// A journal record names a version of the decision environment (a calendar, a
    /// people directory) the store does not hold.
    case environmentVersionNotFound(kind: EnvironmentKind, sha: String)
    /// A stored environment version no longer matches its hash. The file at `path` is
    /// evidence: it is never rewritten.
    case environmentVersionTampered(kind: EnvironmentKind, sha: String, actual: String, path: String)

    /// A stored definition's content no longer hashes to its file name. The file at
    /// `path` is evidence: it is never rewritten.
    case definitionTampered(name: String, sha: String, actual: String, path: String)

    /// A signed store's private key (`path`) cannot be used to sign: unreadable (`errno`),
    /// missing, not an Ed25519 key, or not the key of store.json's `publicKey`.
    case signingKey(path: String, errno: Int32? = nil, problem: String)

    /// `repair` found damage it must not touch.
    case repairRefused(id: String, reason: String)

    /// A database store (`PostgresStore`) could not do `operation` at `location` (a
    /// `postgres://` URL without its password): the server refused the connection, the
    /// login failed, the connection broke, or the schema is missing or newer than this
    /// build. `problem` says which and what to check.
    case database(location: String, operation: String, problem: String)

    /// A commit failed at `step`; `cause` is the underlying error and `outcome` says
    /// what state the instance was left in (normally: exactly as before).
    indirect case commitFailed(id: String, step: String, cause: StoreError, outcome: String)

    /// Broad groups for exit codes and retry decisions.
    public enum Category: Sendable, Hashable {
        /// The disk or the operating system failed.
        case io
        /// Bad input: an id, a name, a draft, a configuration.
        case invalidInput
        /// The thing asked for does not exist.
        case notFound
        /// Busy, exists already, changed meanwhile, or a lock not held.
        case conflict
        /// Tampering, corruption or disagreement between snapshot and journal.
        case integrity
        /// The store directory itself is missing, too new or misconfigured.
        case store
    }

    public var category: Category {
        switch self {
        case .io, .encoding, .database: return .io
        case .symlink, .unexpectedFile, .corruptSnapshot, .tornJournal, .corruptJournal,
             .integrity, .definitionTampered, .environmentVersionTampered, .environmentVersionNotFound, .repairRefused:
            return .integrity
        case .invalidName, .invalidRecord, .invalidSnapshot: return .invalidInput
        case .notAStore, .newerFormat, .badConfig, .storeNotEmpty: return .store
        case .busy, .storeBusy, .notLocked, .instanceExists, .conflict: return .conflict
        case .noSuchInstance, .definitionNotFound: return .notFound
        case .commitFailed(_, _, let cause, _): return cause.category
        case .signingKey(_, let code, _): return code == nil ? .integrity : .io
        }
    }

    /// The errno of an I/O failure, looking through `commitFailed`; nil otherwise.
    public var errno: Int32? {
        switch self {
        case .io(_, _, let code): return code
        case .signingKey(_, let code, _): return code
        case .commitFailed(_, _, let cause, _): return cause.errno
        default: return nil
        }
    }
}
