import Foundation
import Testing

@Suite("store copy of a store being served")
struct ServedStoreCopyTests {
    @Test("refused while agency serve runs on it (exit 4, no target); copied once it is stopped")
    func refusedWhileServed() throws {
        let folder = try TemporaryDirectory()
        try folder.write("people.json", CLIFixture.people)
        #expect(try agency(["init", "--served", "--people", "people.json"], in: folder.url).status == 0)
        let server = try ServeProcess(store: folder.url.appendingPathComponent(".agency"))
        var run = try agency(["store", "copy", ".agency", "copy"], in: folder.url)
        #expect(run.status == 4 && run.stderr.contains("agency serve is running"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("copy").path))
        _ = server.stop()
        run = try agency(["store", "copy", ".agency", "copy"], in: folder.url)
        #expect(run.status == 0, "\(run.stderr)")
    }
}
