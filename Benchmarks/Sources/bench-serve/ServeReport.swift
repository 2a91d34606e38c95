import Foundation

/// The table bench-serve prints, in the shape of Scripts/bench's: each figure, its
/// baseline measured in the same run, the ratio, and the target with met / not met.
struct ServeReport {
    var load: LoadRun.Outcome
    var count: JournalCount
    var floorUnderLoad: Double
    var one: OneEvent.Figures?
    var stoppedCleanly: Bool

    typealias Row = (figure: String, measured: String, baseline: String, ratio: String, target: String, met: String)

    func rows() -> [Row] {
        var rows: [Row] = []
        let ledger = load.ledger
        let events = ledger.acknowledged.count
        let perEvent = load.seconds / Double(max(1, events))
        for channel in ["socket", "http"] {
            guard let values = ledger.latencies[channel], !values.isEmpty else { continue }
            rows.append(("\(values.count) events from \(channel == "socket" ? "socket" : "HTTP") clients, latency",
                         "p50 \(show(quantile(values, 0.5))), p99 \(show(quantile(values, 0.99)))", "—", "—",
                         "(information)", "—"))
        }
        rows.append(("events per second under load", String(format: "%.0f /s", Double(events) / load.seconds),
                     "\(events) events in \(String(format: "%.1f", load.seconds)) s", "—", "(information)", "—"))
        rows.append(("server time per event under load", show(perEvent),
                     "disk floor right after: \(show(floorUnderLoad))", ratio(perEvent, floorUnderLoad),
                     "(information)", "—"))
        let clean = count.lost.isEmpty && count.duplicated.isEmpty && ledger.refused.isEmpty
        rows.append(("acknowledged commands in the journal", "\(count.checked) checked",
                     "lost \(count.lost.count), twice \(count.duplicated.count), refused \(ledger.refused.count)",
                     "—", "none lost or twice", clean ? "met" : "NOT MET"))
        rows.append(("SIGTERM after the load", stoppedCleanly ? "exit 0" : "not clean", "—", "—", "exit 0",
                     stoppedCleanly ? "met" : "NOT MET"))
        guard let one else { return rows }
        let floor = quantile(one.floor, 0.5)
        let socket = quantile(one.socket, 0.5)
        let direct = quantile(one.directProcess, 0.5)
        rows.append(("one event through the server (socket, in process)", show(socket),
                     "disk floor, interleaved: \(show(floor))", ratio(socket, floor), "≤ 1.5× the floor",
                     socket <= 1.5 * floor ? "met" : "NOT MET"))
        if !one.http.isEmpty {
            let http = quantile(one.http, 0.5)
            rows.append(("one event through the server (HTTP)", show(http), "disk floor, interleaved: \(show(floor))",
                         ratio(http, floor), "(information)", "—"))
        }
        rows.append(("one event through the server (socket, in process)", show(socket),
                     "`agency approve` on a direct store: \(show(direct))", faster(direct, socket),
                     "(information)", "—"))
        let client = quantile(one.clientProcess, 0.5)
        rows.append(("`agency approve` as a client of the server", show(client),
                     "`agency approve` on a direct store: \(show(direct))", faster(direct, client),
                     "(information)", "—"))
        return rows
    }

    func print() {
        let header: Row = ("figure", "measured", "baseline (same run)", "ratio", "target", "")
        let table = [header] + rows()
        let columns: [(Row) -> String] = [\.figure, \.measured, \.baseline, \.ratio, \.target, \.met]
        let widths = columns.map { column in table.map { column($0).count }.max() ?? 0 }
        func line(_ row: Row) -> String {
            "| " + zip(columns, widths).map { column, width in
                column(row).padding(toLength: width, withPad: " ", startingAt: 0)
            }.joined(separator: " | ") + " |"
        }
        Swift.print(line(header))
        Swift.print("|" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "|") + "|")
        for row in table.dropFirst() { Swift.print(line(row)) }
        if let one {
            Swift.print("\nMedians of \(one.floor.count) interleaved samples; the floor is one fsynced append of "
                + "\(one.recordBytes) bytes and one durable replace of \(one.snapshotBytes) bytes (this workflow's "
                + "approval record and snapshot).")
        }
        for problem in (count.lost.map { "lost: \($0)" } + count.duplicated.map { "twice: \($0)" }
                        + load.ledger.refused.map { "refused: \($0)" }).prefix(20) {
            Swift.print("  \(problem)")
        }
    }

    /// The rows as a JSON array of six-string arrays, which Benchmarks/Peer/report.py adds to
    /// Scripts/bench's table so that in-process, direct CLI and served figures sit together.
    func writeRows(to path: String) throws {
        let data = try JSONSerialization.data(withJSONObject: rows().map {
            [$0.figure, $0.measured, $0.baseline, $0.ratio, $0.target, $0.met]
        })
        try data.write(to: URL(fileURLWithPath: path))
    }

    private func show(_ seconds: Double) -> String {
        seconds >= 1 ? String(format: "%.2f s", seconds)
            : seconds >= 1e-3 ? String(format: "%.2f ms", seconds * 1e3) : String(format: "%.0f µs", seconds * 1e6)
    }

    private func ratio(_ value: Double, _ baseline: Double) -> String {
        baseline > 0 ? String(format: "%.2f× the floor", value / baseline) : "—"
    }

    private func faster(_ slow: Double, _ fast: Double) -> String {
        fast > 0 ? String(format: "%.1f× faster", slow / fast) : "—"
    }
}
