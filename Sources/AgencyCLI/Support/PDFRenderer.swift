import Foundation

/// Turns an HTML page into a PDF with a headless Chromium on the machine, the real print
/// engine the page's A4 rules were written for. There is no fallback renderer: without a
/// browser the command says which to install (exit 2), and the HTML format still works.
///
/// The browser is `AGENCY_PDF_BROWSER` when set in agency's own environment (never a
/// served client's: the server would run a program the client names), else the first of
/// chromium, chromium-browser, google-chrome and google-chrome-stable on PATH. It runs in a
/// scratch folder removed afterwards, with its proxy pointed at a closed port so the page
/// cannot reach the network, and the page itself allows nothing outside it (its CSP).
enum PDFRenderer {
    static let candidates = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]
    static let timeout: TimeInterval = 120

    /// The browser to print with, or nil.
    static func browser() -> String? {
        if let chosen = ProcessInfo.processInfo.environment["AGENCY_PDF_BROWSER"], !chosen.isEmpty {
            return FileManager.default.isExecutableFile(atPath: chosen) ? chosen : nil
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for name in candidates {
            for folder in path.split(separator: ":") {
                let file = "\(folder)/\(name)"
                if FileManager.default.isExecutableFile(atPath: file) { return file }
            }
        }
        return nil
    }

    static func render(html: String) throws -> [UInt8] {
        guard let browser = browser() else {
            throw CLIError.notFound("no PDF renderer: --format pdf prints with a headless Chromium, and none was found "
                + "(tried AGENCY_PDF_BROWSER, " + candidates.joined(separator: ", ") + "); install one "
                + "(Debian: apt-get install chromium) or use --format html and print it from a browser")
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("agency-pdf-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        do {
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            try Data(html.utf8).write(to: scratch.appendingPathComponent("report.html"))
        } catch {
            throw CLIError.io("cannot prepare the PDF in \(scratch.path): \(error.localizedDescription)")
        }
        let pdf = scratch.appendingPathComponent("report.pdf")
        let log = scratch.appendingPathComponent("browser.log")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: browser)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                             "--no-pdf-header-footer", "--proxy-server=127.0.0.1:9", "--disable-extensions",
                             "--user-data-dir=\(scratch.path)/profile",
                             "--print-to-pdf=\(pdf.path)", scratch.appendingPathComponent("report.html").absoluteString]
        process.standardOutput = FileHandle.nullDevice
        // The browser's messages go to a file, not a pipe: a pipe read to its end would wait
        // for every helper process the browser left holding it, past any timeout.
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let logHandle = FileHandle(forWritingAtPath: log.path)
        process.standardError = logHandle ?? FileHandle.nullDevice
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        do {
            try process.run()
        } catch {
            throw CLIError.io("cannot run \(browser): \(error.localizedDescription)")
        }
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            if finished.wait(timeout: .now() + 3) == .timedOut { kill(process.processIdentifier, SIGKILL) }
            throw CLIError.io("\(browser) did not finish the PDF within \(Int(timeout)) s; it was stopped")
        }
        try? logHandle?.close()
        let stderr = FileManager.default.contents(atPath: log.path) ?? Data()
        guard let bytes = FileManager.default.contents(atPath: pdf.path), bytes.starts(with: Array("%PDF".utf8)) else {
            let tail = String(decoding: stderr.suffix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw CLIError.io("\(browser) wrote no PDF (exit \(process.terminationStatus))" + (tail.isEmpty ? "" : ": \(tail)"))
        }
        return [UInt8](bytes)
    }
}
