import AgencyService
import Foundation
import WorkflowStore

extension TestSession {
    /// After a test passes, every instance it made is replayed from its journal by a fresh
    /// service in a fresh Lua state, as `agency verify` in another process would. A replay
    /// that differs means a hook depends on something the journal does not hold; the test
    /// fails naming the instance and the first difference. Nil when every replay matches.
    func replayInFreshProcess() throws -> String? {
        let store = try FileStore.open(at: storePath, fileSystem: POSIXFileSystem(fsync: false))
        let fresh = try AgencyService(store: store, workflowsFolder: setup.workflowsFolder,
                                      people: setup.people, calendar: setup.calendar)
        for id in try store.instanceIDs() {
            let report = try fresh.verify(id)
            guard report.isOK else {
                let problems = report.problems.map(\.description).joined(separator: "; ")
                return "replaying \(id) in a fresh Lua state gives another result (\(problems)): a hook depends "
                    + "on something its journal does not hold; see Docs/lua-runtime.md, \"Determinism\""
            }
        }
        return nil
    }
}
