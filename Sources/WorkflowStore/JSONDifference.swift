import AgencyJSON

/// Finds where two JSON values first differ, for messages such as
/// `$.data.amount: stored 5, replayed 6`. Compares canonical encodings, so `1` and
/// `1.0` differ, as they do for the journal's hashes.
enum JSONDifference {
    static func first(_ stored: JSONValue, _ replayed: JSONValue, path: String) -> String? {
        if encode(stored) == encode(replayed) { return nil }
        switch (stored, replayed) {
        case (.object(let left), .object(let right)):
            for key in Set(left.keys).union(right.keys).sorted(by: byteOrder) {
                switch (left[key], right[key]) {
                case (nil, _): return "\(path).\(key): only in the replayed snapshot"
                case (_, nil): return "\(path).\(key): only in the stored snapshot"
                case (let l?, let r?):
                    if let found = first(l, r, path: "\(path).\(key)") { return found }
                }
            }
        case (.array(let left), .array(let right)):
            for index in 0..<min(left.count, right.count) {
                if let found = first(left[index], right[index], path: "\(path)[\(index)]") {
                    return found
                }
            }
            return "\(path): stored has \(left.count) elements, replayed \(right.count)"
        default:
            break
        }
        return "\(path): stored \(excerpt(stored)), replayed \(excerpt(replayed))"
    }

    private static func encode(_ value: JSONValue) -> [UInt8] {
        (try? value.canonicalBytes()) ?? []
    }

    private static func excerpt(_ value: JSONValue) -> String {
        let text = String(decoding: encode(value), as: UTF8.self)
        return text.count > 60 ? String(text.prefix(57)) + "…" : text
    }
}
