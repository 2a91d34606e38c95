/// Makes sheet names acceptable to Excel, which refuses a workbook whose
/// names break its rules rather than repairing them.
enum SheetNames {
    static let maxLength = 31
    private static let forbidden: Set<Character> = ["[", "]", ":", "*", "?", "/", "\\"]

    /// Sanitized, unique names, one per input, in the same order.
    static func make(_ names: [String]) -> [String] {
        // "History" is reserved by Excel for its change-tracking sheet.
        var taken: Set<String> = ["history"]
        var result: [String] = []
        for (index, name) in names.enumerated() {
            let base = sanitize(name, fallback: "Sheet\(index + 1)")
            var candidate = base
            var counter = 2
            while taken.contains(candidate.lowercased()) {
                let suffix = " (\(counter))"
                candidate = XMLText.truncate(base, to: maxLength - suffix.utf16.count) + suffix
                counter += 1
            }
            taken.insert(candidate.lowercased())
            result.append(candidate)
        }
        return result
    }

    static func sanitize(_ name: String, fallback: String) -> String {
        var cleaned = String(name.unicodeScalars.filter { XMLText.isAllowed($0) && $0.value >= 0x20 })
        cleaned = String(cleaned.map { forbidden.contains($0) ? "_" : $0 })
        cleaned = String(cleaned.drop { $0 == "'" || $0.isWhitespace })
        while let last = cleaned.last, last == "'" || last.isWhitespace { cleaned.removeLast() }
        cleaned = XMLText.truncate(cleaned, to: maxLength)
        return cleaned.isEmpty ? fallback : cleaned
    }
}
