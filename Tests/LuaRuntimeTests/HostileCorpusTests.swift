import Foundation
import Testing
@testable import LuaRuntime

/// One script of the hostile corpus, with the error it must end in, declared in its
/// header: `-- expect: KIND` and optionally `-- message: TEXT`.
struct HostileScript: CustomTestStringConvertible, Sendable {
    let name: String
    let source: String
    let expectedKind: String
    let expectedMessage: String?

    var testDescription: String { name }

    static func all() -> [HostileScript] {
        guard let folder = Bundle.module.url(forResource: "HostileScripts", withExtension: nil),
              let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path)
        else { return [] }
        return names.filter { $0.hasSuffix(".lua") }.sorted().compactMap { name in
            guard let source = try? String(contentsOf: folder.appendingPathComponent(name),
                                           encoding: .utf8) else { return nil }
            var kind = ""
            var message: String?
            for line in source.split(separator: "\n") where line.hasPrefix("-- ") {
                if line.hasPrefix("-- expect: ") { kind = String(line.dropFirst(11)) }
                if line.hasPrefix("-- message: ") { message = String(line.dropFirst(12)) }
            }
            return HostileScript(name: name, source: source, expectedKind: kind,
                                 expectedMessage: message)
        }
    }
}

@Suite("Hostile script corpus")
struct HostileCorpusTests {
    @Test("the corpus covers the known attacks")
    func corpusSize() {
        #expect(HostileScript.all().count >= 25)
    }

    @Test("each hostile script ends in its own error, within the limits",
          arguments: HostileScript.all())
    func hostileScript(_ script: HostileScript) throws {
        let started = Date()
        let error = luaError { try runLua(script.source, chunkName: script.name) }
        let elapsed = Date().timeIntervalSince(started)
        let caught = try #require(error, "\(script.name) ran to completion")
        #expect(caught.kind.rawValue == script.expectedKind,
                "\(script.name): \(caught.kind) — \(caught.description)")
        if let expected = script.expectedMessage {
            #expect(caught.description.contains(expected),
                    "\(script.name): message was \(caught.description)")
        }
        #expect(elapsed < testLimits.seconds + 1, "\(script.name) took \(elapsed) s")
    }
}
