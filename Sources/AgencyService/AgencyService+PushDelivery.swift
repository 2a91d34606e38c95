import AgencyJSON
import Foundation
import WorkflowStore

/// What `deliverNotifications(command:)` did.
public struct PushReport: Sendable {
    public struct Failure: Sendable {
        public var key: String
        /// The command's exit status, or nil when it could not run or timed out.
        public var status: Int32?
        public var message: String
    }
    /// Keys the command accepted (exit 0), now acknowledged.
    public var delivered: [String] = []
    /// Keys the command refused; they stay pending for the next run.
    public var failed: [Failure] = []
    /// Another delivery run held the lock; this one did nothing.
    public var skippedBusy = false
    /// Digests sent (the person, and how many notifications each carried).
    public var digests: [(person: String, count: Int)] = []
    /// Notifications held for a later digest slot.
    public var held = 0
}

/// Delivery beyond the notification box: a command the zone chooses (a mail or chat
/// script) is run once per pending notification, so cron can push 催办 and 督办 out.
///
/// The command runs with `/bin/sh -c`, gets the notification's JSON on standard input
/// and its fields in `AGENCY_NOTIFICATION_*` environment variables. Exit 0 marks the
/// notification delivered; any other status, or running past the timeout, leaves it
/// pending and is reported. One run at a time per store: a second run finds the
/// delivery lock taken and does nothing, so a slow mail server cannot make cron pile
/// up runs that send the same message twice.
extension AgencyService {
    public func deliverNotifications(command: String, to person: String? = nil,
                                     timeout: TimeInterval = 60, now: Date = Date()) throws -> PushReport {
        guard !command.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ServiceError.invalid("--command is empty; give the delivery command, e.g. --command ./push.sh")
        }
        var report = PushReport()
        let text = NotificationText(naming: InstanceNaming(service: self), now: now)
        let locked = try withDeliveryLock {
            var digestNotes: [String: [JSONValue]] = [:]
            for note in try notifications(to: person) {
                guard let key = note["key"]?.stringValue else { continue }
                let recipient = note["to"]?.stringValue ?? ""
                if engine.people.person(recipient)?.digest != nil {
                    digestNotes[recipient, default: []].append(note)
                    continue
                }
                let shown = text.withMessage(note)
                if let failure = push(shown, key: key, command: command, timeout: timeout) {
                    report.failed.append(failure)
                } else {
                    _ = try acknowledge(keys: [key])
                    report.delivered.append(key)
                }
            }
            for (recipient, notes) in digestNotes.sorted(by: { $0.key < $1.key }) {
                guard let who = engine.people.person(recipient),
                      let digest = NotificationDigest.due(for: who, pending: notes, now: now, timestamps: timestamps)
                else {
                    report.held += notes.count
                    continue
                }
                report.held += notes.count - digest.notes.count
                let json = digest.json(text: text, timestamps: timestamps)
                let key = digest.key(timestamps: timestamps)
                if let failure = push(json, key: key, command: command, timeout: timeout) {
                    report.failed.append(failure)
                } else {
                    let keys = digest.notes.compactMap { $0["key"]?.stringValue }
                    _ = try acknowledge(keys: keys)
                    report.delivered += keys
                    report.digests.append((recipient, keys.count))
                }
            }
        }
        report.skippedBusy = !locked
        return report
    }

    /// Runs `body` holding the store's delivery lock; false, without running it, when
    /// another process holds the lock.
    private func withDeliveryLock(_ body: () throws -> Void) throws -> Bool {
        try guarded { try store.withDeliveryLock(body) }
    }

    /// The environment the delivery command sees: ours plus the notification's fields.
    func deliveryEnvironment(_ note: JSONValue, key: String) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        let fields = ["to", "kind", "level", "instance", "item", "title", "body", "at", "message"]
        for field in fields {
            environment["AGENCY_NOTIFICATION_\(field.uppercased())"] = note[field]?.stringValue ?? ""
        }
        environment["AGENCY_NOTIFICATION_KEY"] = key
        let to = note["to"]?.stringValue ?? ""
        environment["AGENCY_NOTIFICATION_TO_NAME"] = engine.people.person(to)?.name ?? to
        environment["AGENCY_STORE"] = store.location
        return environment
    }

    /// Runs the command for one notification; nil when it exited 0.
    private func push(_ note: JSONValue, key: String, command: String,
                      timeout: TimeInterval) -> PushReport.Failure? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.environment = deliveryEnvironment(note, key: key)
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        do {
            try process.run()
        } catch {
            return .init(key: key, status: nil, message: "cannot run /bin/sh -c \(command): \(error)")
        }
        // Read both outputs while the command runs, so a chatty command cannot block on a
        // full pipe; only the tail of standard error is kept for the report.
        let collected = Box<Data>(Data())
        let readers = DispatchGroup()
        for (pipe, keep) in [(output, false), (errors, true)] {
            DispatchQueue.global().async(group: readers) {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                if keep { collected.value = data }
            }
        }
        var line = (try? note.canonicalString()) ?? "{}"
        line += "\n"
        // A command that does not read its input may exit before we write it; the write
        // must then fail with EPIPE, not kill the process with SIGPIPE. A library does not
        // change the process's signal handling, so the signal is held for this thread only.
        withSIGPIPEHeld {
            try? input.fileHandleForWriting.write(contentsOf: Data(line.utf8))
            try? input.fileHandleForWriting.close()
        }
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            if finished.wait(timeout: .now() + 2) == .timedOut { kill(process.processIdentifier, SIGKILL) }
            _ = readers.wait(timeout: .now() + 2)
            return .init(key: key, status: nil, message: "timed out after \(Int(timeout)) s; killed")
        }
        // A background process the command left behind may hold the pipes open: do not
        // wait for it beyond a moment.
        _ = readers.wait(timeout: .now() + 2)
        guard process.terminationStatus != 0 || process.terminationReason != .exit else { return nil }
        let stderr = String(decoding: collected.value.suffix(400), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let how = process.terminationReason == .exit ? "exited with \(process.terminationStatus)"
            : "was killed by signal \(process.terminationStatus)"
        return .init(key: key, status: process.terminationStatus,
                     message: "the command \(how)" + (stderr.isEmpty ? "" : ": \(stderr)"))
    }
}

/// A value shared with a reader thread.
private final class Box<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}

/// Runs `body` with SIGPIPE blocked in the calling thread, then takes away a SIGPIPE the
/// body raised (a write to a pipe whose reader is gone), so the write fails with EPIPE
/// instead of ending the process, and no other thread or handler is affected.
func withSIGPIPEHeld(_ body: () -> Void) {
    var pipeOnly = sigset_t()
    sigemptyset(&pipeOnly)
    sigaddset(&pipeOnly, SIGPIPE)
    var previous = sigset_t()
    pthread_sigmask(SIG_BLOCK, &pipeOnly, &previous)
    var wasPending = sigset_t()
    sigpending(&wasPending)
    let alreadyPending = sigismember(&wasPending, SIGPIPE) == 1
    body()
    var pending = sigset_t()
    sigpending(&pending)
    if !alreadyPending && sigismember(&pending, SIGPIPE) == 1 {
        var zero = timespec(tv_sec: 0, tv_nsec: 0)
        _ = sigtimedwait(&pipeOnly, nil, &zero)
    }
    pthread_sigmask(SIG_SETMASK, &previous, nil)
}
