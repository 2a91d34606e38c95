import Foundation

/// The modes of a served store's files (Docs/storage.md, "Served stores").
///
/// The store directory is 0711 so that clients can reach store.json and the socket by
/// name without listing anything; store.json is 0644 because clients read the socket path
/// from it; everything else belongs to the service account alone (0600 files, 0700
/// folders), so no other OS user can read, forge or lock anything in the store.
public enum StorePermissions {
    public static let rootMode: mode_t = 0o711
    public static let configMode: mode_t = 0o644
    public static let directoryMode: mode_t = 0o700
    public static let fileMode: mode_t = 0o600

    /// Sets every mode under `root` to the served layout. Run by `agency init --served`
    /// and at every start of `agency serve`, so a store copied in, restored from a backup
    /// or edited under a looser umask is closed again before anyone connects.
    /// Symbolic links are left alone (chmod would follow them out of the store).
    public static func secure(storeRoot root: String) throws(ServeError) {
        try set(root, rootMode)
        let manager = FileManager.default
        guard let walker = manager.enumerator(atPath: root) else {
            throw ServeError(.io, "cannot list \(root) to set its modes (run as the store's owner)")
        }
        while let relative = walker.nextObject() as? String {
            let path = root + "/" + relative
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }  // gone meanwhile
            switch info.st_mode & S_IFMT {
            case S_IFDIR: try set(path, directoryMode)
            case S_IFREG: try set(path, relative == "store.json" ? configMode : fileMode)
            default: continue  // links, the socket (made 0666 on bind)
            }
        }
    }

    private static func set(_ path: String, _ mode: mode_t) throws(ServeError) {
        guard chmod(path, mode) == 0 else {
            throw ServeError(.io, "cannot set the mode of \(path) to \(String(mode, radix: 8)): "
                + "\(String(cString: strerror(errno))) (run agency serve as the account that owns the store)")
        }
    }
}
