import Foundation
import WorkflowStore

/// The disk floor a durable event is compared with: one fsynced append of a journal
/// record plus one durable replace (temporary file, write, fsync, rename, directory
/// fsync) of a file the size of a snapshot. No engine, no locking, no encoding: the
/// least any crash-safe store must pay per event on this disk.
public struct DiskFloor {
    let writer = DurableWriter(fileSystem: POSIXFileSystem())
    let journalPath: String
    let snapshotPath: String
    let record: [UInt8]
    let snapshot: [UInt8]

    /// Prepares the two files in `folder` with contents of the given sizes.
    public init(folder: String, recordBytes: Int, snapshotBytes: Int) throws {
        journalPath = folder + "/floor.jsonl"
        snapshotPath = folder + "/floor.json"
        record = Array(repeating: UInt8(ascii: "x"), count: max(1, recordBytes - 1)) + [UInt8(ascii: "\n")]
        snapshot = Array(repeating: UInt8(ascii: "y"), count: snapshotBytes)
        try writer.createNew(journalPath, with: record)
        try writer.replace(snapshotPath, with: snapshot)
    }

    /// One append and one replace.
    public func run() throws {
        try writer.append(journalPath, record)
        try writer.replace(snapshotPath, with: snapshot)
    }

    /// The sizes of one user action's journal record and the snapshot it writes in the
    /// reference flow, measured on a throwaway store in `folder` (averaged over the three
    /// actions of a run).
    public static func referenceSizes(folder: String) throws -> (record: Int, snapshot: Int) {
        let flow = try ReferenceFlow(storePath: folder + "/sizes", fileSystem: NoSyncFileSystem())
        let layout = StoreLayout(root: flow.storePath)
        try flow.start("sizes")
        var journal = fileSize(layout.journalFile("sizes"))
        var records = 0
        var snapshots = 0
        for step in ReferenceFlow.actions.indices {
            try flow.act("sizes", step: step)
            let now = fileSize(layout.journalFile("sizes"))
            records += now - journal
            journal = now
            snapshots += fileSize(layout.snapshotFile("sizes"))
        }
        let count = ReferenceFlow.actions.count
        return (records / count, snapshots / count)
    }

    static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }
}
