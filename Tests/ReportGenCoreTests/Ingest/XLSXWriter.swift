import CZlib
import Foundation

/// Writes small `.xlsx` workbooks for the tests: a ZIP (PKWARE APPNOTE) of the Office Open XML parts, every other
/// member deflated with zlib so the reader's inflate path is exercised. Text goes through shared strings; numbers
/// are written as numbers.
enum XLSXWriter {
    static func workbook(sheets: [(name: String, rows: [[String]])]) -> Data {
        var strings: [String] = []
        var stringIndex: [String: Int] = [:]
        func escape(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;")
        }
        func column(_ index: Int) -> String {
            var index = index + 1
            var name = ""
            while index > 0 {
                let remainder = (index - 1) % 26
                name = String(Character(UnicodeScalar(UInt8(65 + remainder)))) + name
                index = (index - 1) / 26
            }
            return name
        }
        var parts: [(String, String)] = []
        for (sheetIndex, sheet) in sheets.enumerated() {
            var xml =
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
            for (rowIndex, row) in sheet.rows.enumerated() {
                xml += "<row r=\"\(rowIndex + 1)\">"
                for (columnIndex, cell) in row.enumerated() where !cell.isEmpty {
                    let reference = column(columnIndex) + String(rowIndex + 1)
                    if Double(cell) != nil {
                        xml += "<c r=\"\(reference)\"><v>\(cell)</v></c>"
                    } else {
                        let index = stringIndex[cell] ?? strings.count
                        if stringIndex[cell] == nil { stringIndex[cell] = index; strings.append(cell) }
                        xml += "<c r=\"\(reference)\" t=\"s\"><v>\(index)</v></c>"
                    }
                }
                xml += "</row>"
            }
            parts.append(("xl/worksheets/sheet\(sheetIndex + 1).xml", xml + "</sheetData></worksheet>"))
        }
        let sheetList = sheets.enumerated().map {
            "<sheet name=\"\(escape($1.name))\" sheetId=\"\($0 + 1)\" r:id=\"rId\($0 + 1)\"/>"
        }.joined()
        let rels = sheets.indices.map {
            "<Relationship Id=\"rId\($0 + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\($0 + 1).xml\"/>"
        }.joined()
        parts.insert(
            (
                "[Content_Types].xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>"
            ), at: 0)
        parts.append(
            (
                "xl/workbook.xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>\(sheetList)</sheets></workbook>"
            ))
        parts.append(
            (
                "xl/_rels/workbook.xml.rels",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\(rels)</Relationships>"
            ))
        parts.append(
            (
                "xl/sharedStrings.xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"\(strings.count)\" uniqueCount=\"\(strings.count)\">"
                    + strings.map { "<si><t>\(escape($0))</t></si>" }.joined() + "</sst>"
            ))
        return zip(parts.enumerated().map { ($1.0, Data($1.1.utf8), $0 % 2 == 1) })
    }

    /// A ZIP file of (name, content, deflate?) members.
    static func zip(_ members: [(String, Data, Bool)]) -> Data {
        var output = Data()
        var central = Data()
        func put16(_ data: inout Data, _ value: Int) {
            data.append(UInt8(value & 0xFF))
            data.append(UInt8((value >> 8) & 0xFF))
        }
        func put32(_ data: inout Data, _ value: Int) {
            put16(&data, value & 0xFFFF)
            put16(&data, (value >> 16) & 0xFFFF)
        }
        for (name, content, compress) in members {
            let crc = content.withUnsafeBytes {
                Int(crc32(0, $0.bindMemory(to: Bytef.self).baseAddress, uInt($0.count)))
            }
            let stored = compress ? deflate(content) : content
            let method = compress ? 8 : 0
            let offset = output.count
            let nameData = Data(name.utf8)
            put32(&output, 0x0403_4B50)
            for value in [20, 0, method, 0, 0x21] { put16(&output, value) }
            put32(&output, crc)
            put32(&output, stored.count)
            put32(&output, content.count)
            put16(&output, nameData.count)
            put16(&output, 0)
            output.append(nameData)
            output.append(stored)
            put32(&central, 0x0201_4B50)
            for value in [20, 20, 0, method, 0, 0x21] { put16(&central, value) }
            put32(&central, crc)
            put32(&central, stored.count)
            put32(&central, content.count)
            for value in [nameData.count, 0, 0, 0, 0] { put16(&central, value) }
            put32(&central, 0)
            put32(&central, offset)
            central.append(nameData)
        }
        let centralOffset = output.count
        output.append(central)
        put32(&output, 0x0605_4B50)
        for value in [0, 0, members.count, members.count] { put16(&output, value) }
        put32(&output, central.count)
        put32(&output, centralOffset)
        put16(&output, 0)
        return output
    }

    /// Raw deflate (no zlib header), as ZIP stores it.
    static func deflate(_ data: Data) -> Data {
        var stream = z_stream()
        deflateInit2_(
            &stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
            Int32(MemoryLayout<z_stream>.size))
        defer { deflateEnd(&stream) }
        var output = Data(count: Int(deflateBound(&stream, uLong(data.count))) + 16)
        var input = [UInt8](data)
        let produced = input.withUnsafeMutableBufferPointer { inputBuffer in
            output.withUnsafeMutableBytes { outputBuffer -> Int in
                stream.next_in = inputBuffer.baseAddress
                stream.avail_in = uInt(inputBuffer.count)
                stream.next_out = outputBuffer.bindMemory(to: Bytef.self).baseAddress
                stream.avail_out = uInt(outputBuffer.count)
                _ = CZlib.deflate(&stream, Z_FINISH)
                return Int(stream.total_out)
            }
        }
        return output.prefix(produced)
    }
}
