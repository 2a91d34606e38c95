// Writing a parsed document (`JSONTape`) back in the canonical style without building
// it as a `JSONValue`: what a journal record's hash is computed over when its line is
// read (Docs/storage.md, "Journal"). The bytes are exactly `JSONValue.canonicalBytes()`
// of the same document (`JSONDocumentTests`).

extension JSONWriter {
    /// Writes the value at `position`; `omitting` names top-level members left out.
    /// Never fails: a tape holds only finite numbers (the parser refuses others).
    mutating func write(tape: JSONTape, at position: Int, indent: Int, omitting: Set<String> = []) {
        switch tape.entries[position] {
        case .scalar(let scalar):
            // Finite by construction, so the writer cannot throw here.
            try? write(scalar, indent: indent)
        case .key(let key):
            writeString(key)
        case .array:
            let elements = tape.elements(of: position) ?? []
            output.append(UInt8(ascii: "["))
            for (offset, element) in elements.enumerated() {
                if offset > 0 { output.append(UInt8(ascii: ",")) }
                writeLineBreak(indent: indent + 1)
                write(tape: tape, at: element, indent: indent + 1)
            }
            if !elements.isEmpty { writeLineBreak(indent: indent) }
            output.append(UInt8(ascii: "]"))
        case .object:
            var members = tape.members(of: position) ?? []
            if !omitting.isEmpty { members.removeAll { omitting.contains($0.key) } }
            members.sort { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            output.append(UInt8(ascii: "{"))
            for (offset, member) in members.enumerated() {
                if offset > 0 { output.append(UInt8(ascii: ",")) }
                writeLineBreak(indent: indent + 1)
                writeString(member.key)
                output.append(UInt8(ascii: ":"))
                if style == .pretty { output.append(UInt8(ascii: " ")) }
                write(tape: tape, at: member.value, indent: indent + 1)
            }
            if !members.isEmpty { writeLineBreak(indent: indent) }
            output.append(UInt8(ascii: "}"))
        }
    }
}

extension JSONDocument {
    /// `value.canonicalBytes()` with the top-level members named in `omitting` removed
    /// (when the document is an object), written straight from the parsed document.
    /// Throws only for a document made from a `JSONValue` holding a non-finite double,
    /// as `canonicalBytes()` does; a parsed document holds none.
    public func canonicalBytes(omitting: Set<String> = []) throws(JSONEncodingError) -> [UInt8] {
        switch storage {
        case .tape(let tape):
            var writer = JSONWriter(style: .canonical)
            writer.output.reserveCapacity(512)
            writer.write(tape: tape, at: 0, indent: 0, omitting: omitting)
            return writer.output
        case .value(var value):
            if case .object(var members) = value {
                for key in omitting { members[key] = nil }
                value = .object(members)
            }
            return try value.canonicalBytes()
        }
    }
}
