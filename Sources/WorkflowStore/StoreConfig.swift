import AgencyFormats
import AgencyJSON
import Foundation

/// The contents of `<store>/store.json`.
///
/// Absent keys take their defaults, so `{"format": 1}` is a complete file. Unknown keys
/// are refused rather than ignored: a misspelt `"timeZone"` silently falling back to the
/// default would schedule every deadline in the wrong zone.
public struct StoreConfig: Sendable, Equatable {
    /// The newest on-disk format this build reads and writes.
    public static let currentFormat = 1

    /// On-disk format version; a store with a larger number was written by a newer
    /// FullAgency and is refused.
    public var format: Int
    /// IANA zone in which local times (working days, `at` timestamps) are read and
    /// written. Default `Asia/Shanghai`.
    public var timezone: String
    /// A simulation store runs on a virtual clock (`--now`); default false.
    public var simulation: Bool
    /// When `agency init` created the store (ISO-8601 with offset), or nil.
    public var created: String?
    /// Store-wide overrides of the Lua limits, or nil for the engine's defaults.
    public var lua: LuaLimitsConfig?
    /// How long a command waits for a busy instance's lock before giving up. Default 5.
    public var lockTimeoutSeconds: Double
    /// Whether working days in a year no calendar declares are planned from the statutory
    /// holidays, marked provisional (`"provisional"`, the default), or refused (`"strict"`).
    public var calendar: String
    public static let calendarPolicies = ["provisional", "strict"]
    /// Set in a served store (`agency init --served`): only `agency serve` opens it, and
    /// every other `agency` is its client over this socket. Nil for a direct store.
    public var served: ServedConfig?
    /// The public half of the journal's signing key, `ed25519:<base64>`, or nil for a store
    /// that does not sign (simulation and direct stores). With it, every commit's last
    /// record must carry a valid signature (see `JournalSignature`).
    public var publicKey: String?
    /// Where the private key is, when not `<store>/keys/journal.key`: an absolute path
    /// outside the store, so that whoever can restore the store's files cannot sign.
    public var signingKey: String?
    /// The language staff read the store in (`"zh-CN"`, the default, or `"en"`): actions'
    /// results, inbox, show, log and notifications. Exit codes and JSON do not change.
    public var language: String = "zh-CN"
    public static let languages = ["zh-CN", "en"]
    /// Where the instances are kept when not in this directory: a `postgres://` URL (without
    /// its password, which comes from `PGPASSWORD`) naming a PostgreSQL store
    /// (`agency init --postgres`). The directory keeps everything else (people.json, the
    /// calendar layers, the socket, the keys). Nil: the directory is the store.
    public var database: String?

    public init(format: Int = StoreConfig.currentFormat, timezone: String = "Asia/Shanghai",
                simulation: Bool = false, created: String? = nil, lua: LuaLimitsConfig? = nil,
                lockTimeoutSeconds: Double = 5, calendar: String = "provisional") {
        self.format = format
        self.timezone = timezone
        self.simulation = simulation
        self.created = created
        self.lua = lua
        self.lockTimeoutSeconds = lockTimeoutSeconds
        self.calendar = calendar
    }

    /// The zone named by `timezone`. `Asia/Shanghai` falls back to a fixed +08:00 on a
    /// machine without zone data (exact: China has had no daylight saving since 1991).
    public var timeZone: TimeZone {
        if let zone = TimeZone(identifier: timezone) { return zone }
        return TimeZone(secondsFromGMT: 8 * 3_600) ?? .current
    }

    /// Decodes store.json's value; `path` is only used in error messages.
    public init(json: JSONValue, path: String) throws(StoreError) {
        guard let members = json.objectValue else {
            throw .badConfig(path: path, problem: "expected a JSON object, found \(json.typeName)")
        }
        // The format is checked first: a newer format may legitimately have new keys.
        guard let format = members["format"]?.intValue else {
            throw .badConfig(path: path, problem: "\"format\" must be present and an integer")
        }
        if format > Int64(Self.currentFormat) { throw .newerFormat(path: path, format: Int(format)) }
        guard format >= 1 else { throw .badConfig(path: path, problem: "\"format\" must be 1") }
        let known: Set<String> = ["format", "timezone", "simulation", "created", "lua", "lockTimeoutSeconds",
                                  "calendar", "served", "publicKey", "signingKey", "language", "database"]
        if let unknown = members.keys.sorted().first(where: { !known.contains($0) }) {
            throw .badConfig(path: path, problem: "unknown key \"\(unknown)\" (known: "
                + known.sorted().joined(separator: ", ") + ")")
        }
        self.init(format: Int(format))
        if let value = members["timezone"] {
            guard let text = value.stringValue else { throw Self.type("timezone", "a string", path) }
            timezone = text
        }
        if let value = members["simulation"] {
            guard let flag = value.boolValue else { throw Self.type("simulation", "true or false", path) }
            simulation = flag
        }
        if let value = members["created"] {
            guard let text = value.stringValue else { throw Self.type("created", "a string", path) }
            created = text
        }
        if let value = members["lua"] {
            lua = try LuaLimitsConfig(json: value, path: path)
        }
        if let value = members["lockTimeoutSeconds"] {
            guard let seconds = value.doubleValue else {
                throw Self.type("lockTimeoutSeconds", "a number", path)
            }
            lockTimeoutSeconds = seconds
        }
        if let value = members["calendar"] {
            guard let text = value.stringValue else { throw Self.type("calendar", "a string", path) }
            calendar = text
        }
        if let value = members["served"] {
            served = try ServedConfig(json: value, path: path)
        }
        if let value = members["publicKey"] {
            guard let text = value.stringValue else { throw Self.type("publicKey", "a string", path) }
            publicKey = text
        }
        if let value = members["signingKey"] {
            guard let text = value.stringValue else { throw Self.type("signingKey", "a string", path) }
            signingKey = text
        }
        if let value = members["language"] {
            guard let text = value.stringValue else { throw Self.type("language", "a string", path) }
            language = text
        }
        if let value = members["database"] {
            guard let text = value.stringValue else { throw Self.type("database", "a string", path) }
            database = text
        }
        try validate(path: path)
    }

