import AgencyJSON
import Foundation
import FuzzSupport
import WorkflowEngine
import WorkflowStore

/// Any bytes as an instance's snapshot file: loading must either succeed with an instance
/// that re-encodes, or fail with a typed store error; it must never crash, hang, or
/// change the file.
nonisolated(unsafe) private var store: FileStore?
private let id = "fuzz-1"

private func prepare() -> FileStore? {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-snapshot-\(getpid())").path
    try? FileManager.default.removeItem(atPath: root)
    guard let store = try? FileStore.create(at: root) else { return nil }
    // A one-record journal whose head the snapshots claim, so loading reaches the decoder.
    let record: JSONValue = ["at": "2025-01-06T09:00:00+08:00", "actor": "fuzz", "kind": "start", "details": [:]]
    let snapshot: JSONValue = ["id": .string(id)]
    _ = try? store.withInstanceLock(id) { try store.commit(id, records: [record], snapshot: snapshot, create: true) }
    return store
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSnapshotOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    if store == nil { store = prepare() }
    guard let store else { fuzzFailure("cannot create the store") }
    let path = store.layout.snapshotFile(id)
    guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { fuzzFailure("cannot write") }
    do {
        if let loaded = try store.loadInstance(id), let snapshot = loaded.snapshot,
           case .object(var fields) = snapshot {
            fields["head"] = nil
            fields["indexed"] = nil
            if let instance = try? JSONValue.object(fields).decode(Instance.self) {
                guard (try? JSONValue(encoding: instance)) != nil else { fuzzFailure("instance did not re-encode") }
            }
        }
    } catch {
        // A typed StoreError (the function throws nothing else): refused, as it should be.
    }
    guard FileManager.default.contents(atPath: path) == Data(bytes) else { fuzzFailure("the file was changed") }
    return 0
}

@_cdecl("FuzzSnapshot_main")
public func fuzzSnapshotMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzSnapshotOne)
}
