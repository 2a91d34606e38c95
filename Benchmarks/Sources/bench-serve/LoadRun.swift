import AgencyJSON
import BenchSupport
import Foundation

/// A command a client was told succeeded: exit 0 over the socket, 2xx over HTTP.
struct Acknowledged: Hashable, Sendable {
    var kind: String  // "start" or "approve"
    var instance: String
    var person: String
}

/// What the clients were told, and how long each acknowledged command took. Shared by
/// the client threads, hence the lock.
final class Ledger: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var acknowledged: [Acknowledged] = []
    private(set) var refused: [String] = []
    private(set) var latencies: [String: [Double]] = [:]

    func note(_ command: Acknowledged, channel: String, ok: Bool, seconds: Double, detail: @autoclosure () -> String) {
        lock.lock()
        defer { lock.unlock() }
        if ok {
            acknowledged.append(command)
            latencies[channel, default: []].append(seconds)
        } else {
            refused.append("\(channel) \(command.kind) \(command.instance) as \(command.person): \(detail())")
        }
    }
}

/// One client: a person, over the socket (in process, ServedClient) or over HTTP with the
/// person's token.
struct LoadClient: Sendable {
    let zone: ServeBenchZone
    let ledger: Ledger
    let person: String
    let token: String?
    var channel: String { token == nil ? "socket" : "http" }

    @discardableResult
    func approve(_ instance: String) -> Bool {
        act(Acknowledged(kind: "approve", instance: instance, person: person),
            socket: ["approve", instance, "--as", person],
            path: "/v1/instances/\(instance)/actions/approve", body: "{}")
    }

    @discardableResult
    func start(_ instance: String) -> Bool {
        let input = #"{"project": "压测", "approver": "\#(person)"}"#
        return act(Acknowledged(kind: "start", instance: instance, person: person),
                   socket: ["start", "single", "--id", instance, "--as", person, "--input", input],
                   path: "/v1/instances", body: #"{"workflow": "single", "id": "\#(instance)", "input": \#(input)}"#)
    }

    private func act(_ command: Acknowledged, socket arguments: [String], path: String, body: String) -> Bool {
        let began = DispatchTime.now().uptimeNanoseconds
        let ok: Bool
        let detail: String
        if let token, let port = zone.port {
            do {
                let response = try HTTPRequest.send(port: port, method: "POST", path: path, token: token, body: body)
                ok = (200..<300).contains(response.status)
                detail = "HTTP \(response.status) " + String(decoding: response.body.prefix(300), as: UTF8.self)
            } catch {
                ok = false
                detail = "\(error)"
            }
        } else {
            let result = zone.socket(arguments)
            ok = result.status == 0
            detail = "exit \(result.status) \(result.error)"
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - began) / 1e9
        ledger.note(command, channel: channel, ok: ok, seconds: seconds, detail: detail)
        return ok
    }
}

/// The load: every client approves the round's shared 会签 (everyone on one instance),
/// then starts an instance of its own and approves it; all clients at once.
struct LoadRun {
    var socketClients: Int
    var httpClients: Int
    var rounds: Int

    struct Outcome {
        var ledger: Ledger
        var seconds: Double
        var instances: [String]
    }

    func run(_ zone: ServeBenchZone, tokens: [String: String]) throws -> Outcome {
        let shared = (0..<rounds).map { "SHARED-\($0)" }
        for id in shared {
            let result = zone.socket(["start", "countersign", "--id", id, "--input", #"{"project": "会签"}"#])
            guard result.status == 0 else { throw BenchError("start \(id): \(result.error)") }
        }
        let ledger = Ledger()
        let people = (0..<(socketClients + httpClients)).map(ServeBenchZone.person)
        let clients = people.enumerated().map { index, person in
            LoadClient(zone: zone, ledger: ledger, person: person, token: index < socketClients ? nil : tokens[person])
        }
        let gate = DispatchSemaphore(value: 0)
        let group = DispatchGroup()
        for client in clients {
            group.enter()
            let thread = Thread { [rounds] in
                gate.wait()
                for round in 0..<rounds {
                    client.approve("SHARED-\(round)")
                    let own = "S-\(client.person)-\(round)"
                    if client.start(own) { client.approve(own) }
                }
                group.leave()
            }
            thread.start()
        }
        usleep(200_000)  // every thread is waiting at the gate
        let began = DispatchTime.now().uptimeNanoseconds
        for _ in clients { gate.signal() }
        group.wait()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - began) / 1e9
        let own = people.flatMap { person in (0..<rounds).map { "S-\(person)-\($0)" } }
        return Outcome(ledger: ledger, seconds: seconds, instances: shared + own)
    }
}

/// Acknowledgements against the journal: each acknowledged command's record exactly once,
/// and no record twice, acknowledged or not.
struct JournalCount {
    var checked = 0
    var lost: [String] = []
    var duplicated: [String] = []

    init(zone: ServeBenchZone, ledger: Ledger, instances: [String]) {
        let expected = Dictionary(grouping: ledger.acknowledged, by: \.instance)
        for instance in instances {
            let records: [JSONValue]
            do {
                records = try zone.journal(instance)
            } catch {
                // An instance whose start was refused does not exist; one acknowledged does.
                if let lostStart = expected[instance]?.first { lost.append("\(lostStart): \(error)") }
                continue
            }
            var seen: [Acknowledged: Int] = [:]
            for record in records {
                guard let kind = record["kind"]?.stringValue, kind == "start" || kind == "approve",
                      let actor = record["actor"]?.stringValue else { continue }
                seen[Acknowledged(kind: kind, instance: instance, person: actor), default: 0] += 1
            }
            for command in expected[instance] ?? [] {
                checked += 1
                if seen[command, default: 0] == 0 { lost.append("\(command)") }
            }
            duplicated += seen.filter { $0.value > 1 }.map { "\($0.key) recorded \($0.value) times" }
        }
    }
}
