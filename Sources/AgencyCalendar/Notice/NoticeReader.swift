/// The scanner behind `HolidayNotice.init(text:year:)`: finds the year, the numbered
/// paragraphs (一、元旦：……) and, in each sentence, the dates and what they mean.
struct NoticeReader {
    let characters: [Character]

    init(text: String) {
        // Full-width digits and colons appear in pasted text; read them as ASCII.
        let fullWidthDigits: [Character: Character] = Dictionary(uniqueKeysWithValues:
            zip("０１２３４５６７８９", "0123456789"))
        characters = text.map { fullWidthDigits[$0] ?? ($0 == ":" ? "：" : $0) }
    }

    /// A numbered paragraph: its number, its festival name, its text after the colon.
    struct Paragraph {
        var number: Int
        var name: String
        var body: String
    }

    mutating func read(expectedYear: Int?) throws(NoticeError) -> HolidayNotice {
        let paragraphs = findParagraphs()
        guard let first = paragraphs.first else {
            throw NoticeError("没有找到“一、元旦：1月1日……放假……”这样的编号条目；请粘贴通知正文（含各节编号）。")
        }
        let year = try noticeYear(before: first.start, expected: expectedYear)
        guard HolidayNotice.years.contains(year) else {
            throw NoticeError("\(year)年不在可导入的年份范围（\(HolidayNotice.years.lowerBound)-"
                              + "\(HolidayNotice.years.upperBound)）内。")
        }
        var festivals: [HolidayNotice.Festival] = []
        var notes: [String] = []
        var covered: [String: String] = [:]  // statutory festival → the paragraph naming it
        for (index, found) in paragraphs.enumerated() {
            let paragraph = found.paragraph
            let heading = "\(Self.numeral(paragraph.number))、\(paragraph.name)"
            guard paragraph.number == index + 1 else {
                let problem = paragraph.number <= index
                    ? "编号重复：第\(Self.numeral(paragraph.number))条出现了两次，可能重复粘贴了一条。"
                    : "编号不连续：这里应是第\(Self.numeral(index + 1))条，可能漏粘了一条。"
                throw NoticeError(problem, sentence: heading)
            }
            for part in try Self.statutoryFestivals(in: paragraph.name, heading: heading) {
                if let earlier = covered[part] {
                    throw NoticeError("\(part)在“\(earlier)”和“\(heading)”两条中都出现了。", sentence: heading)
                }
                covered[part] = heading
            }
            var festival = HolidayNotice.Festival(name: paragraph.name, daysOff: [], makeupWorkdays: [])
            for sentence in Self.sentences(paragraph.body) {
                try read(sentence, year: year, into: &festival, notes: &notes)
            }
            guard !festival.daysOff.isEmpty else {
                throw NoticeError("这一条没有给出放假日期。", sentence: "\(heading)：\(paragraph.body)")
            }
            festivals.append(festival)
        }
        let missing = HolidayNotice.statutoryFestivals.filter { covered[$0] == nil }
        guard missing.isEmpty else {
            throw NoticeError("通知不完整：缺少\(missing.joined(separator: "、"))的安排。法定节日每一个都应有一条；"
                              + "请确认粘贴了通知全文。")
        }
        try checkDistinct(festivals)
        return HolidayNotice(year: year, festivals: festivals, notes: notes)
    }

    /// The statutory festivals a paragraph's name lists (国庆节、中秋节 lists two); a name
    /// that is not one of them is refused, since a holiday the law does not give would
    /// become a day off.
    static func statutoryFestivals(in name: String, heading: String) throws(NoticeError) -> [String] {
        let parts = name.split(whereSeparator: { "、和与及".contains($0) }).map { String($0).trimmingWhitespace }
        var found: [String] = []
        for part in parts {
            let normalized = HolidayNotice.festivalAliases[part] ?? part
            guard HolidayNotice.statutoryFestivals.contains(normalized) else {
                throw NoticeError("“\(part)”不是法定节日（\(HolidayNotice.statutoryFestivals.joined(separator: "、"))）。",
                                  sentence: heading)
            }
            found.append(normalized)
        }
        return found
    }

