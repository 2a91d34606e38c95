import AgencyJSON
import Foundation
import WorkflowStore

/// A fresh directory under the system temporary directory, removed by `cleanUp()`.
struct TemporaryDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("agency-store-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func cleanUp() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Runs `body` with a new store in a temporary directory that is removed afterwards.
/// With `signingKeySeed`, the store signs its journals (its key in `keys/journal.key`).
func withStore<T>(fileSystem: any FileSystem = POSIXFileSystem(),
                  config: StoreConfig = StoreConfig(), signingKeySeed: [UInt8]? = nil,
                  _ body: (FileStore) throws -> T) throws -> T {
    let directory = try TemporaryDirectory()
    defer { directory.cleanUp() }
    let store = try FileStore.create(at: directory.path + "/store", config: config,
                                     signingKeySeed: signingKeySeed, fileSystem: fileSystem)
    return try body(store)
}

/// A record draft as the engine would pass it.
func draft(_ kind: String = "event", actor: String = "zhangsan", at: String = "2025-01-06T09:00:00+08:00",
           details: JSONValue = [:]) -> JSONValue {
    ["at": .string(at), "actor": .string(actor), "kind": .string(kind), "details": details]
}

/// A snapshot as the engine would pass it.
func snapshot(_ id: String, count: Int, status: String = "running") -> JSONValue {
    ["id": .string(id), "status": .string(status), "data": ["count": .integer(Int64(count))]]
}

/// The snapshot a replay of `records` would produce for the test "engine": it counts
/// the records. Matches what `makeInstance` commits.
func replaySnapshot(_ id: String, _ records: [JSONValue]) -> JSONValue {
    snapshot(id, count: records.count)
}

/// Creates instance `id` with `count` records, one commit each.
@discardableResult
func makeInstance(_ store: FileStore, _ id: String, records count: Int,
                  index: (Int) -> IndexEntries = { _ in [] }) throws -> JournalHead? {
    var head: JournalHead?
    guard count > 0 else { return nil }
    for n in 1...count {
        head = try store.withInstanceLock(id) {
            try store.commit(id, records: [draft(details: ["n": .integer(Int64(n))])],
                             snapshot: snapshot(id, count: n), index: index(n), create: n == 1)
        }
    }
    return head
}

/// The bytes of a file, or nil when absent.
func contents(_ path: String) -> [UInt8]? {
    FileManager.default.contents(atPath: path).map { Array($0) }
}

func write(_ bytes: [UInt8], to path: String) throws {
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}

/// The lines of a journal file, each with its newline.
func journalLines(_ path: String) -> [[UInt8]] {
    guard let bytes = contents(path) else { return [] }
    var lines: [[UInt8]] = []
    var current: [UInt8] = []
    for byte in bytes {
        current.append(byte)
        if byte == UInt8(ascii: "\n") {
            lines.append(current)
            current = []
        }
    }
    if !current.isEmpty { lines.append(current) }
    return lines
}

/// The `StoreError` thrown by `body`, or nil.
func storeError(_ body: () throws -> Void) -> StoreError? {
    do {
        try body()
        return nil
    } catch let error as StoreError {
        return error
    } catch {
        return nil
    }
}

/// Every file name under `path`, recursively, relative to it.
func allFiles(under path: String) -> [String] {
    guard let enumerator = FileManager.default.enumerator(atPath: path) else { return [] }
    return enumerator.compactMap { $0 as? String }.sorted()
}

/// A thread-safe box for collecting results from threads.
final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()

    init(_ value: Value) { self.value = value }

    func withValue<T>(_ body: (inout Value) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}

/// Runs `count` real threads (not the cooperative pool: they block on locks and sleep)
/// and waits for all of them.
func runThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let group = DispatchGroup()
    for index in 0..<count {
        group.enter()
        let thread = Thread {
            body(index)
            group.leave()
        }
        thread.start()
    }
    group.wait()
}
