// bench-serve: `agency serve` under 50 concurrent clients over the socket and 50 over HTTP,
// approving on shared and on separate instances; then one event alone, interleaved with
// the disk floor and the direct CLI. Docs/performance.md, "A served store".
//
//   bench-serve [--agency PATH] [--clients 50] [--rounds 5] [--samples 30] [--no-http] [--rows-json FILE]
//   bench-serve --short --check     CI: 2 rounds, no timing table; exit 1 on a lost or
//                                   duplicated event or a refused command
//
// Exit status 1 whenever an acknowledged command is missing from the journal, a record is
// there twice, or a command was refused; the figures are printed, never asserted.
import BenchSupport
import Foundation

struct Options {
    var agency: String?
    var clients = 50
    var rounds = 5
    var samples = 30
    var http = true
    var check = false
    /// Where to write the table's rows as JSON, for Scripts/bench's one table.
    var rowsJSON: String?

    init(_ arguments: [String]) throws {
        var rest = arguments[...]
        func value(_ name: String) throws -> String {
            guard let next = rest.popFirst() else { throw BenchError("\(name) needs a value") }
            return next
        }
        while let argument = rest.popFirst() {
            switch argument {
            case "--agency": agency = try value(argument)
            case "--clients": clients = Int(try value(argument)) ?? clients
            case "--rounds": rounds = Int(try value(argument)) ?? rounds
            case "--samples": samples = Int(try value(argument)) ?? samples
            case "--no-http": http = false
            case "--short": rounds = 2; samples = 5
            case "--check": check = true
            case "--rows-json": rowsJSON = try value(argument)
            default: throw BenchError("unknown argument \(argument); see the comment at the top of main.swift")
            }
        }
    }
}

func say(_ text: String) { FileHandle.standardError.write(Data("bench-serve: \(text)\n".utf8)) }

func benchmark() throws -> Int32 {
    let options = try Options(Array(CommandLine.arguments.dropFirst()))
    let agency = try options.agency ?? BenchPaths.executable("agency", variable: "AGENCY_BIN")
    let help = try ServeBenchZone.helpText(agency)
    let http = options.http && help.contains("--listen")
    if options.http && !http { say("this agency serve has no --listen: measuring the socket only") }
    let scratch = try BenchPaths.freshFolder("serve")
    let httpClients = http ? options.clients : 0
    let zone = try ServeBenchZone(agency: agency, folder: scratch, people: options.clients + httpClients, http: http)
    try zone.startServer()
    defer { _ = zone.stopServer() }
    var tokens: [String: String] = [:]
    for n in options.clients..<(options.clients + httpClients) {
        tokens[ServeBenchZone.person(n)] = try zone.token(ServeBenchZone.person(n))
    }
    say("load: \(options.clients) socket clients, \(httpClients) HTTP clients, \(options.rounds) rounds...")
    let load = try LoadRun(socketClients: options.clients, httpClients: httpClients, rounds: options.rounds)
        .run(zone, tokens: tokens)
    // Right after the load, the floor sized like the load's own approvals.
    let sizes = zone.eventSizes(Array(load.instances.filter { $0.hasPrefix("S-") }.prefix(20)))
    let floorAfter = try floorSamples(scratch + "/floor-load", count: 40, sizes: sizes)
    let count = JournalCount(zone: zone, ledger: load.ledger, instances: load.instances)
    var one: OneEvent.Figures?
    if !options.check {
        say("one event at a time, \(options.samples) samples interleaved with the floor and the direct CLI...")
        one = try OneEvent(samples: options.samples, http: http)
            .run(zone, httpToken: tokens[ServeBenchZone.person(zone.people - 1)], scratch: scratch + "/floor-one")
    }
    let stopped = zone.stopServer()
    let report = ServeReport(load: load, count: count, floorUnderLoad: quantile(floorAfter, 0.5),
                             one: one, stoppedCleanly: stopped == 0)
    report.print()
    if let path = options.rowsJSON { try report.writeRows(to: path) }
    let failed = !count.lost.isEmpty || !count.duplicated.isEmpty || !load.ledger.refused.isEmpty || stopped != 0
    if failed { say("FAILED: see the lines above; the store is kept in \(scratch)") }
    return failed ? 1 : 0
}

/// Seconds of `count` disk floors (one append + one durable replace) of an event's size.
func floorSamples(_ folder: String, count: Int, sizes: (record: Int, snapshot: Int)) throws -> [Double] {
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let floor = try DiskFloor(folder: folder, recordBytes: sizes.record, snapshotBytes: sizes.snapshot)
    return try (0..<count).map { _ in
        let began = DispatchTime.now().uptimeNanoseconds
        try floor.run()
        return Double(DispatchTime.now().uptimeNanoseconds - began) / 1e9
    }
}

do {
    exit(try benchmark())
} catch {
    say("\(error)")
    exit(2)
}
