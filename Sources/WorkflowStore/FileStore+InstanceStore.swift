extension FileStore: InstanceStore {
    /// The store's directory.
    public var location: String { layout.root }

    /// Holds `notifications/.deliver.lock` (an `flock`, so a killed deliverer frees it).
    public func withDeliveryLock(_ body: () throws -> Void) throws -> Bool {
        let fs = fileSystem
        _ = try fs.ensureDirectory(layout.notificationsDirectory)
        let file = try fs.open(layout.notificationsDirectory + "/.deliver.lock", [.read, .write, .create], mode: 0o644)
        defer { fs.closeQuietly(file) }  // closing releases the lock
        guard try fs.tryLock(file) else { return false }
        try body()
        return true
    }
}
