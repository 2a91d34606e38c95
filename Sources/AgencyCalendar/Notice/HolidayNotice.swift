/// The State Council General Office's yearly notice on public holidays
/// (国务院办公厅关于YYYY年部分节假日安排的通知), read from its published plain text.
///
/// The notice is numbered by festival, one per paragraph:
///
/// ```text
/// 一、元旦：1月1日（周三）放假1天，不调休。
/// 二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。1月26日（周日）、2月8日（周六）上班。
/// ```
///
/// Each paragraph's sentences are read thus:
/// - a sentence with 放假 gives the days off: one date, or a range `M月D日至[M月]D日`,
///   whose length must equal the `共N天` / `放假N天` it states; a date said to be
///   `与周末连休` is the only day listed (the weekend is an ordinary one);
/// - a sentence with 上班 gives make-up working days, every one a Saturday or Sunday;
/// - a sentence that only recommends (鼓励……) is noted, not applied;
/// - any other sentence with a date is an error, since silently dropping it would move
///   deadlines.
///
/// A weekday written beside a date (`（周三）`, `（星期日）`) must be that date's weekday.
/// Dates take the notice's year unless written with one (`2026年12月31日`); a date in
/// another year is accepted only within a week of New Year, for a holiday that spans it.
/// Anything that does not parse completely is a `NoticeError` quoting the sentence.
public struct HolidayNotice: Sendable, Equatable {
    /// The year the notice arranges.
    public var year: Int
    /// The notice's festivals in its order.
    public var festivals: [Festival]
    /// Sentences read but not applied (recommendations such as 鼓励……除夕休息).
    public var notes: [String]

    /// One numbered paragraph of the notice.
    public struct Festival: Sendable, Equatable {
        /// As the notice names it: 春节, 国庆节、中秋节.
        public var name: String
        /// The days off, in order.
        public var daysOff: [CivilDate]
        /// The make-up working days (调休上班), in order.
        public var makeupWorkdays: [CivilDate]
    }

    /// The notice as a calendar layer declaring `year`, with each day named by its
    /// festival; `source` names the file in later messages.
    public func layer(source: String) -> CalendarLayer {
        var holidays: Set<CivilDate> = []
        var workdays: Set<CivilDate> = []
        var names: [CivilDate: String] = [:]
        for festival in festivals {
            for day in festival.daysOff {
                holidays.insert(day)
                names[day] = festival.name
            }
            for day in festival.makeupWorkdays {
                workdays.insert(day)
                names[day] = festival.name
            }
        }
        return CalendarLayer(name: Self.title(year), source: source, years: [year],
                             holidays: holidays, workdays: workdays, names: names)
    }

    /// The years a notice is read for: notices in this form have been published since
    /// 2000; the end is that of the statutory rule's range.
    public static let years: ClosedRange<Int> = 2000...StatutoryHolidays.years.upperBound

    /// The festivals every notice arranges, in the law's order; each paragraph names one
    /// or more of them, and together they must name all.
    public static let statutoryFestivals = ["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"]

    /// Other spellings of the festivals' names seen in notices.
    static let festivalAliases = ["清明": "清明节", "劳动": "劳动节", "五一劳动节": "劳动节", "端午": "端午节",
                                  "中秋": "中秋节", "国庆": "国庆节"]

    /// 国务院办公厅关于2027年部分节假日安排的通知
    public static func title(_ year: Int) -> String {
        "国务院办公厅关于\(year)年部分节假日安排的通知"
    }

    /// Parses the notice's text. `year` is needed only when the text names none (no
    /// title, no "YYYY年" before the first paragraph); when both are present they must agree.
    public init(text: String, year expected: Int? = nil) throws(NoticeError) {
        var reader = NoticeReader(text: text)
        self = try reader.read(expectedYear: expected)
    }

    init(year: Int, festivals: [Festival], notes: [String]) {
        self.year = year
        self.festivals = festivals
        self.notes = notes
    }
}

/// Why a notice's text was refused. `sentence` quotes the text at fault so the reader can
/// find it; `description` is the message for the administrator, in Chinese like the text.
public struct NoticeError: Error, Sendable, Equatable, CustomStringConvertible {
    public var problem: String
    public var sentence: String?

    public init(_ problem: String, sentence: String? = nil) {
        self.problem = problem
        self.sentence = sentence
    }

    public var description: String {
        let quoted = sentence.map { "「\($0)」：" } ?? ""
        return "放假通知无法完整解析，未写入任何文件。\(quoted)\(problem)"
            + "请对照国务院办公厅通知原文更正后重新导入（格式见 Docs/calendar.md）。"
    }
}
