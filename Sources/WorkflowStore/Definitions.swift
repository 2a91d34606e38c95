import Foundation

/// One stored version of a workflow definition.
public struct DefinitionVersion: Sendable, Hashable {
    /// Hex SHA-256 of the source bytes; also the file name.
    public let sha: String
    /// When the file was written (its modification time).
    public let savedAt: Date
}

extension FileStore {
    /// Stores a workflow's Lua source as `definitions/<name>/<sha256>.lua` and returns
    /// the sha. Idempotent: saving the same source again writes nothing. Durable.
    ///
    /// A stored file that no longer hashes to its name was changed after it was saved:
    /// that is evidence, so it is never rewritten, not even with the right content;
    /// `definitionTampered` is thrown instead and the file stays exactly as found.
    ///
    /// Versions are never removed: an instance keeps running on the version it started
    /// with, so every version an instance ran on must stay loadable.
    @discardableResult
    public func saveDefinition(_ name: String, source: [UInt8]) throws(StoreError) -> String {
        try NameRules.checkDefinitionName(name)
        let sha = JournalHash.sha256(source)
        let path = layout.definitionFile(name, sha: sha)
        if let existing = try fileSystem.readFileIfPresent(path) {
            let actual = JournalHash.sha256(existing)
            guard actual == sha else { throw .definitionTampered(name: name, sha: sha, actual: actual, path: path) }
            return sha
        }
        if try fileSystem.ensureDirectory(layout.definitionDirectory(name)) {
            try fileSystem.syncDirectory(layout.definitionsDirectory)
        }
        try writer.replace(path, with: source)
        return sha
    }

    /// `saveDefinition` for source text (hashed as its UTF-8 bytes).
    @discardableResult
    public func saveDefinition(_ name: String, source: String) throws(StoreError) -> String {
        try saveDefinition(name, source: Array(source.utf8))
    }

    /// The source of version `sha` of workflow `name`, checked against its hash:
    /// `definitionTampered` if the file was changed, `definitionNotFound` if absent.
    public func loadDefinition(_ name: String, sha: String) throws(StoreError) -> String {
        try NameRules.checkDefinitionName(name)
        try NameRules.checkSHA(sha)
        let path = layout.definitionFile(name, sha: sha)
        guard let bytes = try fileSystem.readFileIfPresent(path) else {
            throw .definitionNotFound(name: name, sha: sha)
        }
        let actual = JournalHash.sha256(bytes)
        guard actual == sha else { throw .definitionTampered(name: name, sha: sha, actual: actual, path: path) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The stored versions of workflow `name`, oldest first (ties by sha); empty when
    /// none.
    public func versions(_ name: String) throws(StoreError) -> [DefinitionVersion] {
        try NameRules.checkDefinitionName(name)
        let directory = layout.definitionDirectory(name)
        var versions: [DefinitionVersion] = []
        for file in try listIfPresent(directory) where file.hasSuffix(".lua") {
            let sha = String(file.dropLast(4))
            guard JournalHash.isHex(sha),
                  let info = try fileSystem.status(directory + "/" + file), info.kind == .regular
            else { continue }
            versions.append(DefinitionVersion(sha: sha, savedAt: info.modified))
        }
        return versions.sorted { ($0.savedAt, $0.sha) < ($1.savedAt, $1.sha) }
    }

    /// The names of the workflows with stored versions, sorted.
    public func definitionNames() throws(StoreError) -> [String] {
        try listIfPresent(layout.definitionsDirectory)
            .filter { (try? NameRules.checkDefinitionName($0)) != nil }
            .sorted(by: byteOrder)
    }
}
