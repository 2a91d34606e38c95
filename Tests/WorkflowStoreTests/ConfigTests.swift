import AgencyFormats
import AgencyJSON
import Foundation
import Testing
@testable import WorkflowStore

@Suite("store.json and store creation")
struct ConfigTests {
    @Test func formatOneAloneDecodesToDefaults() throws {
        let config = try StoreConfig(json: ["format": 1], path: "store.json")
        #expect(config == StoreConfig())
        #expect(config.timezone == "Asia/Shanghai")
        #expect(config.simulation == false)
        #expect(config.lua == nil)
        #expect(config.lockTimeoutSeconds == 5)
    }

    @Test func everyKeyDecodes() throws {
        let json: JSONValue = ["format": 1, "timezone": "UTC", "simulation": true,
                               "created": "2025-01-06T09:00:00+08:00", "lockTimeoutSeconds": 2.5,
                               "lua": ["memoryBytes": 1_048_576, "instructions": 1_000, "seconds": 1]]
        let config = try StoreConfig(json: json, path: "store.json")
        #expect(config.simulation && config.timezone == "UTC" && config.lockTimeoutSeconds == 2.5)
        #expect(config.lua == LuaLimitsConfig(memoryBytes: 1_048_576, instructions: 1_000, seconds: 1))
        #expect(try StoreConfig(json: config.json, path: "x") == config)
    }

    @Test func databaseURLRoundTrips() throws {
        let json: JSONValue = ["format": 1, "database": "postgres://agency@db.internal:5432/zones?sslmode=require"]
        let config = try StoreConfig(json: json, path: "store.json")
        #expect(config.database == "postgres://agency@db.internal:5432/zones?sslmode=require")
        #expect(try StoreConfig(json: config.json, path: "x") == config)
        #expect(StoreConfig().json["database"] == nil)
    }

    @Test func newerFormatIsRefused() throws {
        let error = storeError { _ = try StoreConfig(json: ["format": 2, "new": true], path: "/s/store.json") }
        #expect(error == .newerFormat(path: "/s/store.json", format: 2))
        #expect(error?.description == "this store was written by a newer FullAgency (format 2); upgrade agency")
    }

    @Test(arguments: [
        #"{"format": 1, "timeZone": "UTC"}"#, #"{"format": 1, "lua": {"memory": 1}}"#,
        #"{"format": "1"}"#, #"{}"#, #"{"format": 1, "timezone": "Mars/Olympus"}"#,
        #"{"format": 1, "simulation": "no"}"#, #"{"format": 0}"#, #"[]"#,
        #"{"format": 1, "database": "mysql://db/zones"}"#, #"{"format": 1, "database": 5}"#,
    ])
    func badConfigIsRefused(_ text: String) throws {
        let error = storeError { _ = try StoreConfig(json: try JSONValue.parse(text), path: "store.json") }
        guard case .badConfig(let path, let problem) = error else {
            Issue.record("\(text) was accepted: \(String(describing: error))")
            return
        }
        #expect(path == "store.json")
        if text.contains("timeZone") { #expect(problem.contains("unknown key \"timeZone\"")) }
    }

    @Test func createWritesStoreJSONAndFolders() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let store = try FileStore.create(at: directory.path + "/a/b/.agency",
                                         config: StoreConfig(lua: LuaLimitsConfig(instructions: 5)))
        let json = try JSONValue.parse(contents(store.layout.configFile) ?? [])
        #expect(json["format"] == 1 && json["timezone"] == "Asia/Shanghai" && json["simulation"] == false)
        #expect(json["created"]?.stringValue?.hasSuffix("+08:00") == true)
        #expect(json["lua"] == ["instructions": 5])
        for folder in StoreLayout.folders {
            var isDirectory: ObjCBool = false
            #expect(FileManager.default.fileExists(atPath: store.layout.root + "/" + folder, isDirectory: &isDirectory)
                && isDirectory.boolValue)
        }
        let reopened = try FileStore.open(at: directory.path + "/a/b/.agency")
        #expect(reopened.config == store.config)
        // A store is never created over another.
        #expect(storeError { _ = try FileStore.create(at: store.layout.root) }
            == .storeNotEmpty(path: store.layout.root, entry: "store.json"))
    }

    @Test func createAcceptsEmptyDirectoryAndRefusesOtherContent() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        _ = try FileStore.create(at: directory.path)
        let other = try TemporaryDirectory()
        defer { other.cleanUp() }
        try write([1], to: other.path + "/notes.txt")
        #expect(storeError { _ = try FileStore.create(at: other.path) }
            == .storeNotEmpty(path: other.path, entry: "notes.txt"))
    }

    @Test func missingOrCorruptStoreJSONIsExplained() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let missing = storeError { _ = try FileStore.open(at: directory.path) }
        guard case .notAStore(let path, _) = missing else {
            Issue.record("expected notAStore")
            return
        }
        #expect(path.hasSuffix("/store.json"))
        #expect(missing?.description.contains("agency init") == true)
        try write(Array("{\"format\": 1,".utf8), to: directory.path + "/store.json")
        let corrupt = storeError { _ = try FileStore.open(at: directory.path) }
        #expect(corrupt?.description.contains("store.json is not valid JSON") == true)
        #expect(corrupt?.description.contains("agency init") == true)
        try write(Array("{\"format\": 7}".utf8), to: directory.path + "/store.json")
        #expect(storeError { _ = try FileStore.open(at: directory.path) }?.description
            == "this store was written by a newer FullAgency (format 7); upgrade agency")
    }

    @Test func timestampsHaveTheirOffset() {
        let date = Date(timeIntervalSince1970: 1_736_125_200)
        #expect(ISOTime.string(date, in: StoreConfig().timeZone) == "2025-01-06T09:00:00+08:00")
        #expect(ISOTime.string(date, in: TimeZone(secondsFromGMT: -5 * 3_600)!) == "2025-01-05T20:00:00-05:00")
        #expect(ISOTime.compactUTC(date) == "20250106T010000Z")
    }
}
