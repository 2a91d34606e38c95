import Foundation
import Hummingbird
import MultipartKit

/// A form as a browser posts it: `application/x-www-form-urlencoded`, or
/// `multipart/form-data` when it carries files.
struct FormBody {
    /// Forms without files are small: a comment, a few fields.
    static let limit = 64 << 10
    /// With files: one attachment at its limit, plus the fields and the envelope.
    static let multipartLimit = AttachmentStore.maximumBytes + (256 << 10)
    private var values: [String: [String]] = [:]
    /// The files, in the order they came; parts with an empty file name (no file chosen) are left out.
    private(set) var files: [UploadedFile] = []

    init(_ text: String) {
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = Self.decode(parts[0])
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            values[key, default: []].append(value)
        }
    }

    /// Reads and parses the body; throws ``FormTooLarge`` past the limit.
    static func read(_ request: Request) async throws -> FormBody {
        let type = request.headers[.contentType] ?? ""
        if let boundary = Self.boundary(type) {
            let buffer: ByteBuffer
            do {
                buffer = try await request.body.collect(upTo: multipartLimit)
            } catch {
                throw FormTooLarge()
            }
            return try FormBody(multipart: buffer, boundary: boundary)
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch {
            throw FormTooLarge()
        }
        return FormBody(String(buffer: buffer))
    }

    init(multipart buffer: ByteBuffer, boundary: String) throws {
        let parser = MultipartParser(boundary: boundary)
        var headers: [String: String] = [:]
        var body: [UInt8] = []
        var parts: [([String: String], [UInt8])] = []
        parser.onHeader = { name, value in headers[name.lowercased()] = value }
        parser.onBody = { chunk in body += chunk.readableBytesView }
        parser.onPartComplete = {
            parts.append((headers, body))
            headers = [:]
            body = []
        }
        try parser.execute(buffer)
        for (headers, bytes) in parts {
            let disposition = headers["content-disposition"] ?? ""
            guard let name = Self.parameter("name", in: disposition) else { continue }
            if let filename = Self.parameter("filename", in: disposition) {
                if filename.isEmpty && bytes.isEmpty { continue }
                files.append(UploadedFile(field: name, filename: filename, contentType: headers["content-type"],
                                          bytes: bytes))
            } else {
                values[name, default: []].append(String(decoding: bytes, as: UTF8.self))
            }
        }
    }

    /// The first value of `key`, trimmed; nil when missing or blank.
    subscript(_ key: String) -> String? {
        guard let value = values[key]?.first?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
            return nil
        }
        return value
    }

    /// Every `prefix<name>` field with a non-blank value, as (name, value), by name.
    func fields(prefix: String) -> [(String, String)] {
        values.keys.filter { $0.hasPrefix(prefix) }.sorted().compactMap { key in
            self[key].map { (String(key.dropFirst(prefix.count)), $0) }
        }
    }

    /// The value as typed (not trimmed), for passwords.
    func raw(_ key: String) -> String? { values[key]?.first }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    static func boundary(_ contentType: String) -> String? {
        guard contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        return parameter("boundary", in: contentType)
    }

    /// `key="value"` (or unquoted) in a header's parameters; a `;` inside quotes is part
    /// of the value (`filename="报告;终稿.pdf"`).
    static func parameter(_ key: String, in header: String) -> String? {
        for piece in parameters(header).dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == key else { continue }
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                value = String(value.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
            }
            return value
        }
        return nil
    }

    /// A header split at the semicolons outside quotes.
    static func parameters(_ header: String) -> [String] {
        var pieces: [String] = [], current = "", quoted = false, escaped = false
        for character in header {
            if escaped {
                escaped = false
            } else if character == "\\" && quoted {
                escaped = true
            } else if character == "\"" {
                quoted.toggle()
            } else if character == ";" && !quoted {
                pieces.append(current)
                current = ""
                continue
            }
            current.append(character)
        }
        pieces.append(current)
        return pieces
    }
}

/// A body over the form's limit.
struct FormTooLarge: Error, CustomStringConvertible {
    var description: String {
        "提交的内容太大：意见最多 5000 字，附件每个最多 \(AttachmentStore.maximumBytes >> 20) MB；请精简意见，或压缩、拆分附件后再传。"
    }
}
