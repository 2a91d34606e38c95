import AgencyJSON

/// What a failed commit has to take back, in reverse order of doing it.
struct CommitUndo {
    let store: FileStore
    let id: String
    /// The snapshot's bytes before the commit; nil if there was none.
    let previousSnapshot: [UInt8]?
    /// The journal's length before the append; nil if nothing was appended.
    var journalSize: Int64?
    var journalCreated = false
    var outboxFiles: [String] = []
    var notificationFiles: [String] = []

    init(store: FileStore, id: String, previousSnapshot: [UInt8]?) {
        self.store = store
        self.id = id
        self.previousSnapshot = previousSnapshot
    }

    /// Undoes what was done and says in what state the instance is. Each step runs only
    /// if the one before succeeded, so the files never end in a state no crash could
    /// produce (e.g. a new snapshot over a journal cut back).
    func run(snapshotReplaced: Bool) -> String {
        let fs = store.fileSystem
        let layout = store.layout
        if snapshotReplaced {
            do {
                if let previousSnapshot {
                    try store.writer.replace(layout.snapshotFile(id), with: previousSnapshot)
                } else {
                    try fs.unlink(layout.snapshotFile(id))
                    try fs.syncDirectory(layout.instancesDirectory)
                }
            } catch {
                return "The new snapshot may already be in place and could not be taken back "
                    + "(\(error)); run `agency verify \(id)`."
            }
        }
        // Messages and notifications go before the records they belong to: were they
        // left while the journal is cut back, the next commit would reuse the seq and
        // find its keys taken by an event that never happened. Left with the records
        // still in the journal, they are what a crash before the snapshot leaves, and the
        // roll-forward writes the same ones again.
        let ahead = "The new records stay in the journal ahead of the snapshot"
        let rollsForward = "the next command on \(id) rolls them forward."
        do {
            for file in notificationFiles + outboxFiles {
                do {
                    try fs.unlink(file)
                } catch let error {
                    if !error.isNotFound { throw error }
                }
            }
            if !outboxFiles.isEmpty { try fs.syncDirectory(layout.outboxDirectory) }
        } catch {
            return "\(ahead), with their messages and notifications (\(error)); \(rollsForward)"
        }
        if let journalSize {
            do {
                if journalCreated {
                    try fs.unlink(layout.journalFile(id))
                    try fs.syncDirectory(layout.journalDirectory)
                } else {
                    try store.writer.truncate(layout.journalFile(id), to: journalSize)
                }
            } catch {
                return "\(ahead) (\(error)); \(rollsForward)"
            }
        }
        return "Nothing was changed."
    }
}
