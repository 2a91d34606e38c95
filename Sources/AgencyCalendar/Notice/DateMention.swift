/// One date as a notice writes it: `[YYYY年]M月D日`, or `D日` after 至 (same month), with
/// an optional parenthesis after it that may name the weekday: `（周三）`, `（星期日）`,
/// `（农历除夕、周二）`.
struct DateMention: Equatable {
    var year: Int?
    var month: Int?
    var day: Int
    /// 1 = Monday ... 7 = Sunday, when the text names it.
    var weekday: Int?
    /// Written right after 至: the end of a range.
    var afterTo: Bool
    /// The date as written, without its parenthesis, for messages.
    var text: String

    /// Every date in `sentence`, in order.
    static func scan(_ sentence: String) throws(NoticeError) -> [DateMention] {
        let characters = Array(sentence)
        var mentions: [DateMention] = []
        var index = 0
        var sawTo = false
        while index < characters.count {
            if characters[index] == "至" {
                sawTo = true
                index += 1
                continue
            }
            guard let (first, afterFirst) = NoticeReader.number(in: characters, at: index) else {
                index += 1
                continue
            }
            var year: Int?
            var month: Int?
            // Text copied from a PDF may have spaces inside a date: 1 月 1 日.
            func skipSpaces(_ position: Int) -> Int {
                var position = position
                while position < characters.count, characters[position] == " " || characters[position] == "\u{3000}" {
                    position += 1
                }
                return position
            }
            var cursor = skipSpaces(afterFirst)
            var value = first
            if cursor < characters.count, characters[cursor] == "年" {
                guard let (next, after) = NoticeReader.number(in: characters, at: skipSpaces(cursor + 1)) else {
                    index = cursor + 1
                    continue
                }
                year = value
                value = next
                cursor = skipSpaces(after)
            }
            if cursor < characters.count, characters[cursor] == "月" {
                guard let (day, afterDay) = NoticeReader.number(in: characters, at: skipSpaces(cursor + 1)),
                      case let after = skipSpaces(afterDay),
                      after < characters.count, characters[after] == "日" else {
                    throw NoticeError("“\(String(characters[index..<min(cursor + 4, characters.count)]))”"
                                      + "缺少日，日期应写成“M月D日”。", sentence: sentence)
                }
                month = value
                value = day
                cursor = after
            } else if !(cursor < characters.count && characters[cursor] == "日") || year != nil {
                // A number that is not a date (共8天, 放假1天, a bare year).
                index = cursor
                continue
            }
            let text = String(characters[index...cursor])
            cursor += 1
            var weekday: Int?
            if cursor < characters.count, characters[cursor] == "（" || characters[cursor] == "(" {
                let close = characters[cursor...].firstIndex { $0 == "）" || $0 == ")" } ?? characters.count
                weekday = try Self.weekday(in: String(characters[(cursor + 1)..<close]), sentence: sentence)
                cursor = min(close + 1, characters.count)
            }
            mentions.append(DateMention(year: year, month: month, day: value, weekday: weekday,
                                        afterTo: sawTo, text: text))
            sawTo = false
            index = cursor
        }
        return mentions
    }

    /// The weekday named in a parenthesis (周一…周日, 星期一…星期日/天), or nil.
    static func weekday(in note: String, sentence: String) throws(NoticeError) -> Int? {
        let names: [Character: Int] = ["一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "日": 7, "天": 7]
        let characters = Array(note)
        for (index, character) in characters.enumerated() {
            let prefixLength: Int
            if character == "周" {
                prefixLength = 1
            } else if character == "星", index + 1 < characters.count, characters[index + 1] == "期" {
                prefixLength = 2
            } else {
                continue
            }
            let position = index + prefixLength
            guard position < characters.count, let value = names[characters[position]] else {
                throw NoticeError("括号里的“\(note)”不是星期几。", sentence: sentence)
            }
            return value
        }
        return nil
    }

    /// The date, in the notice's `year` unless written with one; a range's end without a
    /// month takes the month of `previous`.
    func date(year noticeYear: Int, previous: DateMention?, sentence: String) throws(NoticeError) -> CivilDate {
        guard let month = month ?? (afterTo ? previous?.month : nil) else {
            throw NoticeError("“\(text)”缺少月份。", sentence: sentence)
        }
        // A range's end without a year continues its start's year unless the month goes back.
        var inherited = noticeYear
        if afterTo, let previous, let previousYear = previous.year, month >= (previous.month ?? month) {
            inherited = previousYear
        }
        let year = year ?? inherited
        guard let date = CivilDate(year: year, month: month, day: day) else {
            throw NoticeError("“\(text)”不是真实的日期（\(year)年\(month)月没有\(day)日）。", sentence: sentence)
        }
        if let weekday, weekday != date.weekday {
            throw NoticeError("\(text)是\(date.chineseWeekday)，不是文中写的\(Self.weekdayName(weekday))。",
                              sentence: sentence)
        }
        return date
    }

    /// 周一 … 周日 for an ISO weekday the text named (1...7).
    static func weekdayName(_ weekday: Int) -> String {
        CivilDate(unchecked: 2024, 1, max(1, min(7, weekday))).chineseWeekday  // 2024-01-01 is a Monday
    }
}
