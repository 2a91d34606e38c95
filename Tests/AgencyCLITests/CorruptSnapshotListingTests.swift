import Foundation
import Testing

@Suite("A corrupt snapshot in a listing")
struct CorruptSnapshotListingTests {
    @Test("list prints the others, then names the instance and the repair, exit 5; JSON stays valid")
    func listingNamesTheUnreadable() throws {
        let zone = try CLIFixture()
        for id in ["JR-1", "JR-2", "JR-3"] {
            let run = try zone.run(["start", "joint_review", "--id", id, "--as", "wangfang", "--now", "2025-01-06T09:00",
                                    "--input", #"{"project": "光伏", "agent": "wangfang"}"#])
            #expect(run.status == 0, "\(run.stderr)")
        }
        try Data("{\"garbage".utf8).write(to: zone.url.appendingPathComponent(".agency/instances/JR-2.json"))

        var run = try zone.run(["list"])
        #expect(run.status == 5, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("JR-1") && run.stdout.contains("JR-3") && !run.stdout.contains("JR-2"), "\(run.stdout)")
        #expect(run.stderr.contains("1 instance could not be read") && run.stderr.contains("JR-2"), "\(run.stderr)")
        #expect(run.stderr.contains("agency repair JR-2"), "\(run.stderr)")

        run = try zone.run(["list", "--json"])
        #expect(run.status == 5)
        let listed = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]]
        #expect(listed?.compactMap { $0["id"] as? String } == ["JR-1", "JR-3"], "\(run.stdout)")

        // A snapshot of the wrong shape says where and what, in words.
        let third = zone.url.appendingPathComponent(".agency/instances/JR-3.json")
        let original = try Data(contentsOf: third)
        let shape = String(decoding: original, as: UTF8.self)
            .replacingOccurrences(of: #""status": "running""#, with: #""status": 5"#)
        #expect(shape.contains(#""status": 5"#))
        try Data(shape.utf8).write(to: third)
        run = try zone.run(["show", "JR-3"])
        #expect(run.status == 5 && run.stderr.contains("status: expected a string but found integer"), "\(run.stderr)")
        #expect(!run.stderr.contains("DecodingError") && run.stderr.contains("agency verify JR-3"), "\(run.stderr)")
        try original.write(to: third)

        // After the repair the listing is whole again.
        run = try zone.run(["repair", "JR-2"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        run = try zone.run(["list", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
    }
}
