import AgencyJSON
import Foundation
import Testing
@testable import WorkflowStore

@Suite("Instance and store locks", .serialized)
struct LockTests {
    @Test func secondHolderWaitsThenIsBusy() throws {
        try withStore { first in
            let second = try FileStore.open(at: first.layout.root)
            let holding = DispatchSemaphore(value: 0)
            let release = DispatchSemaphore(value: 0)
            let outcome = Locked<(error: StoreError?, waited: Double)>((nil, 0))
            runThreads(2) { index in
                if index == 0 {
                    try? first.withInstanceLock("busy-1") {
                        holding.signal()
                        release.wait()
                    }
                } else {
                    holding.wait()
                    let start = Date()
                    let error = storeError { try second.withInstanceLock("busy-1", timeout: 0.3) {} }
                    outcome.withValue { $0 = (error, Date().timeIntervalSince(start)) }
                    release.signal()
                }
            }
            let (error, waited) = outcome.withValue { $0 }
            guard case .busy(let id, let reported) = error else {
                Issue.record("expected busy, got \(String(describing: error))")
                return
            }
            #expect(id == "busy-1")
            #expect(reported >= 0.3 && waited >= 0.3 && waited < 2)
            #expect(error?.description.hasPrefix(
                "instance busy-1 is busy: another agency process (or node, on a shared database) holds its lock (waited 0.") == true)
            // Free again once released.
            try second.withInstanceLock("busy-1", timeout: 0) {}
        }
    }

    @Test func lockIsReentrantAndRequiredForCommit() throws {
        try withStore { store in
            try makeInstance(store, "re-1", records: 1)
            try store.withInstanceLock("re-1") {
                try store.withInstanceLock("re-1", timeout: 0) {
                    #expect(store.holdsInstanceLock("re-1"))
                }
            }
            #expect(!store.holdsInstanceLock("re-1"))
            #expect(storeError {
                try store.commit("re-1", records: [draft()], snapshot: snapshot("re-1", count: 2))
            } == .notLocked(id: "re-1"))
        }
    }

    @Test func storeLockIsSeparateFromInstanceLocks() throws {
        try withStore { store in
            let other = try FileStore.open(at: store.layout.root)
            try store.withStoreLock {
                let results = Locked<[StoreError?]>([])
                runThreads(1) { _ in
                    // An instance lock is still free, even for an id named "store"...
                    let instance = storeError { try other.withInstanceLock("store", timeout: 0) {} }
                    // ...but the store lock is not.
                    let whole = storeError { try other.withStoreLock(timeout: 0.05) {} }
                    results.withValue { $0 = [instance, whole] }
                }
                let found = results.withValue { $0 }
                #expect(found.first == .some(nil))
                guard case .storeBusy = found.last ?? nil else {
                    Issue.record("expected storeBusy, got \(found)")
                    return
                }
            }
            try other.withStoreLock(timeout: 0) {}
        }
    }

    @Test func lockOfAKilledProcessIsFreeAtOnce() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/flock") else { return }
        try withStore { store in
            let id = "killed-1"
            let lockFile = store.layout.lockFile(id)
            // One process that holds the lock itself: the shell opens the file as fd 9,
            // flock(1) locks that shared open file, and the shell execs sleep, keeping fd 9.
            let child = Process()
            child.executableURL = URL(fileURLWithPath: "/bin/sh")
            child.arguments = ["-c", "exec 9>>\"$0\"; /usr/bin/flock 9; echo locked; exec sleep 30", lockFile]
            let output = Pipe()
            child.standardOutput = output
            try child.run()
            defer { if child.isRunning { kill(child.processIdentifier, SIGKILL) } }
            let line = output.fileHandleForReading.availableData
            #expect(String(decoding: line, as: UTF8.self).hasPrefix("locked"))
            guard case .busy = storeError({ try store.withInstanceLock(id, timeout: 0.05) {} }) else {
                Issue.record("the child should hold the lock")
                return
            }
            kill(child.processIdentifier, SIGKILL)
            child.waitUntilExit()
            let start = Date()
            try store.withInstanceLock(id, timeout: 5) {}
            #expect(Date().timeIntervalSince(start) < 0.1)
        }
    }

    @Test("a lock file lives only while its instance exists: no residue for ids that have none")
    func lockFilesOfAbsentInstancesAreRemoved() throws {
        struct Refused: Error {}
        try withStore { store in
            let ghost = store.layout.lockFile("ghost-1")
            try store.withInstanceLock("ghost-1") {
                #expect(FileManager.default.fileExists(atPath: ghost))
            }
            #expect(!FileManager.default.fileExists(atPath: ghost))
            #expect(throws: Refused.self) { try store.withInstanceLock("ghost-1") { () throws -> Void in throw Refused() } }
            #expect(!FileManager.default.fileExists(atPath: ghost))
            // A start that fails before its journal is written leaves nothing either.
            #expect(throws: Refused.self) {
                try store.withInstanceLock("ghost-1") { () throws -> Void in
                    _ = try store.loadInstance("ghost-1")
                    throw Refused()
                }
            }
            #expect(!FileManager.default.fileExists(atPath: ghost))
            // An instance keeps its lock file; so does the store lock.
            try makeInstance(store, "real-1", records: 2)
            #expect(FileManager.default.fileExists(atPath: store.layout.lockFile("real-1")))
            try store.withInstanceLock("real-1") {}
            #expect(FileManager.default.fileExists(atPath: store.layout.lockFile("real-1")))
            try store.withStoreLock {}
            #expect(FileManager.default.fileExists(atPath: store.layout.storeLockFile))
            #expect(allFiles(under: store.layout.root + "/locks") == [".store.lock", "real-1.lock"])
        }
    }

    @Test("a lock file removed by its holder while others wait on it still excludes: one body at a time")
    func removingALockFileUnderItsLockKeepsMutualExclusion() throws {
        try withStore { store in
            let inside = Locked(0)
            let most = Locked(0)
            let runs = Locked(0)
            let failures = Locked<[String]>([])
            runThreads(8) { thread in
                // Each thread its own FileStore, as separate processes would have.
                guard let mine = try? FileStore.open(at: store.layout.root) else { return }
                for n in 0..<40 {
                    do {
                        // The instance never exists, so every holder removes the lock file
                        // on its way out while the others wait on it.
                        try mine.withInstanceLock("flicker", timeout: 60) {
                            let now = inside.withValue { value -> Int in
                                value += 1
                                return value
                            }
                            most.withValue { $0 = max($0, now) }
                            usleep(UInt32(50 + (thread * 7 + n) % 5 * 40))
                            inside.withValue { $0 -= 1 }
                            runs.withValue { $0 += 1 }
                        }
                    } catch {
                        failures.withValue { $0.append("\(thread)/\(n): \(error)") }
                    }
                }
            }
            #expect(failures.withValue { $0 } == [])
            #expect(runs.withValue { $0 } == 320)
            #expect(most.withValue { $0 } == 1, "two holders ran at once")
            #expect(!FileManager.default.fileExists(atPath: store.layout.lockFile("flicker")))
        }
    }
}
