internal import CLibXML2
import Foundation

/// An Excel workbook (`.xlsx`, Office Open XML): its sheets' rows as text, read with libxml2's streaming
/// `xmlTextReader` so memory stays flat however large a sheet is. Cells are placed by their `r` reference (`C7`),
/// shared strings (`t="s"`) and inline strings are resolved, numbers are kept as written.
///
/// Bounds: a cell's column is at most XFD (16,384, Excel's own limit), a string at most 32,767 characters (Excel's
/// cell limit), a shared-string index within the table; a part that libxml2 cannot parse to its end (a truncated
/// sheet) is an error, never a partial read.
package struct XLSXWorkbook {
    /// Excel's column limit (XFD).
    package static let maximumColumns = 16_384
    /// Excel's limit on the characters of one cell.
    package static let maximumStringLength = 32_767

    package let fileName: String
    private let zip: ZIPArchive
    private var sharedStrings: [String] = []
    /// Sheet names and their part paths, in workbook order.
    private(set) var sheets: [(name: String, path: String)] = []

    package init(fileName: String, data: Data) throws(IngestError) {
        self.fileName = fileName
        zip = try ZIPArchive(fileName: fileName, data: data)
        guard let workbook = try zip.contents("xl/workbook.xml") else {
            throw .invalidField(
                file: fileName, line: 0, column: 0, field: "xl/workbook.xml", found: "nothing",
                expected: "an .xlsx workbook")
        }
        var relationships: [String: String] = [:]
        if let rels = try zip.contents("xl/_rels/workbook.xml.rels") {
            try Self.stream(rels, file: fileName, name: "xl/_rels/workbook.xml.rels") { reader, name in
                if name == "Relationship", let id = attribute(reader, "Id"), let target = attribute(reader, "Target") {
                    relationships[id] = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
                }
            }
        }
        var found: [(String, String)] = []
        try Self.stream(workbook, file: fileName, name: "xl/workbook.xml") { reader, name in
            guard name == "sheet", let sheet = attribute(reader, "name") else { return }
            let id = attribute(reader, "r:id") ?? attribute(reader, "id") ?? ""
            found.append((sheet, relationships[id] ?? "xl/worksheets/sheet\(found.count + 1).xml"))
        }
        sheets = found
        if let strings = try zip.contents("xl/sharedStrings.xml") {
            var current = ""
            var inString = false
            var tooLong = false
            try Self.stream(
                strings, file: fileName, name: "xl/sharedStrings.xml",
                text: { reader, element in
                    guard inString, element == "t", !tooLong else { return }
                    current += String(cString: xmlTextReaderConstValue(reader))
                    if current.utf8.count > Self.maximumStringLength * 4 { tooLong = true }
                },
                end: { name in
                    if name == "si" {
                        sharedStrings.append(tooLong ? "" : current)
                        inString = false
                    }
                }
            ) { _, name in
                if name == "si" {
                    current = ""
                    inString = true
                }
            }
            if tooLong {
                throw .tooLarge(
                    file: fileName, what: "a shared string of xl/sharedStrings.xml", found: "longer",
                    limit: "\(Self.maximumStringLength.groupedDigits) characters of an Excel cell")
            }
        }
    }

    /// The rows of a sheet: 1-based row number and cell texts (empty for missing cells).
    package func rows(of path: String) throws(IngestError) -> [(row: Int, cells: [String])] {
        guard let data = try zip.contents(path) else {
            throw .invalidField(
                file: fileName, line: 0, column: 0, field: path, found: "nothing", expected: "a worksheet part")
        }
        var rows: [(Int, [String])] = []
        var cells: [String] = []
        var rowNumber = 0
        var column = 0
        var type = ""
        var value = ""
        var inCell = false
        var problem: IngestError?
        try Self.stream(
            data, file: fileName, name: path,
            text: { reader, element in
                if inCell, element == "v" || element == "t", value.utf8.count <= Self.maximumStringLength * 4 {
                    value += String(cString: xmlTextReaderConstValue(reader))
                }
            },
            end: { name in
                if name == "c" {
                    inCell = false
                    guard problem == nil else { return }
                    if type == "s" {
                        guard let index = Int(value), sharedStrings.indices.contains(index) else {
                            problem = .invalidField(
                                file: fileName, line: rowNumber, column: column + 1, field: "\(path) shared string",
                                found: escapedExcerpt(value),
                                expected: "an index from 0 to \(sharedStrings.count - 1) into xl/sharedStrings.xml")
                            return
                        }
                        value = sharedStrings[index]
                    }
                    guard column < Self.maximumColumns else {
                        problem = .invalidField(
                            file: fileName, line: rowNumber, column: 0, field: "\(path) cell reference",
                            found: "a column beyond XFD", expected: "a column from A to XFD (16,384 columns)")
                        return
                    }
                    while cells.count < column { cells.append("") }
                    if cells.count == column {
                        cells.append(value)
                    } else if column < cells.count {
                        cells[column] = value
                    }
                } else if name == "row" {
                    rows.append((rowNumber, cells))
                }
            }
        ) { reader, name in
            if name == "row" {
                rowNumber = attribute(reader, "r").flatMap(Int.init) ?? rowNumber + 1
                cells = []
            } else if name == "c" {
                inCell = true
                value = ""
                type = attribute(reader, "t") ?? ""
                column = attribute(reader, "r").map(Self.columnIndex) ?? cells.count
            }
        }
        if let problem { throw problem }
        return rows
    }

    /// `C7` → 2; a reference past XFD gives ``maximumColumns`` (refused by the caller) instead of overflowing.
    package static func columnIndex(_ reference: String) -> Int {
        var index = 0
        for scalar in reference.unicodeScalars {
            guard scalar.value >= 65, scalar.value <= 90 else { break }
            index = index * 26 + Int(scalar.value - 64)
            if index > maximumColumns { return maximumColumns }
        }
        return max(0, index - 1)
    }

    /// Streams an XML part: `start` for each start element (self-closing ones too), `text` for text in an element,
    /// `end` for each end (and self-closing) element. Network access and entity expansion are off (no XXE).
    /// - Throws: ``IngestError/invalidField(file:line:column:field:found:expected:)`` when the part does not parse to
    ///   its end (a truncated or damaged sheet), so that a partial read is never taken for the whole.
    private static func stream(
        _ data: Data, file: String, name: String, text: (OpaquePointer, String) -> Void = { _, _ in },
        end: (String) -> Void = { _ in },
        start: (OpaquePointer, String) -> Void
    ) throws(IngestError) {
        let status: Int32 = data.withUnsafeBytes { buffer in
            let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOBLANKS.rawValue | XML_PARSE_HUGE.rawValue)
            guard
                let reader = xmlReaderForMemory(
                    buffer.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(buffer.count), name, "UTF-8", options
                )
            else { return -1 }
            defer { xmlFreeTextReader(reader) }
            var elements: [String] = []
            var status: Int32 = 1
            while true {
                status = xmlTextReaderRead(reader)
                guard status == 1 else { break }
                let type = xmlTextReaderNodeType(reader)
                let local = xmlTextReaderConstLocalName(reader).map { String(cString: $0) } ?? ""
                switch type {
                case 1:
                    start(reader, local)
                    if xmlTextReaderIsEmptyElement(reader) == 1 { end(local) } else { elements.append(local) }
                case 15:
                    end(local)
                    _ = elements.popLast()
                case 3, 4:
                    text(reader, elements.last ?? "")
                default:
                    break
                }
            }
            return status
        }
        guard status == 0 else {
            throw .invalidField(
                file: file, line: 0, column: 0, field: name, found: "XML that does not parse to its end",
                expected: "a complete workbook part (the file may be truncated or damaged)")
        }
    }
}

/// An attribute of the reader's current element.
private func attribute(_ reader: OpaquePointer, _ name: String) -> String? {
    guard let value = xmlTextReaderGetAttribute(reader, name) else { return nil }
    defer { cxml_free(value) }
    return String(cString: value)
}
