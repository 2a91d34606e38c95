import Foundation

/// A `<Relationship>` from a `_rels/*.rels` part, with its target resolved
/// to a path inside the ZIP.
struct Relationship {
    let id: String
    let type: String
    let path: String?

    /// Matches both transitional (openxmlformats.org) and strict
    /// (purl.oclc.org) relationship type URIs, which share their last segment.
    func hasType(_ name: String) -> Bool { type.hasSuffix("/" + name) }
}

enum PackageIndex {
    /// "xl/workbook.xml" → "xl/_rels/workbook.xml.rels".
    static func relationshipsPath(for part: String) -> String {
        guard let slash = part.lastIndex(of: "/") else { return "_rels/\(part).rels" }
        return part[...slash] + "_rels/" + part[part.index(after: slash)...] + ".rels"
    }

    static func relationships(_ data: Data, part: String, owner: String, source: String)
        throws(SpreadsheetError) -> [Relationship] {
        var result: [Relationship] = []
        try XMLEvents.parse(data, part: part, source: source) { event in
            guard case .start("Relationship", let attributes) = event,
                  let id = attributes["Id"], let target = attributes["Target"] else { return }
            let external = attributes["TargetMode"] == "External"
            result.append(Relationship(id: id, type: attributes["Type"] ?? "",
                                       path: external ? nil : resolve(target, from: owner)))
        }
        return result
    }

    /// Resolves a relationship target against the folder of the part that
    /// owns it (`owner` is "" for the package's own `_rels/.rels`); targets
    /// starting with "/" are relative to the package root.
    static func resolve(_ target: String, from owner: String) -> String {
        var segments: [Substring] = []
        if !target.hasPrefix("/") {
            segments = Array(owner.split(separator: "/").dropLast())
        }
        for segment in target.split(separator: "/") {
            switch segment {
            case ".": continue
            case "..": if !segments.isEmpty { segments.removeLast() }
            default: segments.append(segment)
            }
        }
        return segments.joined(separator: "/")
    }

    /// The `<sheet name=… r:id=…>` entries of `xl/workbook.xml`, in tab order.
    static func sheets(_ data: Data, part: String, source: String)
        throws(SpreadsheetError) -> [(name: String, relationshipId: String)] {
        var sheets: [(name: String, relationshipId: String)] = []
        try XMLEvents.parse(data, part: part, source: source) { event in
            guard case .start("sheet", let attributes) = event else { return }
            guard let name = attributes["name"], let id = attributes["id"] else {
                throw XMLContentError(reason: "a <sheet> lacks its name or r:id attribute")
            }
            sheets.append((name, id))
        }
        return sheets
    }
}
