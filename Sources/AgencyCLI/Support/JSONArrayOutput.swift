import AgencyJSON

/// Prints a JSON array one element at a time, exactly as `JSONValue.array(…).prettyString()`
/// would print it whole, so that a command listing a large store holds one element in
/// memory instead of the answer.
struct JSONArrayOutput {
    /// The previous element, printed once we know whether a comma follows it.
    private var pending: String?
    private var started = false

    mutating func append(_ element: JSONValue) throws {
        var pretty = try element.prettyString()
        while pretty.hasSuffix("\n") { pretty.removeLast() }
        let text = pretty.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
        if let pending {
            Console.out(pending + ",")
        } else if !started {
            Console.out("[")
            started = true
        }
        pending = text
    }

    /// Ends the array; like `Console.out(prettyString())`, with the writer's own final
    /// newline before `Console.out`'s.
    func finish() {
        guard let pending else { return Console.out("[]\n") }
        Console.out(pending)
        Console.out("]\n")
    }
}
