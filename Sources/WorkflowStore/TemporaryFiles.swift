import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension FileStore {
    /// Removes temporary files (`.tmp-<name>-<pid>-<random>`) left by processes that died
    /// during a durable write. A file whose writer is still alive is left alone, so this is
    /// safe while other agency processes work. Returns how many were removed.
    ///
    /// Called by tick (cron runs it every minute) and by repair; a leftover temporary file
    /// never affects correctness (the rename never happened), only disk space and tidiness.
    @discardableResult
    public func removeStaleTemporaryFiles() -> Int {
        var folders = [layout.root, layout.instancesDirectory, layout.journalDirectory, layout.outboxDirectory,
                       layout.root + "/schedules", layout.root + "/notifications/pending",
                       layout.root + "/notifications/delivered"]
        folders += ((try? fileSystem.list(layout.definitionsDirectory)) ?? []).map { layout.definitionDirectory($0) }
        var removed = 0
        for folder in folders {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            where name.hasPrefix(".tmp-") {
                let parts = name.split(separator: "-")
                guard parts.count >= 4, let pid = Int32(parts[parts.count - 2]) else { continue }
                if kill(pid, 0) == 0 || errno != ESRCH { continue }  // still alive (or not ours to judge)
                if (try? fileSystem.unlink(folder + "/" + name)) != nil { removed += 1 }
            }
        }
        return removed
    }
}
