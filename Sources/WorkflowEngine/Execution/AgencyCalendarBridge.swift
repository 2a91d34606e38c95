import AgencyCalendar

/// Small conversions between the DSL's duration strings and the calendar's types.
enum AgencyCalendarBridge {
    static func duration(_ text: String) throws -> WorkDuration {
        try WorkDuration(parsing: text)
    }
}
