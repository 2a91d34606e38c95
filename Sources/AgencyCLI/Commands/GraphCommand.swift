import ArgumentParser
import Foundation
import LuaRuntime
import WorkflowEngine

/// `agency graph`: a diagram of a workflow's states and transitions.
struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Draw a workflow's states and transitions (Mermaid, DOT or SVG).",
        discussion: """
            Timeouts are dashed red arrows, escalation ladders are notes, returns dotted.
            With --instance, the instance's path is shaded and its current state outlined.

            Examples:
              agency graph permit
              agency graph permit --format dot > permit.dot
              agency graph permit --format svg --instance P001-fire > permit.svg
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case mermaid, dot, svg
    }

    @Argument(help: "The workflow's name (or a .lua file).") var workflow: String
    @Option(help: "mermaid, dot or svg (svg needs Graphviz's dot).") var format: Format = .mermaid
    @Option(help: ArgumentHelp("Highlight this instance's path.", valueName: "id")) var instance: String?
    @OptionGroup var workflowOptions: WorkflowOptions
    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        var highlight: WorkflowDiagram.Highlight?
        let definition: WorkflowDefinition
        if let instance {
            let session = try AgencySession(storeURL: storeOptions.storeURL, workflows: workflowOptions,
                                            actor: nil, now: nil)
            let loaded = try session.instance(instance)
            definition = try session.definition(loaded.workflow, loaded.version)
            highlight = .init(visited: loaded.path.map(\.state), current: loaded.status == .running ? loaded.state : nil)
        } else {
            definition = try workflowOptions.load(workflow, runtime: try LuaRuntime())
        }
        // Titles come from the workflow file: control characters in them are shown, never
        // written to the terminal (lines are kept, with no indent).
        func shown(_ text: String) -> [UInt8] { Array(TerminalText.visible(text, continuation: "").utf8) }
        switch format {
        case .mermaid:
            Console.raw(shown(WorkflowDiagram.mermaid(definition, highlight: highlight)))
        case .dot:
            Console.raw(shown(WorkflowDiagram.dot(definition, highlight: highlight)))
        case .svg:
            Console.raw(shown(try Self.svg(TerminalText.visible(WorkflowDiagram.dot(definition, highlight: highlight),
                                                                continuation: ""))))
        }
    }

    static func svg(_ dot: String) throws -> String {
        let candidates = ["/usr/bin/dot", "/usr/local/bin/dot"]
        guard let path = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw CLIError.notFound("SVG needs Graphviz's `dot`, which is not installed "
                                    + "(apt-get install graphviz), or use --format dot / mermaid")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["-Tsvg"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(dot.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CLIError.internal("dot failed (status \(process.terminationStatus))") }
        return String(decoding: data, as: UTF8.self)
    }
}
