import Foundation
import ZIPFoundation

/// Read access to the parts of a ZIP package, guarded against ZIP bombs:
/// sizes declared in the central directory are checked before anything is
/// inflated, and inflated bytes are counted again while extracting, since
/// declared sizes can lie.
struct ZipPackage {
    private let archive: Archive
    private let source: String
    /// Entries by normalized path: lowercase, "/" separators, no leading "/".
    private let entries: [String: Entry]
    private var remainingBytes: Int
    private struct BudgetExceeded: Error {}

    init(data: Data, source: String, limits: WorkbookReader.Limits) throws(SpreadsheetError) {
        do {
            archive = try Archive(data: data, accessMode: .read)
        } catch {
            throw .notAZip(source: source)
        }
        self.source = source
        remainingBytes = limits.maxUncompressedBytes
        var entries: [String: Entry] = [:]
        var count = 0
        var declaredTotal: UInt64 = 0
        for entry in archive {
            count += 1
            guard count <= limits.maxEntries else {
                throw .tooLarge(source: source, detail: "more than \(limits.maxEntries) files inside")
            }
            declaredTotal = declaredTotal.addingReportingOverflow(entry.uncompressedSize).partialValue
            guard declaredTotal <= UInt64(limits.maxUncompressedBytes),
                  entry.uncompressedSize <= UInt64(limits.maxUncompressedBytes) else {
                throw .tooLarge(source: source, detail: "its contents unpack to more than "
                                + Self.mebibytes(limits.maxUncompressedBytes))
            }
            let key = Self.normalize(entry.path)
            if entry.type == .file, entries[key] == nil { entries[key] = entry }
        }
        self.entries = entries
    }

    /// The bytes of the part at `path`, or `nil` if the package has no such part.
    mutating func data(at path: String) throws(SpreadsheetError) -> Data? {
        guard let entry = entries[Self.normalize(path)] else { return nil }
        var bytes = Data()
        let budget = remainingBytes
        do {
            _ = try archive.extract(entry) { chunk in
                guard bytes.count + chunk.count <= budget else { throw BudgetExceeded() }
                bytes.append(chunk)
            }
        } catch is BudgetExceeded {
            throw .tooLarge(source: source, detail: "\(path) unpacks to more data than its ZIP header declares")
        } catch {
            throw .damagedPart(source: source, part: path, reason: "cannot be unpacked (\(error))")
        }
        remainingBytes -= bytes.count
        return bytes
    }

    private static func normalize(_ path: String) -> String {
        let slashed = path.replacingOccurrences(of: "\\", with: "/").lowercased()
        return slashed.hasPrefix("/") ? String(slashed.dropFirst()) : slashed
    }

    static func mebibytes(_ bytes: Int) -> String {
        guard bytes >= 1_048_576 else { return "\(bytes) bytes" }
        let value = Double(bytes) / 1_048_576
        return value == value.rounded() ? "\(Int(value)) MiB" : String(format: "%.1f MiB", value)
    }
}
