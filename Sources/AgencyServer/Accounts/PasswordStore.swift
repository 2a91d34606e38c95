import AgencyFormats
import AgencyService
import Foundation
import HummingbirdBcrypt
import WorkflowStore

/// `<store>/passwords.json`: the web workplace's passwords (bcrypt) and one-time
/// invitations (SHA-256 of their secret), 0600 of the server's account.
///
/// A person's password is set by an administrator or by the person (`agency people
/// passwd`), or by the person through an invitation link an administrator created
/// (`agency people passwd ID --invite`). Every change is recorded in the store journal
/// (`kind: "password"`) before the file changes, under the store lock; the journal never
/// holds a hash or a secret.
public struct PasswordStore: Sendable {
    /// The bcrypt cost: 2^10 rounds, about 50 ms of CPU in a release build. Verification
    /// runs off the serial executor, so a flood of wrong passwords slows only the logins.
    public static let cost: UInt8 = 10
    /// How long an invitation link works.
    public static let invitationHours = 72
    /// The shortest password accepted.
    public static let minimumLength = 8

    public let storeDirectory: String
    public var path: String { storeDirectory + "/passwords.json" }

    public init(storeDirectory: String) {
        self.storeDirectory = storeDirectory
    }

    /// The bcrypt hash of `person`'s password, or nil when none is set.
    public func hash(of person: String) throws(PasswordError) -> String? {
        try load().passwords.first { $0.person == person }?.hash
    }

    /// What identifies `person`'s current password (a digest of its salted hash; nil: none),
    /// so that a session opened before a change ends with it, however soon after.
    public func stamp(of person: String) throws(PasswordError) -> String? {
        try hash(of: person).map { Digest.sha256Hex(Array($0.utf8)) }
    }

    /// Whether `password` is `person`'s. Slow on purpose (bcrypt); call it off the executor.
    public static func matches(_ password: String, hash: String?) -> Bool {
        // A person without a password costs the same time as a wrong one, so timing does
        // not tell which logins exist.
        Bcrypt.verify(password, hash: hash ?? Self.decoy)
            && hash != nil
    }

    /// A hash no password matches in practice, for timing parity.
    private static let decoy = Bcrypt.hash(UUID().uuidString, cost: cost)

    /// Why `password` is refused for `person`, in Chinese, or nil when it is acceptable.
    public static func weakness(of password: String, person: String) -> String? {
        if password.count < minimumLength { return "密码至少 \(minimumLength) 个字符。" }
        if password.lowercased() == person.lowercased() { return "密码不能与登录名相同。" }
        if Set(password).count < 4 || common.contains(password.lowercased()) || isRun(password) {
            return "密码太简单：请混用字母、数字或符号，不要用常见密码或连续的数字、字母。"
        }
        // bcrypt reads 72 bytes: a longer password would match any other with the same start.
        if password.utf8.count > 72 { return "密码最多 72 个字节（约 24 个汉字或 72 个字母数字）。" }
        return nil
    }

    /// Passwords that guessing tools try first.
    static let common: Set<String> = [
        "password", "password1", "passw0rd", "12345678", "123456789", "1234567890", "87654321", "qwertyui",
        "qwerty123", "abc12345", "11111111", "88888888", "66666666", "a1234567", "iloveyou", "admin123",
        "admin@123", "woaini1314", "zhang123", "1qaz2wsx",
    ]

    /// A run of consecutive characters up or down (12345678, abcdefgh, 87654321).
    static func isRun(_ password: String) -> Bool {
        let values = password.unicodeScalars.map(\.value)
        guard values.count >= 2 else { return false }
        let steps = Set(zip(values, values.dropFirst()).map { Int($1) - Int($0) })
        return steps == [1] || steps == [-1]
    }

    /// Sets `person`'s password, journaled as done by `actor` at `at` (`via`: "cli" or
    /// "invitation"). Signs every session of the person out is the caller's business.
    public func set(person: String, password: String, actor: String, at: String, via: String,
                    service: AgencyService) throws {
        if let weakness = Self.weakness(of: password, person: person) { throw ServiceError.invalid(weakness) }
        let hash = Bcrypt.hash(password, cost: Self.cost)
        try service.guarded {
            try service.store.withStoreLock {
                var file = try Self.sorted { () throws(PasswordError) in try load() }
                try service.recordStoreEvent(kind: "password", actor: actor, at: at, details: [
                    "action": "set", "person": .string(person), "via": .string(via),
                ])
                file.passwords.removeAll { $0.person == person }
                file.passwords.append(.init(person: person, hash: hash, set: at, setBy: actor))
                try save(file)
            }
        }
    }

