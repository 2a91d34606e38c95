import BenchSupport
import Foundation

/// The cost of one event with nothing else running, interleaved sample by sample with its
/// baselines so that a disk made slow for a few seconds by a neighbour's fsyncs slows all
/// of them alike (Docs/performance.md, "Same run, same moment"). One sample is, in turn:
/// the disk floor; an approval through the socket in process (ServedClient); one over
/// HTTP; `agency approve` as a client process of the server; `agency approve` on a direct
/// store with the same people and workflow (a process that opens the files itself).
struct OneEvent {
    var samples: Int
    var http: Bool

    /// Median seconds per figure: floor, socket, http, client process, direct process.
    struct Figures {
        var floor: [Double] = []
        var socket: [Double] = []
        var http: [Double] = []
        var clientProcess: [Double] = []
        var directProcess: [Double] = []
        var recordBytes = 0
        var snapshotBytes = 0
    }

    func run(_ zone: ServeBenchZone, httpToken: String?, scratch: String) throws -> Figures {
        let warmUp = 2
        let count = samples + warmUp
        let approver = ServeBenchZone.person(0)
        // The HTTP caller acts as the token's person: main passes the last approver's token.
        let httpApprover = ServeBenchZone.person(zone.people - 1)
        for n in 0..<count {
            for prefix in ["E-s", "E-c"] { try start(zone, "\(prefix)-\(n)", approver) }
            if http { try start(zone, "E-h-\(n)", httpApprover) }
            try zone.run(["start", "single", "--store", zone.direct, "--workflows", zone.folder + "/direct/Workflows",
                          "--id", "E-d-\(n)", "--as", approver, "--input", Self.input(approver)])
        }
        // The floor is sized like this workflow's approval: measured on two approved instances.
        for n in 0..<warmUp { try approveSocket(zone, "E-s-\(n)", approver) }
        var figures = Figures()
        (figures.recordBytes, figures.snapshotBytes) = zone.eventSizes((0..<warmUp).map { "E-s-\($0)" })
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        let floor = try DiskFloor(folder: scratch, recordBytes: figures.recordBytes,
                                  snapshotBytes: figures.snapshotBytes)
        let agency = zone.agency
        for n in 0..<count {
            let measured = n >= warmUp
            let floorTime = try time { try floor.run() }
            let socketTime = n >= warmUp ? try time { try approveSocket(zone, "E-s-\(n)", approver) } : 0
            var httpTime = 0.0
            if http, let token = httpToken, let port = zone.port {
                httpTime = try time {
                    let response = try HTTPRequest.send(port: port, method: "POST",
                                                        path: "/v1/instances/E-h-\(n)/actions/approve",
                                                        token: token, body: "{}")
                    guard response.status == 200 else {
                        throw BenchError("HTTP approve E-h-\(n): \(response.status) "
                            + String(decoding: response.body, as: UTF8.self))
                    }
                }
            }
            let clientTime = try time {
                try Spawn.run(agency, ["approve", "E-c-\(n)", "--store", zone.served, "--as", approver])
            }
            let directTime = try time {
                try Spawn.run(agency, ["approve", "E-d-\(n)", "--store", zone.direct,
                                       "--workflows", zone.folder + "/direct/Workflows", "--as", approver])
            }
            guard measured else { continue }
            figures.floor.append(floorTime)
            figures.socket.append(socketTime)
            if http { figures.http.append(httpTime) }
            figures.clientProcess.append(clientTime)
            figures.directProcess.append(directTime)
        }
        return figures
    }

    static func input(_ approver: String) -> String { #"{"project": "单次", "approver": "\#(approver)"}"# }

    private func start(_ zone: ServeBenchZone, _ id: String, _ approver: String) throws {
        let result = zone.socket(["start", "single", "--id", id, "--as", approver, "--input", Self.input(approver)])
        guard result.status == 0 else { throw BenchError("start \(id): exit \(result.status) \(result.error)") }
    }

    private func approveSocket(_ zone: ServeBenchZone, _ id: String, _ approver: String) throws {
        let result = zone.socket(["approve", id, "--as", approver])
        guard result.status == 0 else { throw BenchError("approve \(id): exit \(result.status) \(result.error)") }
    }

    private func time(_ body: () throws -> Void) throws -> Double {
        let began = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - began) / 1e9
    }
}

/// The `share` quantile of `values` (nearest rank), 0 when empty.
func quantile(_ values: [Double], _ share: Double) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    let rank = max(1, Int((share * Double(sorted.count)).rounded(.up)))
    return sorted[min(sorted.count, rank) - 1]
}
