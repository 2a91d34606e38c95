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
                "instance busy-1 is busy: another agency process holds its lock (waited 0.") == true)
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
}
