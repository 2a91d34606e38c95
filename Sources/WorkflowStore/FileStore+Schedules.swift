import AgencyJSON

extension StoreLayout {
    /// `schedules/<workflow>.json`: one enabled schedule.
    public func scheduleFile(_ workflow: String) -> String { schedulesDirectory + "/" + workflow + ".json" }
}

extension FileStore {
    /// Every `schedules/<workflow>.json` that reads as a JSON object, by workflow name.
    /// A file that does not (left half-edited by hand) is skipped, as a disabled schedule.
    public func schedules() throws(StoreError) -> [String: JSONValue] {
        var found: [String: JSONValue] = [:]
        for name in try listIfPresent(layout.schedulesDirectory) where name.hasSuffix(".json") {
            let workflow = String(name.dropLast(5))
            guard (try? NameRules.checkDefinitionName(workflow)) != nil,
                  let bytes = try fileSystem.readFileIfPresent(layout.scheduleFile(workflow)),
                  let value = try? JSONValue.parse(bytes), value.objectValue != nil
            else { continue }
            found[workflow] = value
        }
        return found
    }

    /// Writes `schedules/<workflow>.json` durably.
    public func saveSchedule(_ workflow: String, _ state: JSONValue) throws(StoreError) {
        try NameRules.checkDefinitionName(workflow)
        guard state.objectValue != nil else {
            throw .encoding(what: "the schedule of \(workflow)", problem: "expected a JSON object, found \(state.typeName)")
        }
        let bytes = try Self.encodePretty(state, what: "the schedule of \(workflow)")
        if try fileSystem.ensureDirectory(layout.schedulesDirectory) { try fileSystem.syncDirectory(layout.root) }
        try writer.replace(layout.scheduleFile(workflow), with: bytes)
    }

    /// Removes `schedules/<workflow>.json`; false when there was none.
    @discardableResult
    public func removeSchedule(_ workflow: String) throws(StoreError) -> Bool {
        try NameRules.checkDefinitionName(workflow)
        let path = layout.scheduleFile(workflow)
        guard try fileSystem.status(path) != nil else { return false }
        try fileSystem.unlink(path)
        try fileSystem.syncDirectory(layout.schedulesDirectory)
        return true
    }
}
