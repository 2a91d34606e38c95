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

    /// The engine that decided `record`: the calendar and people directory versions it
    /// names (`"calendar"`, `"people"`), each the current one when it is current or when
    /// the record names none (written before versions were kept), else built from the
    /// stored document. Engines are kept for the life of the service.
    func engine(for record: JSONValue) throws -> Engine {
        let calendarSHA = record["calendar"]?.stringValue
        let peopleSHA = record["people"]?.stringValue
        guard let calendarSHA else { return legacyEngine }
        let currentCalendar = try currentCalendarVersion()
        let currentPeople = try currentPeopleVersion()
        if calendarSHA == currentCalendar {
            // The record names the calendar in force: still, the store must hold it intact,
            // or a later replay (after the calendar changes) could not be checked.
            if calendarVersionCache?.saved != true {
                _ = try store.loadCalendarVersion(sha: calendarSHA)
                calendarVersionCache = (calendarSHA, true)
            }
        }
        if peopleSHA == currentPeople, peopleVersionCache?.saved != true, let peopleSHA {
            _ = try store.loadEnvironmentVersion(.people, sha: peopleSHA)
            peopleVersionCache = (peopleSHA, true)
        }
        let samePeople = peopleSHA == nil || peopleSHA == currentPeople
        if calendarSHA == currentCalendar && samePeople { return engine }
        let key = calendarSHA + "/" + (samePeople ? currentPeople : peopleSHA ?? currentPeople)
        if let cached = enginesByVersions[key] { return cached }
        let calendar = calendarSHA == currentCalendar ? engine.calendar : try storedCalendar(calendarSHA)
        let people = samePeople ? engine.people : try storedPeople(peopleSHA ?? currentPeople)
        let other = makeEngine(calendar: calendar, people: people)
        other.calendarVersion = calendarSHA
        enginesByVersions[key] = other
        return other
    }

    private func storedCalendar(_ sha: String) throws -> WorkCalendar {
        let bytes = try store.loadCalendarVersion(sha: sha)
        return try CalendarDocument.calendar(try JSONValue.parse(bytes), sha: sha)
    }

    /// Records written before calendar versions were kept name none: they replay with
    /// today's calendar and without the plans such records never made.
    var legacyEngine: Engine {
        if let cached = legacyEngineCache { return cached }
        let legacy = makeEngine(calendar: engine.calendar, people: engine.people)
        legacy.keepsPlans = false
        legacyEngineCache = legacy
        return legacy
    }
}
