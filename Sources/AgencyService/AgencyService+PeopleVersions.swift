import AgencyJSON
import Foundation
import WorkflowEngine
import WorkflowStore

/// Which people directory a decision was made with. Like the calendar, the directory is
/// part of every decision (who holds 主任, who an item goes to, who may approve): each
/// journal record names the directory version in force (`"people": sha`), the store keeps
/// every version, and replay resolves people with the version the record names. Moving a
/// role from one person to another therefore changes who gets new work, never what an
/// earlier record proves.
///
/// Every new version is itself recorded in the store journal (`StoreJournal`): by
/// `agency people apply` with the administrator who applied it and the difference, or, when
/// someone edited people.json by hand, by the first command that ran with it, which names
/// its login and says the change was found, not applied.
extension AgencyService {
    /// The sha of the current directory's canonical document.
    public func currentPeopleVersion() throws -> String {
        if let cached = peopleVersionCache { return cached.sha }
        let sha = JournalHash.sha256(try engine.people.json.canonicalBytes())
        peopleVersionCache = (sha, false)
        return sha
    }

    /// Saves the current directory in the store, once per process, before the first record
    /// that names it is committed; a version the store did not hold yet is recorded in the
    /// store journal as found in people.json, at `at` (the first record's time).
    func saveCurrentPeopleVersion(at: String?) throws {
        let sha = try currentPeopleVersion()
        guard peopleVersionCache?.saved != true else { return }
        // Recorded unless the store journal's last version is this one (a directory edited
        // back to an older version is a change too).
        try recordPeopleVersion(actor: login ?? "system", at: at ?? timestamps.format(Date()), source: "people.json")
        peopleVersionCache = (sha, true)
    }

    /// Records the current directory as a new version in the store journal: saves the
    /// document, then appends `{kind: "people", details: {version, previous, source,
    /// changes}}`. Nothing is recorded when the store journal's last version is this one.
    /// Returns the difference from the previous version (everyone joins for the first).
    @discardableResult
    public func recordPeopleVersion(actor: String, at: String, source: String) throws -> PeopleChange {
        let sha = try currentPeopleVersion()
        // Under the store lock, so two processes that find the same new version record it once.
        return try guarded { try store.withStoreLock {
            let previousSHA = try lastRecordedPeopleVersion()
            if previousSHA == nil, (try? store.loadEnvironmentVersion(.people, sha: sha)) != nil {
                // The store holds this version, so a record of it was written once: the store
                // journal lost its records. Starting it again would hide that.
                throw ServiceError.integrity("the store journal (environment/journal.jsonl) has no record of the "
                    + "people directory, yet the store holds version \(sha.prefix(12)) that earlier records were "
                    + "decided with: the store journal was deleted or cut. Restore it from a backup; nothing was written")
            }
            let previous = try previousSHA.map { try storedPeople($0) } ?? PeopleDirectory(people: [])
            let change = PeopleChange(from: previous, to: engine.people)
            if previousSHA == sha { return change }
            try store.saveEnvironmentVersion(.people, try engine.people.json.canonicalBytes())
            var details: [String: JSONValue] = ["version": .string(sha), "source": .string(source),
                                                "changes": change.json]
            details["previous"] = previousSHA.map { .string($0) } ?? .null
            var draft: [String: JSONValue] = ["at": .string(at), "actor": .string(actor), "kind": "people",
                                              "details": .object(details)]
            if let login { draft["login"] = .string(login) }
            if let channel { draft["channel"] = .string(channel) }
            try store.appendStoreRecord(.object(draft))
            peopleVersionCache = (sha, true)
            return change
        } }
    }

    /// The version named by the store journal's last people record, if any.
    public func lastRecordedPeopleVersion() throws -> String? {
        try guarded {
            try store.readStoreJournal().last { $0["kind"]?.stringValue == "people" }?["details"]?["version"]?.stringValue
        }
    }

    /// The store journal, for `agency log --store-journal` and verify.
    public func storeJournal() throws -> [JSONValue] { try guarded { try store.readStoreJournal() } }

    /// A stored directory version.
    func storedPeople(_ sha: String) throws -> PeopleDirectory {
        let bytes = try store.loadEnvironmentVersion(.people, sha: sha)
        return try PeopleDirectory.load(json: try JSONValue.parse(bytes), source: "environment/people/\(sha).json")
    }
}
