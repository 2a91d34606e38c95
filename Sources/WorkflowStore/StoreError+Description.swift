import Foundation

extension StoreError {
    public var description: String {
        switch self {
        case .io(let operation, let path, let code):
            return "could not \(operation) \(path): \(Self.describe(errno: code))"
        case .database(let location, let operation, let problem):
            return "could not \(operation) in the PostgreSQL database \(location): \(problem)"
        case .symlink(let path):
            return "\(path) is a symbolic link; the store never follows links inside "
                + "itself. Replace the link with the real file."
        case .unexpectedFile(let path, let expected):
            return "\(path) should be \(expected) but is something else; move it away."
        case .invalidName(let what, let value, let rule):
            return "invalid \(what) \"\(value)\": \(rule)"
        case .notAStore(let path, let problem):
            return "\(path): \(problem). Create a store with `agency init` or point "
                + "--store / AGENCY_STORE at an existing one."
        case .newerFormat(_, let format):
            return "this store was written by a newer FullAgency (format \(format)); "
                + "upgrade agency"
        case .signingKey(let path, _, let problem):
            return "this store signs its journal, but its signing key \(path) cannot be used: \(problem). "
                + "Nothing was recorded."
        case .badConfig(let path, let problem):
            // A PostgreSQL URL is given on the command line or in store.json's "database".
            if path.hasPrefix("postgres") {
                return "\(path): \(problem). Fix the URL (Docs/storage.md, \"PostgreSQL\"): on the command line, "
                    + "or in store.json's \"database\"."
            }
            return "\(path): \(problem). Fix the file (see Docs/storage.md) or recreate "
                + "the store with `agency init`."
        case .storeNotEmpty(let path, let entry):
            return "\(path) is not empty (it holds \(entry)); `agency init` only creates "
                + "a store in a new or empty directory."
        case .busy(let id, let waited):
            return "instance \(id) is busy: another agency process (or node, on a shared database) holds its "
                + "lock (waited \(Self.seconds(waited)) s)"
        case .storeBusy(let waited):
            return "the store is busy: another agency process (or node, on a shared database) holds the store "
                + "lock (waited \(Self.seconds(waited)) s)"
        case .notLocked(let id):
            return "internal error: instance \(id) was changed without holding its lock "
                + "(call withInstanceLock first)"
        case .instanceExists(let id):
            return "instance \(id) already exists; choose another id"
        case .noSuchInstance(let id):
            return "no instance \(id) in this store"
        case .conflict(let id, let expected, let found):
            return "instance \(id) changed meanwhile: expected journal head "
                + "\(expected?.description ?? "none"), found \(found?.description ?? "none"); load it again"
        case .corruptSnapshot(let id, let path, let problem):
            return "the snapshot of instance \(id) (\(path)) is corrupt: \(problem). It was "
                + "left untouched; `agency repair \(id)` moves it to quarantine/ and "
                + "rebuilds it from the journal."
        case .tornJournal(let id, let path, let line, let problem):
            return "the journal of instance \(id) (\(path)) ends in a torn line \(line): "
                + "\(problem). A write was cut short; `agency repair \(id)` moves the "
                + "torn line aside."
        case .corruptJournal(let id, let path, let line, let seq, let problem):
            return "the journal of instance \(id) (\(path)) is corrupt at line \(line) "
                + "(seq \(seq)): \(problem). This is not crash damage; compare with a "
                + "backup and the printed heads."
        case .integrity(let id, let problem):
            return "integrity violation in instance \(id): \(problem)"
        case .invalidRecord(let id, let index, let problem):
            return "journal record \(index + 1) for instance \(id) is invalid: \(problem)"
        case .invalidSnapshot(let id, let problem):
            return "the snapshot given for instance \(id) is invalid: \(problem)"
        case .encoding(let what, let problem):
            return "could not encode \(what) as JSON: \(problem)"
        case .definitionNotFound(let name, let sha):
            return "no stored version \(sha) of workflow \(name)"
        case .definitionTampered(let name, let sha, let actual, let path):
            return "\(path) was changed after it was stored: version \(sha) of workflow \(name) "
                + "now hashes to \(actual). The file was left exactly as found (it is evidence); "
                + "move it aside and restore it from a backup, or from Workflows/\(name).lua if that "
                + "still hashes to \(sha). Instances pinned to this version stop until then."
        case .environmentVersionNotFound(let kind, let sha):
            return "the \(kind.description) version \(sha) that a journal record names is not in the store "
                + "(environment/\(kind.rawValue)/\(sha).json); restore it from a backup"
        case .environmentVersionTampered(let kind, let sha, let actual, let path):
            return "\(path) was changed after it was stored: \(kind.description) version \(sha) now hashes "
                + "to \(actual). The file was left exactly as found (it is evidence); move it aside "
                + "and restore it from a backup."
        case .repairRefused(let id, let reason):
            return "refusing to repair instance \(id): \(reason)"
        case .commitFailed(let id, let step, let cause, let outcome):
            // A database error names its operation, which is this commit's step: say it once.
            var reason = cause.description
            if case .database(let location, _, let problem) = cause {
                reason = "\(problem) (the PostgreSQL database \(location))"
            }
            return "could not commit instance \(id) (\(step)): \(reason). " + outcome
        }
    }

