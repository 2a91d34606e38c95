import AgencyFormats
import AgencyJSON
import Foundation

/// A FullAgency store: a directory of JSON snapshots, hash-chained journals, lock
/// files, index markers and outbox messages (layout in `StoreLayout`).
///
/// The store is engine-agnostic. It stores, chains, locks, indexes and verifies; where
/// it needs the engine's knowledge (replaying a journal) it takes a closure.
///
/// A `FileStore` holds no open files and no cached state, so any number of them, in any
/// number of processes, may work on one directory: all coordination goes through the
/// lock files. Methods that change an instance must run inside `withInstanceLock`.
public final class FileStore: Sendable {
    /// Tunables that are not part of store.json.
    public struct Options: Sendable {
        /// fsync the directories of newly created index markers. Off by default: a marker
        /// survives a process crash without it (it is in the page cache), and only an OS
        /// crash or power loss right after a commit could lose one; `rebuildIndex`
        /// restores them. On, it costs up to two directory fsyncs per new marker.
        public var syncIndexMarkers: Bool
        /// fsync notifications as they are put in the box (two fsyncs each). Off by
        /// default for the same reason: they are derived from the journal, survive a
        /// process crash, and `agency reindex` restores any an OS crash took.
        public var syncNotifications: Bool
        /// The clock used for the store's own timestamps (store creation, names of files
        /// moved aside). Never used for record times: the caller supplies `at`.
        public var clock: @Sendable () -> Date
        /// How long an index key's folder must have been unchanged before its stamp
        /// (`indexKeyStamp`) is given, in seconds: longer than the kernel's timestamp tick
        /// by far. Tests set 0.
        public var keyStampSettling: TimeInterval

        public init(syncIndexMarkers: Bool = false, syncNotifications: Bool = false,
                    clock: @escaping @Sendable () -> Date = { Date() }, keyStampSettling: TimeInterval = 2) {
            self.syncIndexMarkers = syncIndexMarkers
            self.syncNotifications = syncNotifications
            self.clock = clock
            self.keyStampSettling = keyStampSettling
        }
    }

    public let layout: StoreLayout
    public let config: StoreConfig
    public let fileSystem: any FileSystem
    public let options: Options
    /// Durable writes inside this store, with temporary files in `tmp/`.
    public let writer: DurableWriter
    /// A signed store's private key, once read (`journalSigner()`).
    let signingKeys = SigningKeyCache()

    init(layout: StoreLayout, config: StoreConfig, fileSystem: any FileSystem, options: Options) {
        self.layout = layout
        self.config = config
        self.fileSystem = fileSystem
        self.options = options
        self.writer = DurableWriter(fileSystem: fileSystem, temporaryDirectory: layout.temporaryDirectory)
    }

