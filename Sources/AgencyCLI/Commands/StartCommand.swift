import AgencyJSON
import AgencyService
import ArgumentParser
import Foundation
import WorkflowStore

/// `agency start`: starts an instance.
struct StartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Start an instance of a workflow with its input.",
        discussion: """
            The input is JSON, given inline, as a file, or - for standard input, at most
            1 MiB; it is checked against the workflow's input fields.

            Examples:
              agency start leave_request --input '{"reason":"探亲","days":3,"applicant":"wangfang"}'
              agency start permit --input permit-input.json --id P001-fire
            """
    )

    @Argument(help: "The workflow's name (Workflows/<name>.lua).") var workflow: String
    @Option(help: ArgumentHelp("The input: inline JSON, a file, or - for stdin (at most 1 MiB).", valueName: "json|file"))
    var input: String = "{}"
    @Option(help: ArgumentHelp("The instance id (letters, digits, - _ .); generated if absent.", valueName: "id"))
    var id: String?
    @Flag(help: "Print the result as JSON.") var json = false
    @OptionGroup var acting: ActingOptions

    func run() throws {
        let value = try JSONInput.read(input, option: "--input")
        let session = try acting.session()
        let actor = try session.actor()
        // `P.cN` is how the engine names the instances an instance starts (its children,
        // a permit plan's permits): in a real store only an admin may take such an id, or
        // a forged instance could pass for a collection's or a plan's own child.
        // (Simulation stores allow it: tests and replays build such stores by hand.)
        if let id, id.range(of: #"\.c[0-9]+$"#, options: .regularExpression) != nil,
           !session.simulation, !session.service.engine.people.isAdmin(actor) {
            throw CLIError.notPermitted("--id \(id): ids ending in .c and a number are the ids of instances another "
                                        + "instance starts (P01.c3); choose another --id")
        }
        let now = try session.now()
        let result = try session.inStaffLanguage {
            try mapErrors { try session.service.start(workflow, id: id, input: value, actor: actor, at: now) }
        }
        Console.out(json ? try InstanceRendering.resultJSON(result).prettyString()
                         : InstanceRendering.result(result, try StaffView(session)))
    }
}

/// Reads JSON given inline, from a file, or from standard input: an instance's input
/// (`--input`) or an event's data (`--data`).
enum JSONInput {
    /// The largest document an instance takes from the command line: 1 MiB. Instance
    /// data lives in every snapshot and journal record that carries it; a larger file
    /// belongs outside the store, referred to by path or URL (`--attach`).
    static let maximumBytes = 1 << 20

    static func read(_ text: String, option: String) throws -> JSONValue {
        var bytes: [UInt8]
        var source = option
        var size: Int?  // the whole document's size, when known (a file's may be read only in part)
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed == "-" {
            source = "\(option) (stdin)"
            bytes = try UserFiles.servedStandardInput() ?? readAtMost(FileHandle.standardInput, what: source)
        } else if ServedRequestContext.current != nil && !(trimmed.hasPrefix("{") || trimmed.hasPrefix("[")
                                                          || trimmed.hasPrefix("\"")) {
            // Served: the client reads its own file (UserFiles); the server never opens it.
            guard let read = try UserFiles.read(text, label: "\(option) \(text)") else {
                throw CLIError.notFound("\(option) \(text): no such file (give inline JSON starting with '{', a file, or -)")
            }
            source = "\(option) \(text)"
            size = read.count
            bytes = read
        } else if trimmed.hasPrefix("{") || trimmed.hasPrefix("[") || trimmed.hasPrefix("\"") {
            bytes = Array(text.utf8)
            size = bytes.count
        } else {
            let handle: FileHandle
            do {
                handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: text))
            } catch {
                let code = ServiceError.posixCode(error)
                guard code == nil || code == ENOENT || code == ENOTDIR else {
                    throw CLIError.io("\(option) \(text): could not read it: \(StoreError.describe(errno: code ?? EIO))")
                }
                throw CLIError.notFound("\(option) \(text): no such file (give inline JSON starting with '{', a file, or -)")
            }
            defer { try? handle.close() }
            source = "\(option) \(text)"
            size = (try? FileManager.default.attributesOfItem(atPath: text)[.size] as? Int) ?? nil
            bytes = try readAtMost(handle, what: source)
        }
        guard bytes.count <= maximumBytes else {
            let measured = size.flatMap { $0 > maximumBytes ? "\($0) bytes" : nil } ?? "more than \(maximumBytes) bytes"
            throw CLIError.invalid("\(source) is \(measured); an instance's input or data document may be "
                + "at most 1 MiB (\(maximumBytes) bytes). Keep large content outside the store and refer to it "
                + "(a path or URL in a field, or --attach)")
        }
        do {
            return try JSONValue.parse(bytes)
        } catch {
            throw CLIError.invalid("\(source): malformed JSON at \(error)")
        }
    }

    /// Reads up to one byte more than `maximumBytes`: enough to tell a document that is
    /// too large without reading all of it.
    private static func readAtMost(_ handle: FileHandle, what: String) throws -> [UInt8] {
        var bytes: [UInt8] = []
        do {
            while bytes.count <= maximumBytes,
                  let chunk = try handle.read(upToCount: min(1 << 16, maximumBytes + 1 - bytes.count)),
                  !chunk.isEmpty {
                bytes += chunk
            }
        } catch {
            throw CLIError.invalid("\(what): cannot read it: \(error.localizedDescription)")
        }
        return bytes
    }
}