    private static func seconds(_ value: Double) -> String {
        String(format: "%.1f", value)
    }
}

/// Names and texts for errno values, so messages read "No space left on device (ENOSPC)".
enum Errno {
    static func describe(_ code: Int32) -> String {
        let text = String(cString: strerror(code))
        if let name = names[code] { return "\(text) (\(name))" }
        return "\(text) (errno \(code))"
    }

    /// What to do about a failure with `code`, for the errors the person at the terminal
    /// can fix (a full disk, a read-only mount, permissions, a failing disk); nil for others.
    static func advice(_ code: Int32) -> String? {
        switch code {
        case ENOSPC: return "The disk is full: free space on it, then run the command again"
        case EDQUOT: return "The disk quota is used up: free space or raise the quota, then run the command again"
        case EROFS: return "The file system is mounted read-only: remount it read-write (or work on a "
            + "writable copy of the store), then run the command again"
        case EACCES, EPERM: return "Run agency as a user allowed to read and write it (for the store: its "
            + "owner or group), or fix the permissions (ls -l, chmod, chown), then run the command again"
        case EIO: return "The disk reported an error: check it (dmesg), then run agency verify --all"
        case EMFILE, ENFILE: return "Too many open files: raise the limit (ulimit -n), then run the command again"
        default: return nil
        }
    }

    private static let names: [Int32: String] = [
        EPERM: "EPERM", ENOENT: "ENOENT", EINTR: "EINTR", EIO: "EIO", EBADF: "EBADF",
        EAGAIN: "EAGAIN", ENOMEM: "ENOMEM", EACCES: "EACCES", EEXIST: "EEXIST",
        ENOTDIR: "ENOTDIR", EISDIR: "EISDIR", EINVAL: "EINVAL", EMFILE: "EMFILE",
        EFBIG: "EFBIG", ENOSPC: "ENOSPC", EROFS: "EROFS", ENAMETOOLONG: "ENAMETOOLONG",
        ENOTEMPTY: "ENOTEMPTY", ELOOP: "ELOOP", EDQUOT: "EDQUOT", EXDEV: "EXDEV", ENFILE: "ENFILE",
        EPIPE: "EPIPE",
    ]
}

extension StoreError {
    /// An errno as the store's messages put it, with what to do where there is something
    /// to do: "No space left on device (ENOSPC). The disk is full: free space on it, …".
    /// For messages about files outside the store (a report, standard output).
    public static func describe(errno code: Int32) -> String {
        Errno.describe(code) + (Errno.advice(code).map { ". \($0)" } ?? "")
    }

    /// Whether this is an I/O error saying the file does not exist.
    var isNotFound: Bool {
        if case .io(_, _, let code) = self { return code == ENOENT }
        return false
    }
}
