import AgencyFormats
import Foundation
import WorkflowStore

/// Files attached to actions from the web workplace, stored by content in
/// `<store>/attachments/<sha256>` (0600, written durably; the same file twice is stored
/// once). The action's journal record names each as `sha256:<hex> <file name>`, so the
/// chain of hashes covers what was attached, and `verify` can tell if a file was swapped.
public struct AttachmentStore: Sendable {
    /// The largest file accepted.
    public static let maximumBytes = 10 << 20
    public let storeDirectory: String
    var folder: String { storeDirectory + "/attachments" }

    public init(storeDirectory: String) {
        self.storeDirectory = storeDirectory
    }

    /// Checks and stores an upload; returns the reference the journal records.
    public func store(_ file: UploadedFile) throws(AttachmentError) -> String {
        guard !file.bytes.isEmpty else { throw .empty(file.filename) }
        guard file.bytes.count <= Self.maximumBytes else { throw .tooLarge(file.filename, file.bytes.count) }
        let kind = try AttachmentKind.check(file)
        let digest = Digest.sha256Hex(file.bytes)
        let path = folder + "/" + digest
        if !FileManager.default.fileExists(atPath: path) {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
                try DurableWriter(fileSystem: POSIXFileSystem()).replace(path, with: file.bytes, mode: 0o600)
            } catch {
                throw .io("cannot store \(file.filename): \(error)")
            }
        }
        return "sha256:\(digest) \(Self.safeName(file.filename, kind: kind))"
    }

    /// The stored bytes of `digest`, checked against it; nil when missing or altered.
    public func read(_ digest: String) -> [UInt8]? {
        guard digest.count == 64, digest.allSatisfy(\.isHexDigit),
              let data = FileManager.default.contents(atPath: folder + "/" + digest) else { return nil }
        let bytes = [UInt8](data)
        return Digest.sha256Hex(bytes) == digest ? bytes : nil
    }

    /// A file name without paths, control characters (C0, DEL, C1) or bidirectional
    /// overrides (`报告\u{202E}fdp.jpg` must not read as a JPEG), at most 100 characters.
    static func safeName(_ name: String, kind: AttachmentKind) -> String {
        let base = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let hidden: Set<UInt32> = Set(0x202A...0x202E).union(0x2066...0x2069).union([0x200E, 0x200F, 0x061C])
        let clean = String(base.unicodeScalars.filter { scalar in
            scalar.value >= 0x20 && !(0x7F...0x9F).contains(scalar.value) && !hidden.contains(scalar.value)
        }.map(Character.init))
            .trimmingCharacters(in: .whitespaces)
        guard !clean.isEmpty else { return "附件.\(kind.extensions[0])" }
        guard clean.count > 100 else { return clean }
        // Shortened in its stem, so the extension that was checked is the one that stays.
        let ext = (clean as NSString).pathExtension
        let stem = (clean as NSString).deletingPathExtension
        return String(stem.prefix(100 - ext.count - 1)) + "." + ext
    }
}

/// One file from a form.
public struct UploadedFile: Sendable {
    public var field: String
    public var filename: String
    public var contentType: String?
    public var bytes: [UInt8]
}

/// Why an upload was refused, in the words staff read.
public enum AttachmentError: Error, Sendable, CustomStringConvertible {
    case empty(String)
    case tooLarge(String, Int)
    case unsupported(String)
    case mismatch(String, String)
    case io(String)

    public var description: String {
        switch self {
        case .empty(let name): return "附件“\(name)”是空文件。"
        case .tooLarge(let name, let size):
            return "附件“\(name)”有 \(size / 1024 / 1024) MB，超过 \(AttachmentStore.maximumBytes >> 20) MB 的上限；请压缩或拆分后再传。"
        case .unsupported(let name):
            return "附件“\(name)”的类型不在允许之列：可上传 PDF、OFD、图片（JPG、PNG）、Word、Excel、PowerPoint 和文本文件。"
        case .mismatch(let name, let kind):
            return "附件“\(name)”的内容不是它的扩展名所说的 \(kind) 文件，已拒收；请上传原文件。"
        case .io(let message): return "附件未能保存：\(message)"
        }
    }
}
