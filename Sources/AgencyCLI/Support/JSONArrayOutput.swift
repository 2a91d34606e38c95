import AgencyJSON

/// Prints a JSON array one element at a time, exactly as `JSONValue.array(…).prettyString()`
/// would print it whole, so that a command listing a large store holds one element in
/// memory instead of the answer.
struct JSONArrayOutput {
    /// The previous element, indented, printed once we know whether a comma follows it.
    private var pending: [UInt8]?
    private var started = false

    mutating func append(_ element: JSONValue) throws {
        // Bytes, not a String split into lines: a listing prints thousands of elements.
        // The writer escapes every control character, so the text needs no guarding.
        let pretty = try element.prettyBytes()
        var end = pretty.count
        while end > 0 && pretty[end - 1] == 0x0A { end -= 1 }
        var text: [UInt8] = [0x20, 0x20]
        text.reserveCapacity(end + end / 8)
        for byte in pretty[..<end] {
            text.append(byte)
            if byte == 0x0A { text += [0x20, 0x20] }
        }
        if var pending {
            pending += [0x2C, 0x0A]
            Console.raw(pending)
        } else if !started {
            Console.raw([0x5B, 0x0A])
            started = true
        }
        pending = text
    }

    /// Ends the array; like `Console.out(prettyString())`, with the writer's own final
    /// newline before `Console.out`'s.
    func finish() {
        guard let pending else { return Console.out("[]\n") }
        Console.raw(pending + [0x0A])
        Console.out("]\n")
    }
}
