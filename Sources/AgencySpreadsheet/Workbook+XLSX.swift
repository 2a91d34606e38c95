import Foundation
import ZIPFoundation

extension Workbook {
    /// ZIP entry timestamps are fixed to 1980-01-01 00:00 (the earliest date
    /// ZIP can store) so that the same workbook always yields the same bytes.
    static let entryDate = Date(timeIntervalSince1970: 315_532_800)

    /// The workbook as the bytes of an `.xlsx` file (Office Open XML
    /// SpreadsheetML, transitional) for Excel and LibreOffice: inline strings,
    /// a bold frozen header row with an auto-filter, and column widths.
    ///
    /// Output is deterministic: equal workbooks give identical bytes on the
    /// same platform (ZIPFoundation deflates with zlib-compatible code on
    /// Linux and Apple's Compression framework on macOS, so bytes may differ
    /// between the two while the unpacked XML is the same).
    /// - Throws: ``SpreadsheetError/exceedsExcelLimits(sheet:rows:columns:)`` when a
    ///   sheet does not fit Excel's grid, ``SpreadsheetError/writeFailed(reason:)``
    ///   if the ZIP library fails.
    public func xlsxData() throws(SpreadsheetError) -> Data {
        let sheets = self.sheets.isEmpty ? [Sheet(name: "Sheet1")] : self.sheets
        let names = SheetNames.make(sheets.map(\.name))
        let writers = sheets.indices.map {
            WorksheetWriter(sheet: sheets[$0], name: names[$0], isFirst: $0 == 0)
        }
        for writer in writers { try writer.validate() }

        var parts: [(path: String, xml: String)] = [
            ("[Content_Types].xml", PackageParts.contentTypes(sheetCount: sheets.count)),
            ("_rels/.rels", PackageParts.rootRelationships),
            ("xl/workbook.xml", PackageParts.workbook(names: names, filterRanges: writers.map(\.filterRange))),
            ("xl/_rels/workbook.xml.rels", PackageParts.workbookRelationships(sheetCount: sheets.count)),
            ("xl/styles.xml", StyleTable.xml),
        ]
        for (index, writer) in writers.enumerated() {
            parts.append((PackageParts.worksheetPath(index), writer.xml()))
        }
        return try Self.zip(parts)
    }

    /// Writes ``xlsxData()`` to `url`, replacing any existing file atomically.
    public func write(to url: URL) throws(SpreadsheetError) {
        let data = try xlsxData()
        do {
            try data.write(to: url, options: .atomic)
        } catch {
            throw .writeFailed(reason: "cannot write \(url.path): \(error.localizedDescription)")
        }
    }

    private static func zip(_ parts: [(path: String, xml: String)]) throws(SpreadsheetError) -> Data {
        do {
            let archive = try Archive(data: Data(), accessMode: .create)
            for part in parts {
                let bytes = Data(part.xml.utf8)
                try archive.addEntry(
                    with: part.path, type: .file, uncompressedSize: Int64(bytes.count),
                    modificationDate: entryDate, compressionMethod: .deflate
                ) { position, size in
                    bytes.subdata(in: Int(position)..<Int(position) + size)
                }
            }
            guard let data = archive.data else { throw SpreadsheetError.writeFailed(reason: "empty archive") }
            return data
        } catch let error as SpreadsheetError {
            throw error
        } catch {
            throw .writeFailed(reason: String(describing: error))
        }
    }
}