    // MARK: The year

    /// The year named before the first paragraph (the title, or 现将2027年……); a full
    /// date there (the date of a law's revision) is not the notice's year.
    private func noticeYear(before end: Int, expected: Int?) throws(NoticeError) -> Int {
        let preamble = Array(characters[0..<end])
        var found: Int?
        var index = 0
        while index < preamble.count {
            if let (value, next) = Self.number(in: preamble, at: index) {
                // A year alone (关于2027年, 现将2027年), not a date (根据2024年11月10日修订的).
                if next < preamble.count, preamble[next] == "年", (1000...9999).contains(value),
                   Self.number(in: preamble, at: next + 1) == nil {
                    found = value
                    break
                }
                index = next
            } else {
                index += 1
            }
        }
        switch (found, expected) {
        case let (found?, expected?) where found != expected:
            throw NoticeError("通知写的是\(found)年，但命令指定了 --year \(expected)。",
                              sentence: String(preamble).trimmingWhitespace)
        case let (found?, _):
            return found
        case let (nil, expected?):
            return expected
        case (nil, nil):
            throw NoticeError("找不到通知的年份：请连同标题“国务院办公厅关于YYYY年部分节假日安排的通知”一起粘贴，"
                              + "或用 --year 指定。")
        }
    }

    // MARK: Paragraphs

    /// Paragraph starts: a Chinese numeral at the start of a line (or after 。), 、, a name
    /// of at most 12 characters, and a colon. Each body runs to the next paragraph, a blank
    /// line or the closing text (节假日期间……, the signature), whichever comes first.
    private func findParagraphs() -> [(start: Int, paragraph: Paragraph)] {
        var starts: [(start: Int, bodyStart: Int, number: Int, name: String)] = []
        var index = 0
        while index < characters.count {
            let atLineStart = index == 0 || characters[index - 1].isNewline
                || characters[index - 1] == "。" || characters[index - 1].isWhitespace
            if atLineStart, let (number, afterNumeral) = Self.chineseNumber(in: characters, at: index),
               afterNumeral < characters.count, characters[afterNumeral] == "、",
               let colon = characters[(afterNumeral + 1)...].prefix(13).firstIndex(of: "："),
               colon > afterNumeral + 1 {
                let name = String(characters[(afterNumeral + 1)..<colon])
                if !name.contains(where: { "，。；".contains($0) || $0.isNewline }) {
                    starts.append((index, colon + 1, number, name))
                    index = colon + 1
                    continue
                }
            }
            index += 1
        }
        return starts.enumerated().map { offset, start in
            let limit = offset + 1 < starts.count ? starts[offset + 1].start : characters.count
            // A paragraph may be wrapped over several lines (text copied from a PDF); it ends
            // at the next paragraph or at a blank line.
            var end = limit
            var index = start.bodyStart
            while index < limit {
                if characters[index].isNewline {
                    var next = index + 1
                    while next < limit, characters[next].isWhitespace, !characters[next].isNewline { next += 1 }
                    if next < limit, characters[next].isNewline {
                        end = index
                        break
                    }
                }
                index += 1
            }
            // Lines joined by a careless paste: the closing paragraph and the signature follow
            // the last festival on the same line. They are not part of it.
            for closing in Self.closingMarkers {
                if let found = characters[start.bodyStart..<end].firstRange(of: Array(closing)) {
                    end = found.lowerBound
                }
            }
            let body = String(characters[start.bodyStart..<end]).trimmingWhitespace
            return (start.start, Paragraph(number: start.number, name: start.name, body: body))
        }
    }

    /// Where the text after the last festival begins in published notices: the duty
    /// paragraph and the signature.
    static let closingMarkers = ["节假日期间", "国务院办公厅"]

    static func sentences(_ body: String) -> [String] {
        // A line break inside a wrapped sentence is not part of it.
        body.split(whereSeparator: { "。；;".contains($0) })
            .map { String($0.filter { !$0.isNewline }).trimmingWhitespace }.filter { !$0.isEmpty }
    }

