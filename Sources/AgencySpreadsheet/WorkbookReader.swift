import Foundation

/// One sheet as read from a workbook: its tab name and the text of its cells.
public struct ReadSheet: Sendable, Hashable {
    public var name: String
    /// Rows top to bottom, all as wide as the rightmost non-empty cell.
    /// Empty cells read as "". Numbers read as their stored value without
    /// number formatting ("3", "0.125", dates as serial numbers like "45292"),
    /// booleans as "TRUE"/"FALSE", formulas as their last computed value.
    public var rows: [[String]]

    public init(name: String, rows: [[String]]) {
        self.name = name
        self.rows = rows
    }
}

/// Reads `.xlsx` workbooks written by Excel, LibreOffice, openpyxl or this
/// module. Chart sheets and other non-worksheet tabs are returned with no rows.
public enum WorkbookReader {
    /// Which sheets' cells to read. The others are listed by name with no rows, unparsed,
    /// so a workbook of many (or many copies of one huge) sheets costs only the one asked for.
    public enum Choice: Sendable, Hashable {
        case all
        case first
        case named(String)

        func wants(_ name: String, index: Int) -> Bool {
            switch self {
            case .all: return true
            case .first: return index == 0
            case .named(let wanted): return name == wanted
            }
        }
    }

    /// Safety limits that stop hostile or accidental huge files before they
    /// exhaust memory.
    public struct Limits: Sendable, Hashable {
        /// Total unpacked size of all ZIP entries, checked before unpacking.
        public var maxUncompressedBytes: Int
        /// Number of entries in the ZIP archive.
        public var maxEntries: Int
        /// Rows × columns of the sheets read, counting gaps, together.
        public var maxCellsPerSheet: Int

        public init(maxUncompressedBytes: Int = 50 * 1_048_576, maxEntries: Int = 10_000,
                    maxCellsPerSheet: Int = 10_000_000) {
            self.maxUncompressedBytes = maxUncompressedBytes
            self.maxEntries = maxEntries
            self.maxCellsPerSheet = maxCellsPerSheet
        }
    }

    /// Reads the file at `url`; errors name the file by its path.
    public static func read(url: URL, limits: Limits = Limits(), choose: Choice = .all) throws(SpreadsheetError) -> [ReadSheet] {
        let data: Data
        do {
            // Mapped, so a huge file is not copied into memory before the
            // size limits get a chance to refuse it.
            data = try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw .unreadableFile(path: url.path, reason: error.localizedDescription)
        }
        return try read(data: data, sourceName: url.path, limits: limits, choose: choose)
    }

    /// Reads a workbook from its bytes. `sourceName` is how error messages
    /// refer to it, e.g. a file name.
    public static func read(data: Data, sourceName: String = "The data", limits: Limits = Limits(),
                            choose: Choice = .all) throws(SpreadsheetError) -> [ReadSheet] {
        let source = sourceName
        var package = try ZipPackage(data: data, source: source, limits: limits)

        // The root relationships name the workbook part; fall back to the
        // usual location for packages written without them.
        var workbookPath = "xl/workbook.xml"
        if let rootData = try package.data(at: "_rels/.rels") {
            let root = try PackageIndex.relationships(rootData, part: "_rels/.rels", owner: "", source: source)
            workbookPath = root.first { $0.hasType("officeDocument") }?.path ?? workbookPath
        }
        guard let workbookData = try package.data(at: workbookPath) else { throw .notAWorkbook(source: source) }
        let sheets = try PackageIndex.sheets(workbookData, part: workbookPath, source: source)

        let relsPath = PackageIndex.relationshipsPath(for: workbookPath)
        guard let relsData = try package.data(at: relsPath) else {
            if sheets.isEmpty { return [] }
            throw .damagedPart(source: source, part: relsPath, reason: "is missing")
        }
        let relationships = try PackageIndex.relationships(relsData, part: relsPath, owner: workbookPath,
                                                           source: source)
        var sharedStrings: [String] = []
        if let path = relationships.first(where: { $0.hasType("sharedStrings") })?.path,
           let stringsData = try package.data(at: path) {
            sharedStrings = try SharedStringsParser.parse(stringsData, part: path, source: source)
        }

        var result: [ReadSheet] = []
        // One cell budget for the whole workbook, and each part read once: several sheet
        // entries pointing at one part must not multiply the work.
        var cellsLeft = limits.maxCellsPerSheet
        var partsRead = Set<String>()
        for (index, sheet) in sheets.enumerated() {
            guard let relationship = relationships.first(where: { $0.id == sheet.relationshipId }) else {
                throw .damagedPart(source: source, part: workbookPath,
                                   reason: "lists sheet \"\(sheet.name)\" whose part is not in \(relsPath)")
            }
            guard relationship.hasType("worksheet"), let path = relationship.path, choose.wants(sheet.name, index: index)
            else {
                result.append(ReadSheet(name: sheet.name, rows: []))
                continue
            }
            guard partsRead.insert(path).inserted else {
                throw .damagedPart(source: source, part: workbookPath,
                                   reason: "lists the part \(path) for more than one sheet (\"\(sheet.name)\")")
            }
            guard let sheetData = try package.data(at: path) else {
                throw .damagedPart(source: source, part: path, reason: "is missing (sheet \"\(sheet.name)\")")
            }
            let parser = WorksheetParser(sharedStrings: sharedStrings, maxCells: cellsLeft)
            let rows = try parser.parse(sheetData, part: path, source: source, sheet: sheet.name)
            cellsLeft -= rows.reduce(0) { $0 + $1.count }
            result.append(ReadSheet(name: sheet.name, rows: rows))
        }
        return result
    }
}
