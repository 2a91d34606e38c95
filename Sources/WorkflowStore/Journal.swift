import AgencyJSON

extension FileStore {
    /// Every record of instance `id`'s journal, in order, after checking the chain
    /// (seq, prev, hash) of each. An absent journal reads as no records.
    ///
    /// A bad last line (no newline, or not JSON) throws `tornJournal`: it is reported,
    /// never silently dropped, and `repair` moves it aside. Anything wrong before the last
    /// line throws `corruptJournal` with the line and the expected seq.
    public func readJournal(_ id: String) throws(StoreError) -> [JSONValue] {
        try NameRules.checkInstanceID(id)
        return try scanJournal(id, requireSound: true).records
    }

    /// The head (seq and hash) of instance `id`'s journal, or nil when it has no records.
    ///
    /// Reads only the end of the file (a few KB, more only for a longer last record), so
    /// it costs the same for a journal of 10 or 10,000 records. It checks that the last
    /// line is complete and that its hash matches its content, not the rest of the chain
    /// (that is `verify`). A damaged tail falls back to a full read for an exact error.
    public func journalHead(_ id: String) throws(StoreError) -> JournalHead? {
        try NameRules.checkInstanceID(id)
        let fs = fileSystem
        let path = layout.journalFile(id)
        let file: OpenFile
        do {
            file = try fs.open(path, [.read], mode: 0)
        } catch let error {
            if error.isNotFound { return nil }
            throw error
        }
        defer { fs.closeQuietly(file) }
        let size = try fs.size(file)
        if size == 0 { return nil }
        var window: Int64 = 4_096
        while true {
            let start = max(0, size - window)
            let chunk = try fs.read(file, offset: start, count: Int(size - start))
            guard chunk.last == UInt8(ascii: "\n") else { break }
            let body = chunk.dropLast()
            let lineStart: Int
            if let newline = body.lastIndex(of: UInt8(ascii: "\n")) {
                lineStart = newline + 1
            } else if start == 0 {
                lineStart = 0
            } else {
                window *= 4
                continue
            }
            // The last record is parsed and hashed as a document, never built as a
            // dictionary-backed `JSONValue`: the same checks and the same hash.
            guard let record = try? JSONDocument.parse(body[lineStart...]),
                  let seq = record.member("seq")?.intValue, seq >= 1,
                  let hash = record.member("hash")?.stringValue,
                  record.member("prev")?.stringValue != nil,
                  (try? JournalHash.hash(of: record)) == hash
            else { break }
            return JournalHead(seq: Int(seq), hash: hash)
        }
        // Something is wrong at the end: read everything to say exactly what.
        _ = try scanJournal(id, requireSound: true)
        throw .integrity(id: id, problem: "the journal's last line could not be read, "
            + "though the journal reads correctly from the start")
    }

    /// Reads and scans the whole journal. With `requireSound`, any problem is thrown.
    func scanJournal(_ id: String, requireSound: Bool) throws(StoreError) -> JournalScan {
        let path = layout.journalFile(id)
        guard let bytes = try fileSystem.readFileIfPresent(path) else {
            return JournalScan(bytes: [], id: id)
        }
        let scan = JournalScan(bytes: bytes, id: id)
        if requireSound, let problem = scan.problem {
            if problem.kind == .tornTail {
                throw .tornJournal(id: id, path: path, line: problem.line, problem: problem.message)
            }
            throw .corruptJournal(id: id, path: path, line: problem.line, seq: problem.seq,
                                  problem: "\(problem.kind.rawValue): \(problem.message)")
        }
        return scan
    }
}