    /// Gives every one of `people` the same password, with one hash and one journal record:
    /// the demo zone's simulated staff (`agency demo`), never a production store.
    public func setForSimulation(people: [String], password: String, actor: String, at: String,
                                 service: AgencyService) throws {
        guard service.store.config.simulation else {
            throw ServiceError.notPermitted("one password for everyone is for simulation stores only")
        }
        let hash = Bcrypt.hash(password, cost: Self.cost)
        try service.guarded {
            try service.store.withStoreLock {
                var file = try Self.sorted { () throws(PasswordError) in try load() }
                try service.recordStoreEvent(kind: "password", actor: actor, at: at, details: [
                    "action": "set", "people": .array(people.map { .string($0) }), "via": .string("demo"),
                ])
                file.passwords.removeAll { people.contains($0.person) }
                file.passwords += people.map { .init(person: $0, hash: hash, set: at, setBy: actor) }
                try save(file)
            }
        }
    }

    /// Creates a one-time invitation for `person`; returns its secret (shown once).
    public func invite(person: String, actor: String, at: Date, timestamps: (Date) -> String,
                       service: AgencyService) throws -> PasswordInvitation {
        let secret = Self.randomHex(bytes: 24)
        let expires = at.addingTimeInterval(Double(Self.invitationHours) * 3600)
        try service.guarded {
            try service.store.withStoreLock {
                var file = try Self.sorted { () throws(PasswordError) in try load() }
                try service.recordStoreEvent(kind: "password", actor: actor, at: timestamps(at), details: [
                    "action": "invite", "person": .string(person), "expires": .string(timestamps(expires)),
                ])
                // One open invitation per person: a new one replaces the old.
                file.invitations.removeAll { $0.person == person }
                file.invitations.append(.init(hash: Self.digest(secret), person: person, created: timestamps(at),
                                              expires: expires.timeIntervalSince1970, createdBy: actor))
                try save(file)
            }
        }
        return PasswordInvitation(person: person, secret: secret, expires: expires)
    }

    /// The person an unexpired invitation secret is for, or nil.
    public func invitee(_ secret: String, now: Date) throws(PasswordError) -> String? {
        let digest = Self.digest(secret)
        return try load().invitations.first {
            Self.constantTimeEqual(Array($0.hash.utf8), Array(digest.utf8)) && $0.expires > now.timeIntervalSince1970
        }?.person
    }

    /// Sets the password through invitation `secret` and uses the invitation up.
    public func redeem(_ secret: String, password: String, now: Date, at: String,
                       service: AgencyService) throws -> String {
        guard let person = try Self.sorted({ () throws(PasswordError) in try invitee(secret, now: now) }) else {
            throw ServiceError.notFound("邀请链接无效或已过期，请联系系统管理员重新生成。")
        }
        try set(person: person, password: password, actor: person, at: at, via: "invitation", service: service)
        try service.guarded {
            try service.store.withStoreLock {
                var file = try Self.sorted { () throws(PasswordError) in try load() }
                file.invitations.removeAll { $0.person == person }
                try save(file)
            }
        }
        return person
    }

    // MARK: - The file

    struct PasswordFile: Codable {
        var format = 1
        var passwords: [Entry] = []
        var invitations: [Invitation] = []
    }

    struct Entry: Codable {
        var person: String
        var hash: String
        var set: String
        var setBy: String
    }

    struct Invitation: Codable {
        var hash: String
        var person: String
        var created: String
        /// Seconds since 1970, so expiry needs no time-zone parsing.
        var expires: Double
        var createdBy: String
    }

    func load() throws(PasswordError) -> PasswordFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            guard FileManager.default.fileExists(atPath: path) else { return PasswordFile() }
            throw PasswordError("\(path): cannot read it (permissions?); it must belong to the account that runs agency serve")
        }
        do {
            return try JSONDecoder().decode(PasswordFile.self, from: data)
        } catch {
            throw PasswordError("\(path): not a valid password file (\(error)); restore it from a backup, or move it "
                + "aside and set passwords again (agency people passwd)")
        }
    }

    private func save(_ file: PasswordFile) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let bytes = try encoder.encode(file)
        try DurableWriter(fileSystem: POSIXFileSystem()).replace(path, with: Array(bytes) + [0x0A], mode: 0o600)
    }

    static func sorted<T>(_ body: () throws(PasswordError) -> T) throws(ServiceError) -> T {
        do {
            return try body()
        } catch {
            throw .io(error.message)
        }
    }

    static func digest(_ secret: String) -> String { "sha256:" + Digest.sha256Hex(Array(secret.utf8)) }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        APITokenStore.constantTimeEqual(a, b)
    }

    static func randomHex(bytes: Int) -> String { APITokenStore.randomHex(bytes: bytes) }
}

/// A one-time invitation: the link carries `secret`; the store keeps only its digest.
public struct PasswordInvitation: Sendable {
    public var person: String
    public var secret: String
    public var expires: Date
}

/// The password file cannot be read or is not valid.
public struct PasswordError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
