/// Where a report's text goes: to `--output FILE` (written by the client in served mode,
/// its errors naming `--output`), or to standard output, CSV byte for byte (CRLF line
/// ends, cells as they are) and the other formats as text with control characters shown.
enum ReportOutput {
    static func write(_ text: String, csv: Bool, output: String?, what: String, format: String) throws {
        guard let output else {
            if csv {
                Console.raw(Array(text.utf8))
            } else {
                Console.out(text.hasSuffix("\n") ? String(text.dropLast()) : text)
            }
            return
        }
        do {
            try UserFiles.write(output, Array(text.utf8))
        } catch let error as CLIError {
            throw CLIError(description: error.description.replacingOccurrences(of: "cannot write ", with: "cannot write --output "),
                           exitCode: error.exitCode)
        }
        Console.out("wrote \(output) (\(what), \(format))")
    }
}
