#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension FileStore {
    /// Removes temporary files (`.tmp-<name>-<pid>-<random>`) left by processes that died
    /// during a durable write. A file whose writer is still alive is left alone, so this is
    /// safe while other agency processes work. Returns how many were removed.
    ///
    /// Tick (cron runs it every minute) sweeps `tmp/`, where the store's writes put their
    /// temporary files: one small folder, so an idle tick does not grow with the number
    /// of instances. `thorough` (repair) also sweeps every other store folder, for files
    /// left there by builds that wrote temporaries beside their targets. A leftover
    /// temporary file never affects correctness (the rename never happened), only disk
    /// space and tidiness.
    @discardableResult
    public func removeStaleTemporaryFiles(thorough: Bool = false) -> Int {
        var folders = [layout.temporaryDirectory]
        if thorough {
            folders += [layout.root, layout.instancesDirectory, layout.journalDirectory, layout.outboxDirectory,
                        layout.schedulesDirectory, layout.pendingNotificationsDirectory,
                        layout.deliveredNotificationsDirectory]
            folders += ((try? fileSystem.list(layout.definitionsDirectory)) ?? []).map { layout.definitionDirectory($0) }
        }
        var removed = 0
        for folder in folders {
            for name in (try? fileSystem.list(folder)) ?? [] where name.hasPrefix(".tmp-") {
                let parts = name.split(separator: "-")
                guard parts.count >= 4, let pid = Int32(parts[parts.count - 2]) else { continue }
                if kill(pid, 0) == 0 || errno != ESRCH { continue }  // still alive (or not ours to judge)
                if (try? fileSystem.unlink(folder + "/" + name)) != nil { removed += 1 }
            }
        }
        return removed
    }
}
