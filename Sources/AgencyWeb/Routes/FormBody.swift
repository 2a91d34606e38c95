import AgencyHTTP
import Foundation
import Hummingbird

/// An `application/x-www-form-urlencoded` body, as a browser posts a form.
struct FormBody {
    /// Forms here are small: a comment, a few fields.
    static let limit = 64 << 10
    private var values: [String: [String]] = [:]

    init(_ text: String) {
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = Self.decode(parts[0])
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            values[key, default: []].append(value)
        }
    }

    static func read(_ request: Request) async throws -> FormBody {
        let buffer = try await request.body.collect(upTo: limit)
        return FormBody(String(buffer: buffer))
    }

    /// The first value of `key`, trimmed; nil when missing or blank.
    subscript(_ key: String) -> String? {
        guard let value = values[key]?.first?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
            return nil
        }
        return value
    }

    /// The value as typed (not trimmed), for passwords.
    func raw(_ key: String) -> String? { values[key]?.first }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
