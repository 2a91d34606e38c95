import Foundation
import ZIPFoundation

/// Builds a ZIP in memory from (path, text) pairs, for hand-made packages.
func makeZip(_ files: [(path: String, text: String)]) throws -> Data {
    let archive = try Archive(data: Data(), accessMode: .create)
    for file in files {
        let bytes = Data(file.text.utf8)
        try archive.addEntry(with: file.path, type: .file, uncompressedSize: Int64(bytes.count),
                             compressionMethod: .deflate) { position, size in
            bytes.subdata(in: Int(position)..<Int(position) + size)
        }
    }
    return archive.data ?? Data()
}

/// The text of one part of a ZIP package, or `nil` if it is absent.
func part(_ path: String, in data: Data) throws -> String? {
    let archive = try Archive(data: data, accessMode: .read)
    guard let entry = archive[path] else { return nil }
    var bytes = Data()
    _ = try archive.extract(entry) { bytes.append($0) }
    return String(decoding: bytes, as: UTF8.self)
}

/// A minimal hand-written package in the shape Excel produces, with the
/// given workbook, sheet and shared-strings XML.
func handBuiltWorkbook(sheetXML: String, sharedStringsXML: String?) throws -> Data {
    let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    var files: [(path: String, text: String)] = [
        ("[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"),
        ("_rels/.rels", """
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
            <Relationship Id="rId1" Type="\(rel)/officeDocument" Target="xl/workbook.xml"/></Relationships>
            """),
        ("xl/workbook.xml", """
            <x:workbook xmlns:x="\(main)" xmlns:r="\(rel)"><x:sheets>
            <x:sheet name="Données &amp; 数据" sheetId="7" r:id="rId3"/></x:sheets></x:workbook>
            """),
        ("xl/_rels/workbook.xml.rels", """
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
            <Relationship Id="rId3" Type="\(rel)/worksheet" Target="/xl/worksheets/data.xml"/>
            <Relationship Id="rId9" Type="\(rel)/sharedStrings" Target="sharedStrings.xml"/>
            </Relationships>
            """),
        ("xl/worksheets/data.xml", sheetXML),
    ]
    if let sharedStringsXML { files.append(("xl/sharedStrings.xml", sharedStringsXML)) }
    return try makeZip(files)
}
