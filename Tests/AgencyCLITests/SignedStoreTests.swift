import AgencyJSON
import Foundation
import Testing
import WorkflowStore

/// The signed journal and the weekly seal through the built `agency`: the red-team cases
/// (a forged append, a re-chained journal) pass `verify` on a direct unsigned store, the
/// documented limit, and fail it on a signed one.
@Suite("Signed stores and seals, end to end")
struct SignedStoreTests {
    /// A simulation store in a temporary folder, created with `initArguments` added to init.
    final class Zone: @unchecked Sendable {
        let directory: TemporaryDirectory
        var url: URL { directory.url }
        var store: URL { url.appendingPathComponent(".agency") }

        init(_ initArguments: [String]) throws {
            directory = try TemporaryDirectory()
            try directory.write("people.json", CLIFixture.people)
            try directory.write("Workflows/joint_review.lua", CLIFixture.countersign)
            let run = try agency(["init", "--people", "people.json", "--simulation"] + initArguments, in: url)
            precondition(run.status == 0, "init failed: \(run.stderr)")
        }

        @discardableResult
        func run(_ arguments: [String]) throws -> AgencyRun { try agency(arguments, in: url) }

        /// JR-1 started in week 2025-W09 and its material submitted: two records.
        func history() throws {
            var run = try self.run(["start", "joint_review", "--id", "JR-1", "--as", "wangfang", "--now", "2025-02-24T09:00",
                                    "--input", #"{"project": "光伏", "agent": "wangfang"}"#])
            #expect(run.status == 0, "\(run.stderr)")
            run = try self.run(["complete", "JR-1", "--as", "wangfang", "--now", "2025-02-25T10:00"])
            #expect(run.status == 0, "\(run.stderr)")
        }

        var journal: URL { store.appendingPathComponent("journal/JR-1.jsonl") }

        func records() throws -> [JSONValue] {
            try String(contentsOf: journal, encoding: .utf8).split(separator: "\n").map { try JSONValue.parse(Array($0.utf8)) }
        }

        /// Writes `records` back re-chained from the first (every `prev` and `hash`
        /// recomputed, signatures kept as they were), and moves the snapshot's head to the
        /// end: what someone with write access and no key can do.
        func rechain(_ records: [JSONValue]) throws {
            var prev = JournalHash.genesis(for: "JR-1")
            var lines: [UInt8] = []
            var seq = 0
            for record in records {
                guard case .object(var members) = record else { continue }
                seq += 1
                members["seq"] = .integer(Int64(seq))
                members["prev"] = .string(prev)
                prev = try JournalHash.hash(of: .object(members))
                members["hash"] = .string(prev)
                lines += try JSONValue.object(members).canonicalBytes() + [UInt8(ascii: "\n")]
            }
            try Data(lines).write(to: journal)
            let snapshotURL = store.appendingPathComponent("instances/JR-1.json")
            guard case .object(var snapshot) = try JSONValue.parse([UInt8](try Data(contentsOf: snapshotURL))) else { return }
            snapshot["head"] = ["seq": .integer(Int64(seq)), "hash": .string(prev)]
            try Data(try JSONValue.object(snapshot).prettyBytes()).write(to: snapshotURL)
        }

        /// A record claiming zhangwei tried to approve and was refused: replay skips
        /// refused attempts, so it changes no snapshot and only the chain can judge it.
        static func forged(at: String) -> JSONValue {
            ["at": .string(at), "actor": "zhangwei", "kind": "refused", "login": "zhangwei",
             "details": ["error": "无权限", "command": ["kind": "approve", "actor": "zhangwei", "at": .string(at)]]]
        }
    }

    @Test("init --signed: a 0600 key in keys/, the public key in store.json; every commit's head signed; verify ok")
    func signedInit() throws {
        let zone = try Zone(["--signed"])
        let key = zone.store.appendingPathComponent("keys/journal.key")
        let mode = try FileManager.default.attributesOfItem(atPath: key.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try String(contentsOf: key, encoding: .utf8).hasPrefix("-----BEGIN PRIVATE KEY-----"))
        let config = try String(contentsOf: zone.store.appendingPathComponent("store.json"), encoding: .utf8)
        #expect(config.contains("\"publicKey\" : \"ed25519:") || config.contains("\"publicKey\": \"ed25519:"), "\(config)")
        try zone.history()
        #expect(try zone.records().allSatisfy { $0["sig"]?.stringValue?.hasPrefix("ed25519:") == true })
        let run = try zone.run(["verify", "--all"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
    }

    @Test("--key keeps the key outside the store; a key inside it or over an existing file is refused")
    func keyOutsideTheStore() throws {
        let zone = try Zone(["--key", "outside/journal.key", "--store", "other"])
        let outside = zone.url.appendingPathComponent("outside/journal.key")
        #expect(FileManager.default.fileExists(atPath: outside.path))
        let config = try String(contentsOf: zone.url.appendingPathComponent("other/store.json"), encoding: .utf8)
        #expect(config.contains(outside.standardizedFileURL.path), "\(config)")
        var run = try zone.run(["init", "--store", "third", "--key", "outside/journal.key"])
        #expect(run.status == 4, "\(run.stderr)")
        run = try zone.run(["init", "--store", "fourth", "--key", "fourth/keys/k.key"])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("is inside the store"), "\(run.stderr)")
    }

    @Test("a forged append passes verify on a direct unsigned store and fails it on a signed one (exit 5)")
    func forgedAppend() throws {
        for signed in [false, true] {
            let zone = try Zone(signed ? ["--signed"] : [])
            try zone.history()
            try zone.rechain(try zone.records() + [Zone.forged(at: "2025-02-25T11:00:00+08:00")])
            let run = try zone.run(["verify", "--all"])
            if signed {
                #expect(run.status == 5, "\(run.stdout)\(run.stderr)")
                #expect(run.stdout.contains("unsigned record: record 3 of JR-1 is not covered by a signature"), "\(run.stdout)")
            } else {
                #expect(run.status == 0, "the limit of an unsigned store: \(run.stdout)\(run.stderr)")
            }
        }
    }

    @Test("a re-chained journal passes verify on a direct unsigned store and fails it on a signed one (exit 5)")
    func rechainedJournal() throws {
        for signed in [false, true] {
            let zone = try Zone(signed ? ["--signed"] : [])
            try zone.history()
            var records = try zone.records()
            records.insert(Zone.forged(at: "2025-02-24T09:30:00+08:00"), at: 1)
            try zone.rechain(records)
            let run = try zone.run(["verify", "JR-1"])
            if signed {
                #expect(run.status == 5, "\(run.stdout)\(run.stderr)")
                #expect(run.stdout.contains("bad signature: record 3 of JR-1"), "\(run.stdout)")
            } else {
                #expect(run.status == 0, "the limit of an unsigned store: \(run.stdout)\(run.stderr)")
            }
        }
    }

    @Test("the weekly seal: the same however often printed, recorded once, checked by verify --seal; history rewritten before it fails, naming the instance")
    func weeklySeal() throws {
        let zone = try Zone(["--signed"])
        try zone.history()
        func report() throws -> String {
            let run = try zone.run(["report", "weekly", "--week", "2025-W10", "--format", "markdown"])
            #expect(run.status == 0, "\(run.stderr)")
            let line = try #require(run.stdout.split(separator: "\n").first { $0.contains("本周存证码：") })
            return String(line.split(separator: "：")[1].prefix(19))
        }
        let code = try report()
        #expect(code.count == 19 && code.split(separator: "-").count == 4, "\(code)")
        // A record after the dispatch (Monday 2025-03-03 09:00) leaves the seal as it was.
        try zone.run(["start", "joint_review", "--id", "JR-2", "--as", "wangfang", "--now", "2025-03-04T09:00",
                      "--input", #"{"project": "储能", "agent": "wangfang"}"#])
        #expect(try report() == code)
        let table = try zone.run(["report", "weekly", "--week", "2025-W10"])
        #expect(table.stdout.contains("本周存证码：\(code)"), "\(table.stdout)")
        let html = try zone.run(["report", "weekly", "--week", "2025-W10", "--format", "html"])
        #expect(html.stdout.contains(code))
        let seals = try String(contentsOf: zone.store.appendingPathComponent("environment/journal.jsonl"), encoding: .utf8)
            .split(separator: "\n").filter { $0.contains("\"kind\":\"seal\"") }
        #expect(seals.count == 1, "recorded once: \(seals)")

        var run = try zone.run(["verify", "--seal", code.lowercased(), "--week", "2025-W10"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("matches"), "\(run.stdout)")
        run = try zone.run(["verify", "--seal", "7KQ2-M9XD-P4TA-8WQ1", "--week", "2025-W10"])
        #expect(run.status == 5, "\(run.stdout)")

        // Someone rewrites JR-1's history before the meeting (a record inserted, the chain re-hashed).
        var records = try zone.records()
        records.insert(Zone.forged(at: "2025-02-24T09:30:00+08:00"), at: 1)
        try zone.rechain(records)
        run = try zone.run(["verify", "--seal", code, "--week", "2025-W10"])
        #expect(run.status == 5, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("does NOT match"), "\(run.stdout)")
        #expect(run.stdout.contains("JR-1: record 2 was sealed with hash"), "\(run.stdout)")
    }

    @Test("an unsigned store prints the seal but records nothing; verify --seal still compares the codes")
    func unsignedSeal() throws {
        let zone = try Zone([])
        try zone.history()
        let run = try zone.run(["report", "weekly", "--week", "2025-W10", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try JSONValue.parse(Array(run.stdout.utf8))
        let code = try #require(report["seal"]?.stringValue)
        let storeJournal = (try? String(contentsOf: zone.store.appendingPathComponent("environment/journal.jsonl"),
                                        encoding: .utf8)) ?? ""
        #expect(!storeJournal.contains("\"seal\""))
        #expect(try zone.run(["verify", "--seal", code, "--week", "2025-W10"]).status == 0)
        var records = try zone.records()
        records.insert(Zone.forged(at: "2025-02-24T09:30:00+08:00"), at: 1)
        try zone.rechain(records)
        // The chain accepts the rewrite; the seal read at the meeting does not.
        #expect(try zone.run(["verify", "--all"]).status == 0)
        let check = try zone.run(["verify", "--seal", code, "--week", "2025-W10"])
        #expect(check.status == 5, "\(check.stdout)")
        #expect(check.stdout.contains("does NOT match"), "\(check.stdout)")
    }

    @Test("a report taken before the week's dispatch prints its moment with the check, which then matches without a record")
    func sealBeforeTheDispatch() throws {
        let zone = try Zone([])
        try zone.history()
        // Two days before the dispatch (Monday 2025-03-03 09:00), after JR-1 began.
        let run = try zone.run(["report", "weekly", "--week", "2025-W10", "--now", "2025-03-01T12:00", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try JSONValue.parse(Array(run.stdout.utf8))
        let code = try #require(report["seal"]?.stringValue)
        let asOf = try #require(report["sealAsOf"]?.stringValue)
        #expect(asOf == report["asOf"]?.stringValue)
        let markdown = try zone.run(["report", "weekly", "--week", "2025-W10", "--now", "2025-03-01T12:00",
                                     "--format", "markdown"])
        #expect(markdown.stdout.contains("agency verify --seal \(code) --week 2025-W10 --as-of \(asOf)"), "\(markdown.stdout)")
        let check = try zone.run(["verify", "--seal", code, "--week", "2025-W10", "--as-of", asOf])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("matches"), "\(check.stdout)")
        // The report of the dispatch itself prints no --as-of.
        let atDispatch = try zone.run(["report", "weekly", "--week", "2025-W10", "--format", "markdown"])
        #expect(!atDispatch.stdout.contains("--as-of"), "\(atDispatch.stdout)")
        let bad = try zone.run(["verify", "--seal", code, "--week", "2025-W10", "--as-of", "yesterday"])
        #expect(bad.status == 1, "\(bad.stdout)\(bad.stderr)")
        #expect(bad.stderr.contains("--as-of 'yesterday' is not a time"), "\(bad.stderr)")
    }
}
