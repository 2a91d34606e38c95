import Foundation
import Testing

@Suite("Input and data documents are at most 1 MiB")
struct InputLimitTests {
    /// A JSON document of exactly `size` bytes: the joint review's input with a padded project name.
    static func document(size: Int) -> String {
        let frame = #"{"project": "", "agent": "wangfang"}"#
        let padding = String(repeating: "x", count: size - frame.utf8.count)
        return #"{"project": "\#(padding)", "agent": "wangfang"}"#
    }

    @Test("one byte over the cap is refused (exit 1) naming the option, the size and the cap; nothing is written")
    func oversizedDocumentsAreRefused() throws {
        let zone = try CLIFixture()
        let store = zone.url.appendingPathComponent(".agency")
        let before = try allFiles(store)
        let big = try zone.directory.write("big.json", Self.document(size: 1_048_577))
        var run = try zone.run(["start", "joint_review", "--id", "BIG-1", "--as", "wangfang", "--input", "big.json"])
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains("--input big.json is 1048577 bytes"), "\(run.stderr)")
        #expect(run.stderr.contains("at most 1 MiB (1048576 bytes)"))
        run = try zone.run(["start", "joint_review", "--id", "BIG-2", "--as", "wangfang", "--input", "-"], stdin: big)
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains("--input (stdin) is more than 1048576 bytes"), "\(run.stderr)")
        #expect(try allFiles(store) == before, "a refused start wrote something")

        // Exactly 1 MiB is accepted.
        try zone.directory.write("max.json", Self.document(size: 1_048_576))
        run = try zone.run(["start", "joint_review", "--id", "MAX-1", "--as", "wangfang", "--input", "max.json",
                            "--now", "2025-01-06T09:00"])
        #expect(run.status == 0, "\(run.stderr)")

        // --data is capped too, from a file or standard input, before anything is journaled.
        let journal = store.appendingPathComponent("journal/MAX-1.jsonl")
        let journalBefore = try Data(contentsOf: journal)
        run = try zone.run(["complete", "MAX-1", "--as", "wangfang", "--data", "big.json"])
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains("--data big.json is 1048577 bytes"), "\(run.stderr)")
        run = try zone.run(["send", "MAX-1", "submitted", "--as", "wangfang", "--data", "-"], stdin: big)
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains("--data (stdin) is more than 1048576 bytes"), "\(run.stderr)")
        #expect(try Data(contentsOf: journal) == journalBefore)
    }

    private func allFiles(_ folder: URL) throws -> [String] {
        (FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String } ?? []).sorted()
    }
}
