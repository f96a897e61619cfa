import CZlib
import Foundation

/// Reads the members of a ZIP file (PKWARE APPNOTE 6.3): the end-of-central-directory record, the central directory,
/// then each member's local header and data, stored or deflated (inflated with zlib). Enough for `.xlsx` workbooks,
/// which are ZIP files of XML parts.
///
/// Inflation is bounded as zip-bomb defences do: a member may not inflate to more than ``maximumMemberBytes`` nor
/// to more than ``maximumInflationRatio`` times its compressed size, and its output buffer is the size the central
/// directory declares, so a member that inflates past its declaration is refused, never followed.
package struct ZIPArchive {
    /// The largest uncompressed member read (a worksheet of a million rows is about 100 MiB).
    package static let maximumMemberBytes = 256 << 20
    /// The largest ratio of uncompressed to compressed size (spreadsheet XML deflates 10 to 50 times; bombs 1,000).
    package static let maximumInflationRatio = 200

    package struct Member {
        var name: String
        var method: UInt16
        var compressedSize: Int
        var size: Int
        var localHeaderOffset: Int
        var crc32: UInt32
    }

    package let fileName: String
    package let data: Data
    private(set) var members: [String: Member] = [:]

    /// - Throws: ``IngestError/invalidField(file:line:column:field:found:expected:)`` naming what is wrong.
    package init(fileName: String, data: Data) throws(IngestError) {
        self.fileName = fileName
        self.data = data
        let bytes = [UInt8](data)
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        func fail(_ found: String) -> IngestError {
            .invalidField(
                file: fileName, line: 0, column: 0, field: "ZIP container", found: found,
                expected: "an .xlsx workbook (a ZIP file)")
        }
        guard bytes.count >= 22 else { throw fail("\(bytes.count) bytes") }
        var end = -1
        for offset in stride(from: bytes.count - 22, through: max(0, bytes.count - 22 - 65_535), by: -1)
        where bytes[offset] == 0x50 && bytes[offset + 1] == 0x4B && bytes[offset + 2] == 5 && bytes[offset + 3] == 6 {
            end = offset
            break
        }
        guard end >= 0 else { throw fail("no end-of-central-directory record") }
        let count = u16(end + 10)
        var cursor = u32(end + 16)
        for _ in 0..<count {
            guard cursor + 46 <= bytes.count, u32(cursor) == 0x0201_4B50 else {
                throw fail("a damaged central directory")
            }
            let nameLength = u16(cursor + 28)
            let extra = u16(cursor + 30)
            let comment = u16(cursor + 32)
            guard cursor + 46 + nameLength <= bytes.count else { throw fail("a truncated central directory") }
            let name = String(decoding: bytes[(cursor + 46)..<(cursor + 46 + nameLength)], as: UTF8.self)
            members[name] = Member(
                name: name, method: UInt16(u16(cursor + 10)), compressedSize: u32(cursor + 20), size: u32(cursor + 24),
                localHeaderOffset: u32(cursor + 42), crc32: UInt32(u32(cursor + 16)))
            cursor += 46 + nameLength + extra + comment
        }
    }

    /// The uncompressed bytes of a member, or `nil` when there is none of that name.
    package func contents(_ name: String) throws(IngestError) -> Data? {
        guard let member = members[name] else { return nil }
        let bytes = data
        let base = member.localHeaderOffset
        guard base + 30 <= bytes.count else { throw damaged(name) }
        let nameLength = Int(bytes[base + 26]) | Int(bytes[base + 27]) << 8
        let extra = Int(bytes[base + 28]) | Int(bytes[base + 29]) << 8
        let start = base + 30 + nameLength + extra
        guard start + member.compressedSize <= bytes.count else { throw damaged(name) }
        guard member.size <= Self.maximumMemberBytes else {
            throw .tooLarge(
                file: fileName, what: "the workbook part \(name)", found: "\(member.size.groupedDigits) bytes inflated",
                limit: "\(Self.maximumMemberBytes >> 20) MiB")
        }
        guard member.size <= max(member.compressedSize, 1) * Self.maximumInflationRatio + 65_536 else {
            throw .tooLarge(
                file: fileName, what: "the workbook part \(name)",
                found:
                    "\(member.size.groupedDigits) bytes from \(member.compressedSize.groupedDigits) compressed (a zip bomb?)",
                limit: "ratio of \(Self.maximumInflationRatio)")
        }
        let compressed = bytes.subdata(in: start..<(start + member.compressedSize))
        let output: Data
        switch member.method {
        case 0: output = compressed
        case 8: output = try inflate(compressed, size: member.size, name: name)
        default:
            throw .invalidField(
                file: fileName, line: 0, column: 0, field: name, found: "compression method \(member.method)",
                expected: "stored (0) or deflate (8)")
        }
        let crc = output.withUnsafeBytes { UInt32(crc32(0, $0.bindMemory(to: Bytef.self).baseAddress, uInt($0.count))) }
        guard crc == member.crc32 else {
            throw .invalidField(
                file: fileName, line: 0, column: 0, field: name, found: String(format: "CRC-32 %08x", crc),
                expected: String(format: "CRC-32 %08x", member.crc32))
        }
        return output
    }

    private func damaged(_ name: String) -> IngestError {
        .invalidField(
            file: fileName, line: 0, column: 0, field: name, found: "a truncated member",
            expected: "a complete ZIP member")
    }

    private func inflate(_ compressed: Data, size: Int, name: String) throws(IngestError) -> Data {
        var output = Data(count: max(size, 1))
        var stream = z_stream()
        var status = inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw damaged(name) }
        defer { inflateEnd(&stream) }
        var input = [UInt8](compressed)
        status = input.withUnsafeMutableBufferPointer { inputBuffer in
            output.withUnsafeMutableBytes { outputBuffer in
                stream.next_in = inputBuffer.baseAddress
                stream.avail_in = uInt(inputBuffer.count)
                stream.next_out = outputBuffer.bindMemory(to: Bytef.self).baseAddress
                stream.avail_out = uInt(outputBuffer.count)
                return CZlib.inflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { throw damaged(name) }
        return output.prefix(Int(stream.total_out))
    }
}