    // MARK: Sentences

    private func read(_ sentence: String, year: Int, into festival: inout HolidayNotice.Festival,
                      notes: inout [String]) throws(NoticeError) {
        let mentions = try DateMention.scan(sentence)
        // A recommendation (鼓励……安排职工在除夕休息/放假) is read first: it is never applied.
        let recommendation = sentence.contains("鼓励") || sentence.contains("倡导")
        let off = sentence.contains("放假") && !recommendation
        let worked = sentence.contains("上班") && !recommendation
        if off && worked {
            throw NoticeError("同一句里既有放假又有上班，无法分清哪些日期上班；请按通知原文分句。",
                              sentence: sentence)
        }
        if off {
            festival.daysOff += try daysOff(mentions, sentence: sentence, year: year)
        } else if worked {
            festival.makeupWorkdays += try makeupDays(mentions, sentence: sentence, year: year)
        } else if !mentions.isEmpty {
            guard recommendation else {
                throw NoticeError("这句话写了日期，但既不是放假也不是上班，无法判断。", sentence: sentence)
            }
            // Not applied, but a date that does not exist means the text is garbled.
            var previous: DateMention?
            for mention in mentions {
                _ = try mention.date(year: year, previous: previous, sentence: sentence)
                previous = mention
            }
            notes.append(sentence)
        }
    }

    private func daysOff(_ mentions: [DateMention], sentence: String, year: Int) throws(NoticeError) -> [CivilDate] {
        guard let first = mentions.first else {
            throw NoticeError("放假这一句没有日期。", sentence: sentence)
        }
        let start = try first.date(year: year, previous: nil, sentence: sentence)
        var end = start
        if mentions.count > 1 {
            guard mentions.count == 2, mentions[1].afterTo else {
                throw NoticeError("放假应写成一个日期或“M月D日至M月D日”，这里有\(mentions.count)个日期。",
                                  sentence: sentence)
            }
            end = try mentions[1].date(year: year, previous: first, sentence: sentence)
        }
        guard start <= end, end.daysSince(start) < 31 else {
            throw NoticeError("放假起止日期不对：\(start) 至 \(end)。", sentence: sentence)
        }
        let days = Array(start...end)
        if let stated = try Self.statedDayCount(sentence), stated != days.count {
            throw NoticeError("写的是共\(stated)天，但\(first.text)至\(mentions.last?.text ?? "")是\(days.count)天。",
                              sentence: sentence)
        }
        try checkNearYear(days, year: year, sentence: sentence)
        return days
    }

    private func makeupDays(_ mentions: [DateMention], sentence: String, year: Int) throws(NoticeError) -> [CivilDate] {
        guard !mentions.isEmpty else {
            throw NoticeError("上班这一句没有日期。", sentence: sentence)
        }
        var days: [CivilDate] = []
        var previous: DateMention?
        for mention in mentions {
            if mention.afterTo {
                throw NoticeError("调休上班日应逐日列出，不能写成区间。", sentence: sentence)
            }
            let day = try mention.date(year: year, previous: previous, sentence: sentence)
            guard day.isWeekend else {
                throw NoticeError("\(mention.text)是\(day.chineseWeekday)，"
                                  + "不是周六或周日，不能是调休上班日。", sentence: sentence)
            }
            days.append(day)
            previous = mention
        }
        try checkNearYear(days, year: year, sentence: sentence)
        return days
    }

    /// Days outside the notice's year only within a week of its New Year (a holiday that
    /// spans 31 December), never elsewhere: a wrong year would move a whole holiday.
    private func checkNearYear(_ days: [CivilDate], year: Int, sentence: String) throws(NoticeError) {
        let earliest = CivilDate(unchecked: year - 1, 12, 25)
        let latest = CivilDate(unchecked: year + 1, 1, 7)
        if let day = days.first(where: { $0.year != year && ($0 < earliest || $0 > latest) }) {
            throw NoticeError("\(day) 不在\(year)年，也不是跨年假期的相邻日期。", sentence: sentence)
        }
    }

