import Foundation

/// One parsed CSV record with where it starts.
package struct CSVRecord: Sendable {
    /// 1-based physical line on which the record starts.
    package var line: Int
    /// Byte offset of the record's first byte in the file.
    package var byteOffset: Int
    /// The fields, unquoted.
    package var fields: [String]
    /// How many NUL bytes the record holds (a tracker's crash can pad a line with hundreds of thousands).
    package var nulByteCount = 0
    /// Whether a field is neither UTF-8 nor Windows-1252 (its bad bytes were replaced by U+FFFD).
    package var hasUndecodableBytes = false

    package init(line: Int, byteOffset: Int, fields: [String], nulByteCount: Int = 0, hasUndecodableBytes: Bool = false)
    {
        self.line = line
        self.byteOffset = byteOffset
        self.fields = fields
        self.nulByteCount = nulByteCount
        self.hasUndecodableBytes = hasUndecodableBytes
    }
}

/// Where a reader first met text that is not UTF-8 and read it as Windows-1252.
package struct EncodingFallback: Sendable, Equatable {
    /// 1-based line of the first such record.
    package var line: Int
    /// Byte offset of the first offending byte in the file.
    package var byteOffset: Int
    /// An escaped excerpt of the field, as decoded.
    package var excerpt: String
    /// How many records needed the fallback.
    package var recordCount: Int
}

/// A streaming RFC 4180 reader over bytes: quoted fields, `""` escapes, quoted newlines, CRLF, LF or CR alone (line
/// numbers are right for each), a leading UTF-8 BOM, and `,` or `;` as the delimiter. Memory stays flat: it reads
/// 1 MiB at a time.
///
/// A field that is not UTF-8 is decoded as Windows-1252 (``fallback`` says where this first happened); a field
/// neither decodes is kept with U+FFFD and its record flagged, so the importer sets that one row aside.
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
    /// Where text was first read as Windows-1252, if anywhere.
    package private(set) var fallback: EncodingFallback?

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
    /// - Throws: ``IngestError/unterminatedQuote(file:line:)`` when a quoted field runs to the end of the file.
    package mutating func next() throws(IngestError) -> CSVRecord? {
        if consumed == 0, position == 0, peek() == 0xEF, buffer.count >= 3, buffer[1] == 0xBB, buffer[2] == 0xBF {
            position = 3
        }
        while let byte = peek(), byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
            position += 1
            if byte == UInt8(ascii: "\n") || peek() != UInt8(ascii: "\n") { line += 1 }
        }
        guard peek() != nil else { return nil }
        let startLine = line
        let startOffset = consumed + position
        var fields: [String] = []
        var field: [UInt8] = []
        var fieldOffset = startOffset
        var inQuotes = false
        var nulByteCount = 0
        var hasUndecodableBytes = false
        func finish(_ field: inout [UInt8], offset: Int) -> String {
            defer { field.removeAll(keepingCapacity: true) }
            if let text = String(validating: field, as: UTF8.self) { return text }
            if let text = decodeWindows1252(field) {
                if fallback == nil {
                    fallback = EncodingFallback(
                        line: startLine, byteOffset: offset + firstInvalidUTF8Offset(field),
                        excerpt: escapedExcerpt(text), recordCount: 0)
                }
                fallback?.recordCount += 1
                return text
            }
            hasUndecodableBytes = true
            return String(decoding: field, as: UTF8.self)
        }
        func record() -> CSVRecord {
            CSVRecord(
                line: startLine, byteOffset: startOffset, fields: fields, nulByteCount: nulByteCount,
                hasUndecodableBytes: hasUndecodableBytes)
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
                    if byte == UInt8(ascii: "\n") || (byte == UInt8(ascii: "\r") && peek() != UInt8(ascii: "\n")) {
                        line += 1
                    }
                    if byte == 0 { nulByteCount += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inQuotes = true
            case delimiter:
                fields.append(finish(&field, offset: fieldOffset))
                fieldOffset = consumed + position
            case UInt8(ascii: "\n"):
                line += 1
                fields.append(finish(&field, offset: fieldOffset))
                return record()
            case UInt8(ascii: "\r"):
                if peek() == UInt8(ascii: "\n") { continue }
                line += 1
                fields.append(finish(&field, offset: fieldOffset))
                return record()
            default:
                if byte == 0 { nulByteCount += 1 }
                field.append(byte)
            }
        }
        if inQuotes { throw .unterminatedQuote(file: fileName, line: startLine) }
        fields.append(finish(&field, offset: fieldOffset))
        return record()
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
