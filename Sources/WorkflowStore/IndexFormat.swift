import Foundation

/// Which generation of index entries a store's index holds.
///
/// The coordinator decides what an instance is indexed by (`IndexEntries`); when a new
/// release adds a kind, instances committed before it lack that kind's entries, and the
/// index would then be *missing* entries, which readers may not assume away (see
/// `InstanceStore`, "Data"). So the coordinator records the generation it wrote the whole
/// index with, and a reader uses a kind only when the recorded generation includes it;
/// otherwise it reads every snapshot, as it did before. `agency reindex` rebuilds the
/// index and records the current generation.
///
/// A file store keeps the number in `environment/index-format` (one line), beside the
/// calendar version the instances were re-planned for: both say what the derived data was
/// last made with. A store without the file was indexed by a release before generations
/// were counted: generation 1.
extension StoreLayout {
    /// `environment/index-format`: the generation of the index (one decimal line).
    public var indexFormatFile: String { environmentDirectory + "/index-format" }
}

extension FileStore {
    /// The recorded index generation, nil when none was recorded (a store made before
    /// generations were counted). Unreadable contents count as none.
    public func indexFormat() throws(StoreError) -> Int? {
        guard let bytes = try fileSystem.readFileIfPresent(layout.indexFormatFile) else { return nil }
        let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return Int(text).flatMap { $0 >= 1 ? $0 : nil }
    }

    /// Records the index generation durably; nil forgets it (before a rebuild, so that
    /// readers fall back to reading snapshots while the index is incomplete).
    public func setIndexFormat(_ format: Int?) throws(StoreError) {
        guard let format else {
            if try fileSystem.readFileIfPresent(layout.indexFormatFile) != nil {
                try fileSystem.unlink(layout.indexFormatFile)
            }
            return
        }
        if try fileSystem.ensureDirectory(layout.environmentDirectory) { try fileSystem.syncDirectory(layout.root) }
        try writer.replace(layout.indexFormatFile, with: Array("\(format)\n".utf8))
    }
}
