import Foundation

/// A second operating-system user for the red-team tests (ServedSecurityTests): created
/// once with `useradd` when the tests run as root, and reused by every test and run.
///
/// It has no home, no shell and no password; it exists so that the tests can show what a
/// login that is not the store's owner can and cannot do, with the kernel's own checks
/// rather than a simulation of them.
struct RedTeamUser: Sendable {
    static let name = "agency-redteam"

    let uid: UInt32
    let gid: UInt32

    /// The user, created if needed; nil when that is not possible here, with the reason in
    /// ``unavailableReason``.
    static let shared: RedTeamUser? = make()

    static var unavailableReason: String {
        if getuid() != 0 { return "the red-team tests create a second OS user, which needs root (CI runs as root)" }
        if !FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") {
            return "setpriv (util-linux) is missing: it runs commands as the second user"
        }
        return "useradd is missing or failed, so there is no second OS user '\(name)' to attack with"
    }

    private static func make() -> RedTeamUser? {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else { return nil }
        if let found = lookUp() { return found }
        let useradd = ["/usr/sbin/useradd", "/sbin/useradd", "/usr/bin/useradd"]
            .first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let useradd else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: useradd)
        process.arguments = ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return nil
        }
        process.waitUntilExit()
        // Another test process may have created it meanwhile: look again either way.
        return lookUp()
    }

    private static func lookUp() -> RedTeamUser? {
        guard let entry = getpwnam(name) else { return nil }
        return RedTeamUser(uid: entry.pointee.pw_uid, gid: entry.pointee.pw_gid)
    }

    /// `setpriv` arguments that run a program as this user, with no supplementary groups.
    var launcher: [String] {
        ["/usr/bin/setpriv", "--reuid=\(uid)", "--regid=\(gid)", "--clear-groups", "--"]
    }

    /// Runs `program` (an absolute path) as this user in `directory`.
    func run(_ program: String, _ arguments: [String], in directory: URL) throws -> AgencyRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: launcher[0])
        process.arguments = Array(launcher.dropFirst()) + [program] + arguments
        process.currentDirectoryURL = directory
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return AgencyRun(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Runs `agency` as this user in `directory`.
    func agency(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> AgencyRun {
        try AgencyCLITests.agency(arguments, in: directory, environment: environment, launcher: launcher)
    }

    /// Starts `flock -x FILE sleep SECONDS` as this user: it holds the lock until it ends.
    func holdLock(_ path: String, seconds: Int) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: launcher[0])
        process.arguments = Array(launcher.dropFirst()) + ["/usr/bin/flock", "-x", path, "/bin/sleep", "\(seconds)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }
}
