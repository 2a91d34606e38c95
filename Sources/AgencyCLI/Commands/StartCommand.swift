import AgencyJSON
import ArgumentParser
import Foundation

/// `agency start`: starts an instance.
struct StartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Start an instance of a workflow with its input.",
        discussion: """
            The input is JSON, given inline, as a file, or - for standard input; it is
            checked against the workflow's input fields.

            Examples:
              agency start leave_request --input '{"reason":"探亲","days":3,"applicant":"wangfang"}'
              agency start permit --input permit-input.json --id P001-fire
            """
    )

    @Argument(help: "The workflow's name (Workflows/<name>.lua).") var workflow: String
    @Option(help: ArgumentHelp("The input: inline JSON, a file, or - for stdin.", valueName: "json|file"))
    var input: String = "{}"
    @Option(help: ArgumentHelp("The instance id (letters, digits, - _ .); generated if absent.", valueName: "id"))
    var id: String?
    @Flag(help: "Print the result as JSON.") var json = false
    @OptionGroup var acting: ActingOptions

    func run() throws {
        let session = try acting.session()
        let value = try JSONInput.read(input, option: "--input")
        let actor = try session.actor()
        let now = try session.now()
        let result = try mapErrors {
            try session.service.start(workflow, id: id, input: value, actor: actor, at: now)
        }
        Console.out(json ? try InstanceRendering.resultJSON(result).prettyString()
                         : InstanceRendering.result(result, session.people))
    }
}

/// Reads JSON given inline, from a file, or from standard input.
enum JSONInput {
    static func read(_ text: String, option: String) throws -> JSONValue {
        var bytes: [UInt8]
        var source = option
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed == "-" {
            bytes = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
            source = "\(option) (stdin)"
        } else if trimmed.hasPrefix("{") || trimmed.hasPrefix("[") || trimmed.hasPrefix("\"") {
            bytes = Array(text.utf8)
        } else {
            guard let data = FileManager.default.contents(atPath: text) else {
                throw CLIError.notFound("\(option) \(text): no such file (give inline JSON starting with '{', a file, or -)")
            }
            bytes = [UInt8](data)
            source = text
        }
        do {
            return try JSONValue.parse(bytes)
        } catch {
            throw CLIError.invalid("\(source): malformed JSON at \(error)")
        }
    }
}
