import Foundation

/// The kinds of file an action may carry, recognised by their first bytes, not by what
/// the browser or the file name claims: a file named `.pdf` that does not begin as a PDF
/// is refused (a spoofed type), as is any kind not listed.
public struct AttachmentKind: Sendable, Equatable {
    public let name: String
    public let extensions: [String]
    public let mediaType: String
    let magic: [[UInt8]]

    static let zip: [[UInt8]] = [[0x50, 0x4B, 0x03, 0x04]]
    static let ole: [[UInt8]] = [[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]]

    public static let all: [AttachmentKind] = [
        .init(name: "PDF", extensions: ["pdf"], mediaType: "application/pdf", magic: [Array("%PDF-".utf8)]),
        .init(name: "OFD", extensions: ["ofd"], mediaType: "application/ofd", magic: zip),
        .init(name: "PNG", extensions: ["png"], mediaType: "image/png", magic: [[0x89, 0x50, 0x4E, 0x47]]),
        .init(name: "JPEG", extensions: ["jpg", "jpeg"], mediaType: "image/jpeg", magic: [[0xFF, 0xD8, 0xFF]]),
        .init(name: "Word", extensions: ["docx"],
              mediaType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", magic: zip),
        .init(name: "Excel", extensions: ["xlsx"],
              mediaType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", magic: zip),
        .init(name: "PowerPoint", extensions: ["pptx"],
              mediaType: "application/vnd.openxmlformats-officedocument.presentationml.presentation", magic: zip),
        .init(name: "Word", extensions: ["doc"], mediaType: "application/msword", magic: ole),
        .init(name: "Excel", extensions: ["xls"], mediaType: "application/vnd.ms-excel", magic: ole),
        .init(name: "文本", extensions: ["txt", "csv"], mediaType: "text/plain; charset=utf-8", magic: []),
    ]

    /// The kind of `file` by its extension, confirmed by its content.
    static func check(_ file: UploadedFile) throws(AttachmentError) -> AttachmentKind {
        let ext = (file.filename as NSString).pathExtension.lowercased()
        guard let kind = all.first(where: { $0.extensions.contains(ext) }) else { throw .unsupported(file.filename) }
        guard kind.matches(file.bytes) else { throw .mismatch(file.filename, kind.name) }
        return kind
    }

    /// The kind a stored file's name says, for serving it back.
    public static func of(name: String) -> AttachmentKind? {
        let ext = (name as NSString).pathExtension.lowercased()
        return all.first { $0.extensions.contains(ext) }
    }

    func matches(_ bytes: [UInt8]) -> Bool {
        if magic.isEmpty {
            // Text: valid UTF-8 without NUL bytes.
            return !bytes.contains(0) && String(validating: bytes, as: UTF8.self) != nil
        }
        return magic.contains { bytes.starts(with: $0) }
    }
}
