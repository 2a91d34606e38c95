import Foundation
import Testing

/// Every command staff read, printed in full and compared with the snapshot beside this
/// file (Snapshots/NAME.txt), in both store languages. Journal hashes (which carry the
/// login) are masked. To accept a change on purpose: `AGENCY_RECORD_SNAPSHOTS=1
/// swift test --filter StaffOutputSnapshotTests`, then read the diff before committing.
@Suite("Staff output snapshots")
struct StaffOutputSnapshotTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    /// The same small story in a store of each language: a project review started, its
    /// material submitted late, a refusal, a comment, a reminder fired.
    func transcript(language: String) throws -> String {
        let zone = try CLIFixture(workflows: ["review": PeopleFirstOutputTests.permitFlow], served: false)
        if language != "zh-CN" {
            let config = zone.url.appendingPathComponent(".agency/store.json")
            let text = try String(contentsOf: config, encoding: .utf8)
            try text.replacingOccurrences(of: "\"format\"", with: "\"language\": \"\(language)\", \"format\"")
                .write(to: config, atomically: true, encoding: .utf8)
        }
        let steps: [[String]] = [
            ["start", "review", "--id", "R-1", "--as", "wangfang", "--now", "2025-01-06T09:00",
             "--input", #"{"name": "光伏储能一体化", "agent": "wangfang"}"#],
            ["comment", "R-1", "--as", "wangfang", "--comment", "材料已收齐大半", "--now", "2025-01-07T16:00"],
            ["approve", "R-1", "--as", "zhangwei", "--now", "2025-01-08T10:00"],
            ["complete", "R-1", "--as", "wangfang", "--now", "2025-01-13T10:00"],
            ["inbox", "--as", "zhangwei"],
            ["list"],
            ["show", "R-1"],
            ["log", "R-1"],
            ["notifications"],
            ["search", "光伏"],
        ]
        var out: [String] = []
        for step in steps {
            let run = try zone.run(step)
            out.append("$ agency " + step.joined(separator: " ") + "   (exit \(run.status))")
            out.append(run.stdout + run.stderr)
        }
        return Self.masked(out.joined(separator: "\n"))
    }

    static func masked(_ text: String) -> String {
        text.replacingOccurrences(of: #"[0-9a-f]{64}"#, with: "<hash>", options: .regularExpression)
    }

    @Test("zh-CN and en transcripts match their snapshots", arguments: ["zh-CN", "en"])
    func snapshot(language: String) throws {
        let actual = try transcript(language: language)
        let file = Self.folder.appendingPathComponent("staff-output-\(language).txt")
        if ProcessInfo.processInfo.environment["AGENCY_RECORD_SNAPSHOTS"] == "1" {
            try FileManager.default.createDirectory(at: Self.folder, withIntermediateDirectories: true)
            try actual.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        let (wanted, got) = (expected.split(separator: "\n", omittingEmptySubsequences: false),
                             actual.split(separator: "\n", omittingEmptySubsequences: false))
        let first = zip(wanted, got).enumerated().first { $0.element.0 != $0.element.1 }
        let line = (first?.offset ?? min(wanted.count, got.count)) + 1
        let difference = "first difference at line \(line):\nexpected: \(first.map { String($0.element.0) } ?? "(end)")\n"
            + "actual:   \(first.map { String($0.element.1) } ?? "(end)")"
        #expect(expected == actual, Comment(rawValue: difference))
    }
}
