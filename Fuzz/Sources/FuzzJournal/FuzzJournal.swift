import AgencyJSON
import Foundation
import FuzzSupport
import WorkflowStore

/// Any bytes as an instance's journal: reading and verifying must report problems as
/// typed errors or a report, never crash, hang, or change the file; a journal that reads
/// back cleanly must also verify without chain problems.
nonisolated(unsafe) private var store: FileStore?
private let id = "fuzz-1"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJournalOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    if store == nil {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-journal-\(getpid())").path
        try? FileManager.default.removeItem(atPath: root)
        store = try? FileStore.create(at: root)
    }
    guard let store else { fuzzFailure("cannot create the store") }
    let path = store.layout.journalFile(id)
    guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { fuzzFailure("cannot write") }
    var readCleanly = false
    do {
        _ = try store.readJournal(id)
        readCleanly = true
    } catch {
        // A typed StoreError: the damage was reported.
    }
    do {
        let report = try store.verify(id)
        if readCleanly && !bytes.isEmpty,
           report.problems.contains(where: { [.hashMismatch, .prevMismatch, .seqMismatch].contains($0.kind) }) {
            fuzzFailure("readJournal accepted a chain that verify rejects")
        }
    } catch {
        // A typed StoreError: the damage was reported.
    }
    guard FileManager.default.contents(atPath: path) == Data(bytes) else { fuzzFailure("the file was changed") }
    return 0
}

@_cdecl("FuzzJournal_main")
public func fuzzJournalMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzJournalOne)
}
