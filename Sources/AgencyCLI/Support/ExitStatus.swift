import ArgumentParser

/// The documented exit codes (Docs/cli.md). Scripts and cron jobs branch on them, so a
/// code never changes meaning.
enum ExitStatus {
    /// Bad workflow, bad JSON, bad data, failed checks or tests.
    static let invalidInput = ExitCode(1)
    /// An instance, workflow, file or person that does not exist.
    static let notFound = ExitCode(2)
    /// The actor may not do this (not assigned, not an admin, guard refused).
    static let notPermitted = ExitCode(3)
    /// Another process holds the lock past the timeout, or the instance changed meanwhile.
    static let busy = ExitCode(4)
    /// A journal chain, snapshot head or replay does not verify.
    static let integrity = ExitCode(5)
    /// A file could not be read or written: a full disk, a read-only file system,
    /// permission denied, an I/O error. The store is left as it was.
    static let io = ExitCode(6)
    /// A command line agency does not understand (ArgumentParser's EX_USAGE).
    static let usage = ExitCode(64)
    /// A bug in FullAgency.
    static let internalError = ExitCode(70)
}
