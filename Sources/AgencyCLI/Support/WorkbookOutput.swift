import AgencySpreadsheet
import Foundation

/// Where an Excel workbook goes: to `--output FILE` (written by the client in served
/// mode), or to standard output when that is a file or a pipe. A workbook is binary, so
/// a terminal is refused with the fix, rather than filled with ZIP bytes.
enum WorkbookOutput {
    static func write(_ workbook: Workbook, output: String?, what: String) throws {
        let data: Data
        do {
            data = try workbook.xlsxData()
        } catch {
            throw CLIError.internal("could not write the \(what) workbook: \(error)")
        }
        if let output {
            try UserFiles.write(output, [UInt8](data))
            Console.out("wrote \(output) (\(what), xlsx, \(workbook.sheets.count) sheet(s))")
            return
        }
        let toTerminal = ServedRequestContext.current.map(\.output.terminal)
            ?? (isatty(STDOUT_FILENO) != 0)
        guard !toTerminal else {
            throw CLIError.invalid("an xlsx workbook is binary: give --output FILE.xlsx, or redirect standard output "
                                   + "(> \(what).xlsx)")
        }
        Console.raw([UInt8](data))
    }
}
