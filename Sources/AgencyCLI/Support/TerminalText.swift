/// Text from the store (comments, titles, names, data, log lines, messages) made safe for
/// a terminal: a control character in it must not reach the terminal raw, where ESC
/// sequences can set the window title, move the cursor, rewrite what is on screen or
/// answer back, BEL rings, CR and backspace overwrite, and bidirectional overrides reorder
/// a line. Each is shown instead:
///
/// - C0 controls and DEL as their Unicode control pictures: ESC `␛`, BEL `␇`, CR `␍`,
///   NUL `␀`, DEL `␡`, …; a line break as `␤` and a tab as `␉` where a value must stay on
///   one line (a table cell, a log line);
/// - C1 controls (U+0080–U+009F), the bidirectional embeddings, overrides and isolates
///   (U+202A–U+202E, U+2066–U+2069) and the line and paragraph separators (U+2028,
///   U+2029) as `\u{202E}`.
///
/// `--json` output does not go through here: JSON escapes the C0 controls itself, and
/// the rest are data. CSV is written as it is (Docs/cli.md).
enum TerminalText {
    /// `text` with every control character shown (see above). With `continuation`, line
    /// breaks are kept and each new line starts with it (an indent, so that a comment
    /// cannot forge a line of the output), and tabs are kept.
    static func visible(_ text: String, continuation: String? = nil) -> String {
        let keepingLines = continuation != nil
        guard text.unicodeScalars.contains(where: { needsEscape($0, keepingLines: keepingLines)
                                                    || (keepingLines && $0 == "\n") }) else {
            return text
        }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if let continuation, scalar == "\n" {
                result.append(scalar)
                result.append(contentsOf: continuation.unicodeScalars)
            } else if needsEscape(scalar, keepingLines: continuation != nil) {
                result.append(contentsOf: shown(scalar).unicodeScalars)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// `text` as `Console` writes it: C0 controls other than line break and tab are
    /// shown as control pictures, and ESC is kept only where it begins a colour code
    /// (`ESC [ digits ; … m`, what `Console.paint` writes). The safety net under the
    /// rendering code, which shows user text with `visible` before it gets here; it
    /// leaves JSON alone (JSON escapes every C0 control but the line breaks between
    /// members).
    static func guarded(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" && $0 != "\t" }) else {
            return text
        }
        let scalars = Array(text.unicodeScalars)
        var result = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\u{1B}", let end = colourCodeEnd(scalars, from: index) {
                result.append(contentsOf: scalars[index...end])
                index = end + 1
                continue
            }
            if scalar.value < 0x20 && scalar != "\n" && scalar != "\t" {
                result.append(contentsOf: shown(scalar).unicodeScalars)
            } else {
                result.append(scalar)
            }
            index += 1
        }
        return String(result)
    }

    static func needsEscape(_ scalar: Unicode.Scalar, keepingLines: Bool) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: return !keepingLines
        case 0x00...0x1F, 0x7F, 0x80...0x9F, 0x202A...0x202E, 0x2066...0x2069, 0x2028, 0x2029: return true
        default: return false
        }
    }

    /// How a control character is shown.
    static func shown(_ scalar: Unicode.Scalar) -> String {
        switch scalar.value {
        case 0x0A: return "␤"
        case 0x00...0x1F: return Unicode.Scalar(0x2400 + scalar.value).map { String($0) } ?? "?"
        case 0x7F: return "␡"
        default: return "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
        }
    }

    /// The index of the `m` ending the colour code that starts at `start` (ESC), if one
    /// does.
    private static func colourCodeEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
        var index = start + 1
        guard index < scalars.count, scalars[index] == "[" else { return nil }
        index += 1
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "m" { return index }
            guard ("0"..."9").contains(scalar) || scalar == ";" else { return nil }
            index += 1
        }
        return nil
    }
}
