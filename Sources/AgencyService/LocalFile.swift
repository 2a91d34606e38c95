import Foundation
import WorkflowStore

/// Files beside the store that commands read: workflow files, people.json, report.json,
/// calendar files, input documents.
public enum LocalFile {
    /// The bytes of the file at `path`; nil when nothing is there. A file that is there
    /// but cannot be read (permission denied, a failing disk, a folder in its place) is a
    /// `ServiceError.io` naming it and saying what to do, not a missing file.
    public static func read(_ path: String) throws -> [UInt8]? {
        do {
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            let code = ServiceError.posixCode(error)
            if code == ENOENT || code == ENOTDIR { return nil }
            if code == nil && !FileManager.default.fileExists(atPath: path) { return nil }
            throw ServiceError.io("could not read \(path): "
                                  + (code.map { StoreError.describe(errno: $0) } ?? error.localizedDescription))
        }
    }
}