    /// Creates a new store at `path` (`agency init`): the folders, then store.json.
    ///
    /// `path` may not exist yet (parents are created) or be an empty directory; a
    /// directory left behind by an interrupted `create` (only empty store folders, no
    /// store.json) is accepted too. Anything else is refused with `storeNotEmpty`.
    /// `config.created` is filled in from `options.clock` when nil.
    ///
    /// With `signingKeySeed` (`Ed25519Keys.generate()`), the store signs its journals: the
    /// private key is written (0600, never over an existing file) to `config.signingKey`
    /// or `keys/journal.key`, before store.json, which gets its `publicKey`. Without a
    /// seed, a `config.publicKey` is accepted only with a `config.signingKey` naming an
    /// existing key file of that public key (a copy of a store that keeps its key outside).
    public static func create(at path: String, config: StoreConfig = StoreConfig(),
                              signingKeySeed: [UInt8]? = nil,
                              fileSystem: any FileSystem = POSIXFileSystem(),
                              options: Options = Options()) throws(StoreError) -> FileStore {
        var config = config
        if let signingKeySeed {
            guard let publicKey = Ed25519Keys.publicKeyText(seed: signingKeySeed) else {
                throw .badConfig(path: path + "/store.json", problem: "the signing key must be a 32-byte Ed25519 seed")
            }
            config.publicKey = publicKey
        } else if let publicKey = config.publicKey {
            // A copy of a store whose key is kept outside it signs with that same file.
            guard let keyFile = config.signingKey else {
                throw .badConfig(path: path + "/store.json", problem: "a store is created with a public key only "
                    + "together with its private key (a seed, or an existing key file named by signingKey)")
            }
            _ = try readSigner(path: keyFile, expected: publicKey, fs: fileSystem)
        }
        try config.validate(path: path + "/store.json")
        if config.created == nil {
            config.created = ISOTime.string(options.clock(), in: config.timeZone)
        }
        let fs = fileSystem
        let createdRoot = try makeParents(path, fs: fs)
        let layout = StoreLayout(root: resolved(path))
        try checkEmpty(layout, fs: fs)
        for folder in StoreLayout.folders {
            try fs.ensureDirectory(layout.root + "/" + folder)
        }
        if let signingKeySeed {
            // Before store.json: a store that says it signs always has its key.
            try writeSigningKey(seed: signingKeySeed, at: config.signingKey ?? layout.defaultSigningKeyFile,
                                layout: layout, fs: fs)
        }
        let bytes = try encodePretty(config.json, what: "store.json")
        // store.json last: a store is only openable once its folders exist. The replace
        // fsyncs the root, which makes the folders' names durable too.
        try DurableWriter(fileSystem: fs, temporaryDirectory: layout.temporaryDirectory)
            .replace(layout.configFile, with: bytes)
        if createdRoot { try fs.syncDirectory(splitPath(layout.root).directory) }
        return FileStore(layout: layout, config: config, fileSystem: fs, options: options)
    }

    /// Opens an existing store: reads and checks store.json, then makes sure every store
    /// folder is a real directory (creating any that a store from an older build lacks).
    public static func open(at path: String, fileSystem: any FileSystem = POSIXFileSystem(),
                            options: Options = Options()) throws(StoreError) -> FileStore {
        let fs = fileSystem
        guard try fs.status(path) != nil else {
            throw .notAStore(path: path, problem: "no such directory")
        }
        let layout = StoreLayout(root: resolved(path))
        guard let bytes = try fs.readFileIfPresent(layout.configFile) else {
            throw .notAStore(path: layout.configFile, problem: "store.json is missing, so "
                + "this is not a FullAgency store (or its store.json was deleted)")
        }
        let json: JSONValue
        do {
            json = try JSONValue.parse(bytes)
        } catch let error {
            throw .notAStore(path: layout.configFile,
                             problem: "store.json is not valid JSON (\(error.description))")
        }
        let config = try StoreConfig(json: json, path: layout.configFile)
        for folder in StoreLayout.folders {
            try fs.ensureDirectory(layout.root + "/" + folder)
        }
        return FileStore(layout: layout, config: config, fileSystem: fs, options: options)
    }

    /// The default lock timeout from store.json.
    var defaultLockTimeout: Double { config.lockTimeoutSeconds }

    // MARK: - Helpers for create/open

    /// `mkdir -p`; returns whether the last component was created.
    private static func makeParents(_ path: String, fs: any FileSystem) throws(StoreError) -> Bool {
        if try fs.status(path) != nil { return false }
        let parent = splitPath(path).directory
        if parent != path, parent != "/", parent != "." { _ = try makeParents(parent, fs: fs) }
        return try fs.ensureDirectory(path)
    }

    /// Refuses a directory holding anything but empty store folders.
    private static func checkEmpty(_ layout: StoreLayout, fs: any FileSystem) throws(StoreError) {
        for entry in try fs.list(layout.root).sorted() {
            let path = layout.root + "/" + entry
            guard StoreLayout.folders.contains(entry), try fs.status(path)?.kind == .directory,
                  try fs.list(path).isEmpty
            else { throw .storeNotEmpty(path: layout.root, entry: entry) }
        }
    }

    /// The real path of an existing directory, so that a store reached through a link
    /// (which is allowed for the store itself) has link-free paths inside.
    private static func resolved(_ path: String) -> String {
        URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    }

    static func encodePretty(_ value: JSONValue, what: String) throws(StoreError) -> [UInt8] {
        do {
            return try value.prettyBytes()
        } catch let error {
            throw .encoding(what: what, problem: error.description)
        }
    }
}
