import AgencyServer
import AgencyService
import Foundation
import WorkflowStore

/// Files a command reads or writes on the user's behalf (`--data @file`, `-` for stdin,
/// `people apply FILE`, `calendar import FILE`, `report --output FILE`).
///
/// Direct mode uses the local files. Served mode asks the client (``ClientIO``), which
/// reads and writes with its own permissions relative to its working directory: the
/// server never opens a path a user names, so `agency serve`'s account cannot be used to
/// read or overwrite files the user could not.
enum UserFiles {
    /// The file's bytes, or nil when there is none.
    /// `label` names the file in messages (e.g. `--input input.json`).
    static func read(_ path: String, label: String? = nil) throws -> [UInt8]? {
        if let served = ServedRequestContext.current {
            do {
                return try served.io.read(path)
            } catch {
                throw CLIError.io("\(label ?? path): \(error.message)")
            }
        }
        return try mapErrors { try LocalFile.read(path) }
    }

    /// Writes `bytes` to the file, replacing it.
    static func write(_ path: String, _ bytes: [UInt8]) throws {
        if let served = ServedRequestContext.current {
            do {
                return try served.io.write(path, bytes)
            } catch {
                throw CLIError.io("cannot write \(path): \(error.message)")
            }
        }
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: path))
        } catch {
            if let code = ServiceError.posixCode(error) {
                throw CLIError.io("cannot write \(path): \(StoreError.describe(errno: code))")
            }
            throw CLIError.invalid("cannot write \(path): \(error.localizedDescription)")
        }
    }

    /// Everything on standard input, or nil in direct mode, where the caller reads the
    /// descriptor itself (and may stop early).
    static func servedStandardInput() throws -> [UInt8]? {
        guard let served = ServedRequestContext.current else { return nil }
        do {
            return try served.io.readStandardInput()
        } catch {
            throw CLIError.io("standard input: \(error.message)")
        }
    }
}
