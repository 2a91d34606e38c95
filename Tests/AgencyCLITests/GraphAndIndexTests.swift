import Foundation
import Testing

@Suite("agency graph and reindex")
struct GraphAndIndexTests {
    @Test("graph draws the definition, and an instance's path")
    func graph() throws {
        let zone = try CLIFixture()
        var run = try zone.run(["graph", "joint_review"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("stateDiagram-v2"))
        #expect(run.stdout.contains("prepare --> review: submitted"))
        run = try zone.run(["graph", "joint_review", "--format", "dot"])
        #expect(run.stdout.contains("\"review\" -> \"prepare\" [label=\"rejected\"];"))
        try zone.run(["start", "joint_review", "--id", "G-1", "--as", "wangfang", "--now", "2025-01-06T09:00",
                      "--input", #"{"project": "P", "agent": "wangfang"}"#])
        try zone.run(["complete", "G-1", "--as", "wangfang", "--now", "2025-01-06T10:00"])
        run = try zone.run(["graph", "joint_review", "--instance", "G-1"])
        #expect(run.stdout.contains("class review current"))
        #expect(run.stdout.contains("class prepare visited"))
        run = try zone.run(["graph", "nosuch"])
        #expect(run.status == 2)
        let hasDot = FileManager.default.isExecutableFile(atPath: "/usr/bin/dot")
        run = try zone.run(["graph", "joint_review", "--format", "svg"])
        if hasDot {
            #expect(run.status == 0 && run.stdout.contains("<svg"))
        } else {
            #expect(run.status == 2)
            #expect(run.stderr.contains("apt-get install graphviz"))
        }
    }

    @Test("graph shows control characters from titles instead of writing them")
    func graphEscapes() throws {
        let hostile = #"return workflow { name = "esc", title = "A\27]0;PWN\7\27[2J", start = "a", "#
            + #"states = { a = final { title = "x\27[31my" } } }"#
        let zone = try CLIFixture(workflows: ["joint_review": CLIFixture.countersign, "esc": hostile])
        for format in ["mermaid", "dot"] {
            let run = try zone.run(["graph", "esc", "--format", format])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(!run.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "\(format)")
            #expect(run.stdout.contains("␛"), "\(format)")
        }
    }

    @Test("reindex rebuilds inboxes and due timers after index/ is lost")
    func reindex() throws {
        let zone = try CLIFixture()
        try zone.run(["start", "joint_review", "--id", "R-1", "--as", "wangfang", "--now", "2025-01-06T09:00",
                      "--input", #"{"project": "P", "agent": "wangfang"}"#])
        try FileManager.default.removeItem(at: zone.url.appendingPathComponent(".agency/index"))
        // Without an index a read looks at every snapshot: slower, never an empty answer.
        var run = try zone.run(["inbox", "--as", "wangfang"])
        #expect(run.stdout.contains("R-1"))
        run = try zone.run(["reindex"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("indexed 1 instance(s)"))
        run = try zone.run(["inbox", "--as", "wangfang"])
        #expect(run.stdout.contains("R-1"))
    }
}