    /// Throws `badConfig` if a value is out of range or the zone is unknown.
    public func validate(path: String) throws(StoreError) {
        if let publicKey, Ed25519Keys.publicKeyBytes(publicKey) == nil {
            throw .badConfig(path: path, problem: "\"publicKey\" must be \"ed25519:\" and the base64 of a 32-byte "
                + "Ed25519 public key, not \"\(publicKey)\"")
        }
        if let signingKey {
            guard publicKey != nil else {
                throw .badConfig(path: path, problem: "\"signingKey\" is set but \"publicKey\" is not")
            }
            guard signingKey.hasPrefix("/") else {
                throw .badConfig(path: path, problem: "\"signingKey\" must be an absolute path, not \"\(signingKey)\"")
            }
        }
        if timezone != "Asia/Shanghai" && TimeZone(identifier: timezone) == nil {
            throw .badConfig(path: path, problem: "unknown time zone \"\(timezone)\" "
                + "(use an IANA name such as Asia/Shanghai)")
        }
        guard lockTimeoutSeconds.isFinite, (0...3_600).contains(lockTimeoutSeconds) else {
            throw .badConfig(path: path, problem: "\"lockTimeoutSeconds\" must be 0 to 3600")
        }
        if let database, !(database.hasPrefix("postgres://") || database.hasPrefix("postgresql://")) {
            throw .badConfig(path: path, problem: "\"database\" must be a postgres:// URL, not \"\(database)\"")
        }
        guard Self.languages.contains(language) else {
            throw .badConfig(path: path, problem: "\"language\" must be \"zh-CN\" (staff read Chinese) or \"en\", "
                + "not \"\(language)\"")
        }
        guard Self.calendarPolicies.contains(calendar) else {
            throw .badConfig(path: path, problem: "\"calendar\" must be \"provisional\" (plan years without "
                + "a published holiday notice from the statutory holidays) or \"strict\" (refuse them), "
                + "not \"\(calendar)\"")
        }
    }

    /// The JSON written to store.json (absent optionals left out).
    public var json: JSONValue {
        var members: [String: JSONValue] = [
            "format": .integer(Int64(format)), "timezone": .string(timezone),
            "simulation": .bool(simulation), "lockTimeoutSeconds": .double(lockTimeoutSeconds),
        ]
        if lockTimeoutSeconds == lockTimeoutSeconds.rounded(), abs(lockTimeoutSeconds) < 1e15 {
            members["lockTimeoutSeconds"] = .integer(Int64(lockTimeoutSeconds))
        }
        if let created { members["created"] = .string(created) }
        if let lua { members["lua"] = lua.json }
        if calendar != "provisional" { members["calendar"] = .string(calendar) }
        if let served { members["served"] = served.json }
        if let publicKey { members["publicKey"] = .string(publicKey) }
        if let signingKey { members["signingKey"] = .string(signingKey) }
        // The default is left out, so a store written before languages existed reads the same.
        if language != "zh-CN" { members["language"] = .string(language) }
        if let database { members["database"] = .string(database) }
        return .object(members)
    }

    fileprivate static func type(_ key: String, _ expected: String, _ path: String) -> StoreError {
        .badConfig(path: path, problem: "\"\(key)\" must be \(expected)")
    }
}

/// Store-wide Lua limits from store.json's `lua` object. Each absent key means "the
/// engine's default"; the names match `LuaLimits` in the LuaRuntime module.
public struct LuaLimitsConfig: Sendable, Equatable {
    public var memoryBytes: Int?
    public var instructions: Int64?
    public var seconds: Double?

    public init(memoryBytes: Int? = nil, instructions: Int64? = nil, seconds: Double? = nil) {
        self.memoryBytes = memoryBytes
        self.instructions = instructions
        self.seconds = seconds
    }

    init(json: JSONValue, path: String) throws(StoreError) {
        guard let members = json.objectValue else {
            throw StoreConfig.type("lua", "an object", path)
        }
        let known: Set<String> = ["memoryBytes", "instructions", "seconds"]
        if let unknown = members.keys.sorted().first(where: { !known.contains($0) }) {
            throw .badConfig(path: path, problem: "unknown key \"lua.\(unknown)\" (known: "
                + known.sorted().map { "lua.\($0)" }.joined(separator: ", ") + ")")
        }
        self.init()
        if let value = members["memoryBytes"] {
            guard let bytes = value.intValue, bytes >= 0 else {
                throw StoreConfig.type("lua.memoryBytes", "a non-negative integer", path)
            }
            memoryBytes = Int(bytes)
        }
        if let value = members["instructions"] {
            guard let count = value.intValue, count >= 0 else {
                throw StoreConfig.type("lua.instructions", "a non-negative integer", path)
            }
            instructions = count
        }
        if let value = members["seconds"] {
            guard let limit = value.doubleValue, limit >= 0, limit.isFinite else {
                throw StoreConfig.type("lua.seconds", "a non-negative number", path)
            }
            seconds = limit
        }
    }

    var json: JSONValue {
        var members: [String: JSONValue] = [:]
        if let memoryBytes { members["memoryBytes"] = .integer(Int64(memoryBytes)) }
        if let instructions { members["instructions"] = .integer(instructions) }
        if let seconds { members["seconds"] = .double(seconds) }
        return .object(members)
    }
}
