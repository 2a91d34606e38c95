import Foundation

/// The outcome of one run of the `agency` binary.
struct AgencyRun {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs the built `agency` binary with `arguments` in `directory`, as a user would;
/// `stdin`, when given, is a file the process reads as its standard input (a file, not a
/// pipe, so a process that stops reading early cannot block or SIGPIPE the test).
/// `launcher` runs agency through another program (`setpriv` to run it as another user).
func agency(_ arguments: [String], in directory: URL? = nil,
            environment: [String: String] = [:], stdin: URL? = nil, launcher: [String] = []) throws -> AgencyRun {
    let process = Process()
    if let program = launcher.first {
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = Array(launcher.dropFirst()) + [AgencyBinary.url.path] + arguments
    } else {
        process.executableURL = AgencyBinary.url
        process.arguments = arguments
    }
    if let directory { process.currentDirectoryURL = directory }
    if let stdin { process.standardInput = try FileHandle(forReadingFrom: stdin) }
    var env = ProcessInfo.processInfo.environment
    env["NO_COLOR"] = "1"
    for (key, value) in environment { env[key] = value }
    process.environment = env
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return AgencyRun(status: process.terminationStatus,
                     stdout: String(decoding: outData, as: UTF8.self),
                     stderr: String(decoding: errData, as: UTF8.self))
}

/// A temporary directory removed when the test is done with it.
final class TemporaryDirectory: @unchecked Sendable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("agency-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> URL {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(),
                                                withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
        return file
    }
}
