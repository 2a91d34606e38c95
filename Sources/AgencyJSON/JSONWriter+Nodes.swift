// Writing an Encodable straight to bytes: the encoder's node tree (`EncodingNode`) is
// written as it stands, members sorted once by their keys' UTF-8 bytes, instead of being
// materialized into dictionary-backed `JSONValue`s first. The bytes are exactly those of
// `JSONValue(encoding:)` written in the same style (`DirectEncodingTests` compares them).

extension JSONWriter {
    static func encode(node: EncodingNode, style: Style) throws(JSONEncodingError) -> [UInt8] {
        var writer = JSONWriter(style: style)
        writer.output.reserveCapacity(4_096)
        do {
            try writer.write(node: node, indent: 0)
        } catch {
            // Only on failure: find the non-finite number's path in the materialized value.
            throw nonFiniteError(in: node.materialize())
        }
        if style == .pretty {
            writer.output.append(UInt8(ascii: "\n"))
        }
        return writer.output
    }

    mutating func write(node: EncodingNode, indent: Int) throws(NonFiniteNumber) {
        switch node.kind {
        case .empty:
            output.append(contentsOf: "{}".utf8)
        case .scalar:
            try write(node.scalarValue, indent: indent)
        case .array:
            output.append(UInt8(ascii: "["))
            for (position, element) in node.elements.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                writeLineBreak(indent: indent + 1)
                try write(slot: element, indent: indent + 1)
            }
            if !node.elements.isEmpty { writeLineBreak(indent: indent) }
            output.append(UInt8(ascii: "]"))
        case .object:
            output.append(UInt8(ascii: "{"))
            let members = node.members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            for (position, member) in members.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                writeLineBreak(indent: indent + 1)
                writeString(member.key)
                output.append(UInt8(ascii: ":"))
                if style == .pretty { output.append(UInt8(ascii: " ")) }
                try write(slot: member.slot, indent: indent + 1)
            }
            if !members.isEmpty { writeLineBreak(indent: indent) }
            output.append(UInt8(ascii: "}"))
        }
    }

    private mutating func write(slot: EncodingNode.Slot, indent: Int) throws(NonFiniteNumber) {
        switch slot {
        case .value(let value): try write(value, indent: indent)
        case .node(let node): try write(node: node, indent: indent)
        }
    }
}
