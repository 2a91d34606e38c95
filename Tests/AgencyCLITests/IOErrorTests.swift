import Foundation
import Testing
@testable import AgencyCLI
import AgencyService
import WorkflowStore

@Suite("I/O errors: a clear message, exit 6, the store intact")
struct IOErrorTests {
    @Test("a full disk, a read-only file system and permission denied map to exit 6, naming the file and what to do",
          arguments: [(ENOSPC, "No space left on device (ENOSPC). The disk is full: free space on it"),
                      (EDQUOT, "(EDQUOT). The disk quota is used up"),
                      (EROFS, "Read-only file system (EROFS). The file system is mounted read-only: remount it"),
                      (EACCES, "Permission denied (EACCES). Run agency as a user allowed to read and write it"),
                      (EPERM, "(EPERM). Run agency as a user allowed to read and write it")])
    func storeIOErrorsMapToExitSix(code: Int32, text: String) {
        let path = "/srv/agency/journal/P-1.jsonl"
        for error in [StoreError.io(operation: "write", path: path, errno: code),
                      StoreError.commitFailed(id: "P-1", step: "appending to the journal",
                                              cause: .io(operation: "write", path: path, errno: code),
                                              outcome: "Nothing was changed.")] {
            let mapped = CLIError(error)
            #expect(mapped.exitCode == ExitStatus.io)
            #expect(mapped.exitCode.rawValue == 6)
            #expect(mapped.description.contains("could not write \(path): "), "\(mapped.description)")
            #expect(mapped.description.contains(text), "\(mapped.description)")
            #expect(ServiceError(error).category == .io)
        }
        #expect(CLIError(StoreError.commitFailed(id: "P-1", step: "appending to the journal",
                                                 cause: .io(operation: "write", path: path, errno: code),
                                                 outcome: "Nothing was changed.")).description
            .hasSuffix("Nothing was changed."))
    }

    @Test("other store errors keep their codes; none is an internal error")
    func otherStoreErrorsKeepTheirCodes() {
        #expect(CLIError(StoreError.io(operation: "open", path: "/s/x", errno: EIO)).exitCode.rawValue == 6)
        #expect(CLIError(StoreError.encoding(what: "the snapshot of P-1", problem: "NaN")).exitCode.rawValue == 1)
        #expect(CLIError(StoreError.storeNotEmpty(path: "/s", entry: "x")).exitCode.rawValue == 4)
        #expect(CLIError(StoreError.notAStore(path: "/s", problem: "no such directory")).exitCode.rawValue == 2)
        #expect(CLIError(StoreError.newerFormat(path: "/s/store.json", format: 9)).exitCode.rawValue == 1)
        #expect(CLIError(CocoaError(.fileWriteOutOfSpace, userInfo: [NSUnderlyingErrorKey: NSError(
            domain: NSPOSIXErrorDomain, code: Int(ENOSPC))])).exitCode.rawValue == 6)
    }

    @Test("a read-only store: commands that write exit 6 naming the file, reads work, nothing changes")
    func readOnlyStore() throws {
        // Root writes through any permission bits; as root, the commands run as nobody instead.
        var launcher: [String] = []
        if geteuid() == 0 {
            guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else { return }
            launcher = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        }
        // Direct mode only: the subject is a process writing a store whose files it may
        // not write; a served store's files are its server's alone (ServeTests).
        let zone = try CLIFixture(served: false)
        var run = try zone.run(["start", "joint_review", "--id", "JR-1", "--as", "wangfang", "--now", "2025-01-06T09:00",
                                "--input", #"{"project": "光伏", "agent": "wangfang"}"#])
        #expect(run.status == 0, "\(run.stderr)")
        let store = zone.url.appendingPathComponent(".agency")
        try chmod(store, writable: false)
        defer { try? chmod(store, writable: true) }
        let before = try snapshotOfFiles(store)
        func asOther(_ arguments: [String]) throws -> AgencyRun {
            try agency(arguments, in: zone.url, launcher: launcher)
        }
        run = try asOther(["comment", "JR-1", "--as", "wangfang", "--comment", "补充材料", "--now", "2025-01-06T10:00"])
        #expect(run.status == 6, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains(store.resolvingSymlinksInPath().path + "/"), "\(run.stderr)")
        #expect(run.stderr.contains("Permission denied (EACCES). Run agency as a user allowed"), "\(run.stderr)")
        #expect(!run.stderr.contains("internal"))
        run = try asOther(["start", "joint_review", "--id", "JR-2", "--as", "wangfang", "--now", "2025-01-06T10:00",
                           "--input", #"{"project": "储能", "agent": "wangfang"}"#])
        #expect(run.status == 6, "\(run.stdout)\(run.stderr)")
        run = try asOther(["reindex"])
        #expect(run.status == 6, "\(run.stdout)\(run.stderr)")
        // A tick with nothing due writes nothing, so it succeeds on a read-only store.
        run = try asOther(["tick", "--now", "2025-01-08T09:00"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        run = try asOther(["show", "JR-1"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try snapshotOfFiles(store) == before, "the store changed")
    }

    @Test("an unreadable workflow file, people file or input file is exit 6 naming it, not 'no such file'")
    func unreadableFilesBesideTheStore() throws {
        var launcher: [String] = []
        if geteuid() == 0 {
            guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else { return }
            launcher = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        }
        // Direct mode only: the workflow and people files are read by whoever runs agency;
        // in a served store the server reads them with its own account (ServeTests covers
        // the caller's own unreadable --input file).
        let zone = try CLIFixture(served: false)
        let manager = FileManager.default
        let workflow = zone.url.appendingPathComponent("Workflows/joint_review.lua")
        let input = try zone.directory.write("input.json", #"{"project": "光伏", "agent": "wangfang"}"#)
        // Whoever runs agency below may write the store, but not read these two files.
        try chmod(zone.url.appendingPathComponent(".agency"), writable: true, everyone: true)
        try manager.setAttributes([.posixPermissions: 0o000], ofItemAtPath: input.path)
        var run = try agency(["start", "joint_review", "--as", "wangfang", "--input", "input.json"], in: zone.url,
                             launcher: launcher)
        #expect(run.status == 6, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains("--input input.json: could not read it: Permission denied (EACCES)"), "\(run.stderr)")
        try manager.setAttributes([.posixPermissions: 0o644], ofItemAtPath: input.path)
        try manager.setAttributes([.posixPermissions: 0o000], ofItemAtPath: workflow.path)
        defer { try? manager.setAttributes([.posixPermissions: 0o644], ofItemAtPath: workflow.path) }
        run = try agency(["start", "joint_review", "--as", "wangfang", "--input", "input.json"], in: zone.url,
                         launcher: launcher)
        #expect(run.status == 6, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains("could not read \(workflow.resolvingSymlinksInPath().path): Permission denied (EACCES)")
                || run.stderr.contains("could not read \(workflow.path): Permission denied (EACCES)"), "\(run.stderr)")
        try manager.setAttributes([.posixPermissions: 0o644], ofItemAtPath: workflow.path)
        let people = zone.url.appendingPathComponent(".agency/people.json")
        try manager.setAttributes([.posixPermissions: 0o000], ofItemAtPath: people.path)
        run = try agency(["people"], in: zone.url, launcher: launcher)
        #expect(run.status == 6, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains("people.json: Permission denied (EACCES)"), "\(run.stderr)")
    }

    private func chmod(_ folder: URL, writable: Bool, everyone: Bool = false) throws {
        let manager = FileManager.default
        var paths = [folder.path]
        paths += (manager.enumerator(atPath: folder.path)?.compactMap { $0 as? String } ?? [])
            .map { folder.appendingPathComponent($0).path }
        for path in paths {
            var isDirectory: ObjCBool = false
            _ = manager.fileExists(atPath: path, isDirectory: &isDirectory)
            var mode = isDirectory.boolValue ? (writable ? 0o755 : 0o555) : (writable ? 0o644 : 0o444)
            if everyone && writable { mode |= isDirectory.boolValue ? 0o777 : 0o666 }
            try manager.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        }
    }

    private func snapshotOfFiles(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in FileManager.default.enumerator(atPath: folder.path)?.compactMap({ $0 as? String }) ?? [] {
            var isDirectory: ObjCBool = false
            let path = folder.appendingPathComponent(name).path
            _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            files[name] = isDirectory.boolValue ? Data() : try Data(contentsOf: URL(fileURLWithPath: path))
        }
        return files
    }
}
