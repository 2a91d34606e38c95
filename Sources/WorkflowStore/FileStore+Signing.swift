import AgencyFormats
import Foundation

extension StoreLayout {
    /// `keys/`: the default home of the private key (0700, created only for a signed store).
    public var keysDirectory: String { root + "/keys" }
    /// `keys/journal.key`: the private key when store.json names no other (`signingKey`).
    public var defaultSigningKeyFile: String { keysDirectory + "/journal.key" }
}

/// The private key once read: a signed store reads it at its first commit (not at open,
/// so that reading a store, `verify` included, needs no access to the key), then keeps it.
final class SigningKeyCache: @unchecked Sendable {
    private let lock = NSLock()
    private var signer: JournalSigner?

    func signer(_ load: () throws(StoreError) -> JournalSigner) throws(StoreError) -> JournalSigner {
        lock.lock()
        defer { lock.unlock() }
        if let signer { return signer }
        let loaded = try load()
        signer = loaded
        return loaded
    }
}

extension FileStore {
    /// Whether this store signs its journals (store.json has a `publicKey`).
    public var signsJournal: Bool { config.publicKey != nil }

    /// store.json's `publicKey`: what this store's signatures verify with.
    public var journalPublicKey: String? { config.publicKey }

    /// The 32-byte seed of a signed store's private key (nil for an unsigned store), read
    /// as a commit reads it: for a copy that must sign as this store does
    /// (`agency store copy`).
    package func signingKeySeed() throws(StoreError) -> [UInt8]? { try journalSigner()?.seed }

    /// The raw public key of a signed store, for `verify`.
    var publicKeyBytes: [UInt8]? { config.publicKey.flatMap(Ed25519Keys.publicKeyBytes) }

    /// The private key's file: store.json's `signingKey`, else `keys/journal.key`.
    public var signingKeyPath: String { config.signingKey ?? layout.defaultSigningKeyFile }

    /// The signer of a signed store (nil for an unsigned one), reading the key the first
    /// time. Called before the first write of a commit, so a key that cannot be used fails
    /// the commit with nothing changed.
    func journalSigner() throws(StoreError) -> JournalSigner? {
        guard let publicKey = config.publicKey else { return nil }
        let path = signingKeyPath
        let fs = fileSystem
        return try signingKeys.signer { () throws(StoreError) -> JournalSigner in
            try Self.readSigner(path: path, expected: publicKey, fs: fs)
        }
    }

    static func readSigner(path: String, expected: String, fs: any FileSystem) throws(StoreError)
        -> JournalSigner {
        let bytes: [UInt8]?
        do {
            bytes = try fs.readFileIfPresent(path)
        } catch let error {
            guard let code = error.errno else { throw error }
            throw .signingKey(path: path, errno: code, problem: "it cannot be read (\(StoreError.describe(errno: code))); "
                + "run the command as the store's owner (the service account that ran `agency init`), "
                + "or through `agency serve` on a served store")
        }
        guard let bytes else {
            throw .signingKey(path: path, problem: "it is missing; restore it from its backup (Docs/operations.md, "
                + "\"The signing key\"): without it no record can be signed")
        }
        return try JournalSigner(pem: bytes, path: path, expected: expected)
    }

    /// Writes a new private key (PEM) at `path`: created exclusively with mode 0600 (an
    /// existing file is never overwritten: it may be another store's key), fsynced, its
    /// folder fsynced. `keys/` inside the store is created 0700 first.
    static func writeSigningKey(seed: [UInt8], at path: String, layout: StoreLayout,
                                fs: any FileSystem) throws(StoreError) {
        if path == layout.defaultSigningKeyFile {
            try fs.makeDirectory(layout.keysDirectory, mode: 0o700)
        }
        let file: OpenFile
        do {
            file = try fs.open(path, [.write, .create, .exclusive], mode: 0o600)
        } catch let error {
            if case .io(_, _, let code) = error, code == EEXIST {
                throw .signingKey(path: path, problem: "a file is already there (another store's key?); "
                    + "name a new file with --key, or move the old one away")
            }
            throw error
        }
        do {
            try fs.write(file, Array(Ed25519Keys.privatePEM(seed: seed).utf8))
            try fs.fsync(file)
        } catch let error {
            fs.closeQuietly(file)
            fs.unlinkQuietly(path)
            throw error
        }
        try fs.close(file)
        try fs.syncDirectory(splitPath(path).directory)
    }
}