    /// The N of 共N天 or 放假N天 (spaces allowed, digits or Chinese numerals such as 三,
    /// 两, 十二), if the sentence states one. A count that cannot be read is an error, not
    /// a count skipped: it is what checks the range.
    static func statedDayCount(_ sentence: String) throws(NoticeError) -> Int? {
        let characters = Array(sentence)
        for marker in ["共", "放假"] {
            var search = characters[...]
            while let range = search.firstRange(of: Array(marker)) {
                var index = range.upperBound
                while index < characters.count, characters[index].isWhitespace { index += 1 }
                var end = index
                while end < characters.count, characters[end] != "天", end - index < 12,
                      characters[end].isNumber || numerals[characters[end]] != nil || characters[end] == "两"
                        || characters[end].isWhitespace {
                    end += 1
                }
                if end < characters.count, characters[end] == "天", end > index {
                    let text = String(characters[index..<end]).filter { !$0.isWhitespace }
                    guard let value = count(text) else {
                        throw NoticeError("读不出“\(marker)\(text)天”中的天数。", sentence: sentence)
                    }
                    return value
                }
                search = characters[range.upperBound...]
            }
        }
        return nil
    }

    /// A small count in ASCII digits or Chinese numerals (1-99), or nil.
    static func count(_ text: String) -> Int? {
        if let value = Int(text), (1...366).contains(value) { return value }
        let characters = Array(text.replacingOccurrences(of: "两", with: "二"))
        guard let (value, next) = chineseNumber(in: characters, at: 0), next == characters.count else { return nil }
        return value
    }

    private func checkDistinct(_ festivals: [HolidayNotice.Festival]) throws(NoticeError) {
        var seen: [CivilDate: String] = [:]
        for festival in festivals {
            for day in festival.daysOff + festival.makeupWorkdays {
                if let other = seen[day] {
                    let problem = other == festival.name
                        ? "\(day) 在“\(festival.name)”这一条中出现了两次（或既放假又上班）。"
                        : "\(day) 在“\(other)”和“\(festival.name)”中都出现了。"
                    throw NoticeError(problem, sentence: festival.name)
                }
                seen[day] = festival.name
            }
        }
    }

    // MARK: Numbers

    /// An ASCII number at `index`, with the index after it.
    static func number(in characters: [Character], at index: Int) -> (Int, Int)? {
        var value = 0
        var next = index
        while next < characters.count, let digit = characters[next].wholeNumberValue,
              characters[next].isASCII, next - index < 6 {
            value = value * 10 + digit
            next += 1
        }
        return next > index ? (value, next) : nil
    }

    static let numerals: [Character: Int] = ["一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6,
                                             "七": 7, "八": 8, "九": 9, "十": 10]

    /// A Chinese numeral of 1-99 (一, 十, 十二, 二十三) at `index`.
    static func chineseNumber(in characters: [Character], at index: Int) -> (Int, Int)? {
        var next = index
        var digits: [Int] = []
        while next < characters.count, let value = numerals[characters[next]], digits.count < 3 {
            digits.append(value)
            next += 1
        }
        switch digits.count {
        case 1: return (digits[0], next)
        case 2 where digits[0] == 10 && digits[1] < 10: return (10 + digits[1], next)
        case 2 where digits[1] == 10 && digits[0] < 10: return (digits[0] * 10, next)
        case 3 where digits[1] == 10 && digits[0] < 10 && digits[2] < 10: return (digits[0] * 10 + digits[2], next)
        default: return nil
        }
    }

    static func numeral(_ number: Int) -> String {
        let names = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
        switch number {
        case 1...9: return names[number]
        case 10: return "十"
        case 11...19: return "十" + names[number - 10]
        default: return names[number / 10] + "十" + names[number % 10]
        }
    }
}

extension String {
    var trimmingWhitespace: String {
        var text = Substring(self)
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return String(text)
    }
}
