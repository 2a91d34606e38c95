import AgencyCalendar
import AgencyJSON
import WorkflowEngine
import WorkflowStore

/// Which calendar a decision was made with. Every journal record names the calendar
/// version in force (`"calendar": sha`), and the store keeps that version's document, so
/// replay counts working days exactly as the decision did: a calendar file added later, a
/// notice imported, or a new binary with newer embedded data changes no past answer.
/// Records written before versions were kept name none and replay with today's calendar
/// (`legacyEngine`).
extension AgencyService {
    /// The sha of the current calendar's document.
    public func currentCalendarVersion() throws -> String {
        if let cached = calendarVersionCache { return cached.sha }
        let bytes = try CalendarDocument.json(engine.calendar).canonicalBytes()
        let sha = JournalHash.sha256(bytes)
        calendarVersionCache = (sha, false)
        return sha
    }

    /// Saves the current calendar's document in the store, once per process, before the
    /// first record that names it is committed.
    func saveCurrentCalendarVersion() throws {
        let sha = try currentCalendarVersion()
        guard calendarVersionCache?.saved != true else { return }
        let bytes = try CalendarDocument.json(engine.calendar).canonicalBytes()
        try store.saveCalendarVersion(bytes)
        calendarVersionCache = (sha, true)
    }

    /// The engine that decides with calendar version `sha`: the current engine for the
    /// current version or for a record that names none, else one built from the stored
    /// document (kept for the life of the service).
    func engine(forCalendar sha: String?) throws -> Engine {
        guard let sha else { return legacyEngine }
        if sha == (try currentCalendarVersion()) {
            // The record names the calendar in force: still, the store must hold it intact,
            // or a later replay (after the calendar changes) could not be checked.
            if calendarVersionCache?.saved != true {
                _ = try store.loadCalendarVersion(sha: sha)
                calendarVersionCache = (sha, true)
            }
            return engine
        }
        if let cached = enginesByCalendar[sha] { return cached }
        let bytes = try store.loadCalendarVersion(sha: sha)
        let calendar = try CalendarDocument.calendar(try JSONValue.parse(bytes), sha: sha)
        let other = makeEngine(calendar: calendar)
        other.calendarVersion = sha
        enginesByCalendar[sha] = other
        return other
    }

    /// Records written before calendar versions were kept name none: they replay with
    /// today's calendar and without the plans such records never made.
    var legacyEngine: Engine {
        if let cached = legacyEngineCache { return cached }
        let legacy = makeEngine(calendar: engine.calendar)
        legacy.keepsPlans = false
        legacyEngineCache = legacy
        return legacy
    }
}
