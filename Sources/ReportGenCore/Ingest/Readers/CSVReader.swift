import Foundation

/// One parsed CSV record with where it starts.
package struct CSVRecord: Sendable {
    /// 1-based physical line on which the record starts.
    package var line: Int
    /// Byte offset of the record's first byte in the file.
    package var byteOffset: Int
    /// The fields, unquoted.
    package var fields: [String]
}

/// A streaming RFC 4180 reader over bytes: quoted fields, `""` escapes, quoted newlines, CRLF or LF,
/// a leading UTF-8 BOM, and `,` or `;` as the delimiter. Memory stays flat: it reads 1 MiB at a time.
package struct CSVReader {
    /// The file name used in errors.
    package let fileName: String
    /// The field delimiter, `,` or `;`.
    package var delimiter: UInt8
    private let handle: FileHandle?
    private var buffer: [UInt8]
    private var position = 0
    private var isExhausted = false
    private var line = 1
    private var consumed = 0

    /// Reads from an open file.
    package init(fileName: String, handle: FileHandle, delimiter: UInt8 = UInt8(ascii: ",")) {
        self.fileName = fileName
        self.handle = handle
        self.delimiter = delimiter
        self.buffer = []
    }

    /// Reads from bytes in memory (tests, and small files already loaded).
    package init(fileName: String, bytes: [UInt8], delimiter: UInt8 = UInt8(ascii: ",")) {
        self.fileName = fileName
        self.handle = nil
        self.delimiter = delimiter
        self.buffer = bytes
        self.isExhausted = true
    }

    private mutating func fill() -> Bool {
        guard !isExhausted, let handle else { return false }
        let chunk = handle.readData(ofLength: 1 << 20)
        if chunk.isEmpty {
            isExhausted = true
            return false
        }
        consumed += position
        buffer.removeFirst(position)
        position = 0
        buffer.append(contentsOf: chunk)
        return true
    }

    private mutating func peek() -> UInt8? {
        if position >= buffer.count, !fill() { return nil }
        return buffer[position]
    }

    /// The next record, or `nil` at the end of the file. Blank lines are skipped.
    /// - Throws: ``IngestError/notUTF8(file:byteOffset:)`` or ``IngestError/unterminatedQuote(file:line:)``.
    package mutating func next() throws(IngestError) -> CSVRecord? {
        if consumed == 0, position == 0, peek() == 0xEF, buffer.count >= 3, buffer[1] == 0xBB, buffer[2] == 0xBF {
            position = 3
        }
        while let byte = peek(), byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
            if byte == UInt8(ascii: "\n") { line += 1 }
            position += 1
        }
        guard peek() != nil else { return nil }
        let startLine = line
        let startOffset = consumed + position
        var fields: [String] = []
        var field: [UInt8] = []
        var fieldOffset = startOffset
        var inQuotes = false
        func finish(_ field: inout [UInt8], offset: Int) throws(IngestError) -> String {
            defer { field.removeAll(keepingCapacity: true) }
            if let text = String(validating: field, as: UTF8.self) { return text }
            throw .notUTF8(file: fileName, byteOffset: offset + firstInvalidUTF8Offset(field))
        }
        while let byte = peek() {
            position += 1
            if inQuotes {
                if byte == UInt8(ascii: "\"") {
                    if peek() == UInt8(ascii: "\"") {
                        field.append(byte)
                        position += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if byte == UInt8(ascii: "\n") { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inQuotes = true
            case delimiter:
                fields.append(try finish(&field, offset: fieldOffset))
                fieldOffset = consumed + position
            case UInt8(ascii: "\n"):
                line += 1
                fields.append(try finish(&field, offset: fieldOffset))
                return CSVRecord(line: startLine, byteOffset: startOffset, fields: fields)
            case UInt8(ascii: "\r"):
                if peek() == UInt8(ascii: "\n") { continue }
                fields.append(try finish(&field, offset: fieldOffset))
                return CSVRecord(line: startLine, byteOffset: startOffset, fields: fields)
            default:
                field.append(byte)
            }
        }
        if inQuotes { throw .unterminatedQuote(file: fileName, line: startLine) }
        fields.append(try finish(&field, offset: fieldOffset))
        return CSVRecord(line: startLine, byteOffset: startOffset, fields: fields)
    }
}

/// The offset of the first byte that does not start or continue a valid UTF-8 sequence.
func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int {
    var index = 0
    while index < bytes.count {
        let lead = bytes[index]
        let length: Int
        switch lead {
        case 0x00...0x7F: length = 1
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return index
        }
        guard index + length <= bytes.count else { return index }
        if String(validating: bytes[index..<index + length], as: UTF8.self) == nil { return index }
        index += length
    }
    return index
}
