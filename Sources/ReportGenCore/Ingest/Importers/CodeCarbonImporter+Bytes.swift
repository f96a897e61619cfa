import Foundation

extension CodeCarbonImporter {
    /// Reads a file from its bytes: blocks cut at line endings are parsed on every core (fields as byte ranges, numbers
    /// and timestamps parsed in place, repeated texts made once per block), then the run rule takes their rows in file
    /// order, so the result is the same on every run.
    /// - Returns: `nil` when the file needs ``CSVReader`` (see the type's documentation).
    static func readBytes(
        _ file: InputFile, delimiter: UInt8, decimalComma: Bool, context: ImportContext, options: Options
    ) throws(IngestError) -> ImportResult? {
        let handle = try file.open()
        defer { try? handle.close() }
        var chunks = LineChunkReader(
            descriptor: handle.fileDescriptor, blockBytes: options.blockBytes, maximumLineBytes: 64 << 20)
        if context.digestsWhileReading { chunks.digest = BackgroundSHA256() }
        guard case .lines(let first)? = chunks.next(),
            let (header, dataStart) = headerLine(Array(first), delimiter: delimiter)
        else { return nil }
        let columns = try CodeCarbonColumns(CSVHeader(header), file: file.name)
        var rule = CodeCarbonRunRule(
            file: file.name, isPerTask: columns.taskName != nil,
            context: context)
        var rows = SetAsideRows(file: file.name)
        var line = header.line
        var firstBlock: ArraySlice<UInt8>? = first[(first.startIndex + dataStart)...]
        var isTooLong = false
        let work: @Sendable (ArraySlice<UInt8>) -> CodeCarbonBlock = { bytes in
            var block = CodeCarbonBlock(
                columns: columns, file: file.name, delimiter: delimiter, decimalComma: decimalComma,
                timeZone: context.timeZone)
            bytes.withUnsafeBytes { block.read($0) }
            return block
        }
        let isComplete = runBlocksInOrder(
            next: { () -> ArraySlice<UInt8>? in
                if let block = firstBlock {
                    firstBlock = nil
                    return block
                }
                switch chunks.next() {
                case .lines(let bytes)?: return bytes
                case .longLine?:
                    isTooLong = true
                    return nil
                case nil: return nil
                }
            }, batchSize: options.blocksPerBatch, overlapsMerging: true, work: work
        ) { _, block in
            guard !block.needsGeneralReader else { return false }
            rows.merge(block.rows, lineOffset: line)
            for var row in block.parsed {
                row.line += line
                rule.add(row)
            }
            line += block.lineCount
            return true
        }
        guard isComplete, !isTooLong else { return nil }
        var result = rule.finish(rows: rows, fallback: nil)
        result.digest = chunks.digest?.finalize()
        return result
    }

    /// The header record of the first block (after a UTF-8 BOM and blank lines, as ``CSVReader`` skips them) and the
    /// offset where the data starts; `nil` when the block does not start with a header the fast reader can read.
    private static func headerLine(_ bytes: [UInt8], delimiter: UInt8) -> (CSVRecord, Int)? {
        if bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE]) { return nil }
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var line = 1
        while index < bytes.count, bytes[index] == 0x0A || bytes[index] == 0x0D {
            if bytes[index] == 0x0A || index + 1 >= bytes.count || bytes[index + 1] != 0x0A { line += 1 }
            index += 1
        }
        guard let end = bytes[index...].firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) else { return nil }
        var fields = CSVLineFields()
        let texts = bytes.withUnsafeBytes { raw -> [String]? in
            guard fields.split(UnsafeRawBufferPointer(rebasing: raw[index..<end]), delimiter: delimiter) else {
                return nil
            }
            return (0..<fields.count).map { position in
                fields.withField(position) { String(decoding: $0, as: UTF8.self) }
            }
        }
        guard let texts else { return nil }
        var dataStart = end + 1
        if bytes[end] == 0x0D, dataStart < bytes.count, bytes[dataStart] == 0x0A { dataStart += 1 }
        return (CSVRecord(line: line, byteOffset: index, fields: texts), dataStart)
    }
}

/// One block of a CodeCarbon file read from its bytes: its rows for the run rule and its set-aside rows, with line
/// numbers counted from the block's start.
struct CodeCarbonBlock {
    let columns: CodeCarbonColumns
    let delimiter: UInt8
    let decimalComma: Bool
    private var clock: LocalClock
    private var splitter = CSVLineFields()
    private var texts = TextInterner()
    private var knownGroups: Set<CodeCarbonGroupKey> = []
    var rows: SetAsideRows
    var parsed: [CodeCarbonRow] = []
    var lineCount = 0
    /// Whether a line needs ``CSVReader`` (the whole file is then read with it).
    var needsGeneralReader = false

    init(columns: CodeCarbonColumns, file: String, delimiter: UInt8, decimalComma: Bool, timeZone: TimeZone) {
        self.columns = columns
        self.delimiter = delimiter
        self.decimalComma = decimalComma
        self.clock = LocalClock(timeZone: timeZone)
        self.rows = SetAsideRows(file: file)
    }

    mutating func read(_ chunk: UnsafeRawBufferPointer) {
        LineChunkReader.forEachLine(in: chunk) { line in
            lineCount += 1
            guard !needsGeneralReader, !line.isEmpty else { return }
            guard splitter.split(line, delimiter: delimiter) else {
                needsGeneralReader = true
                return
            }
            guard
                rows.checkFieldCount(
                    splitter.count, line: lineCount, expected: columns.count, hint: CodeCarbonImporter.shiftedRowHint)
            else { return }
            var fields = ByteFields()
            swap(&fields.line, &splitter)
            swap(&fields.texts, &texts)
            if let row = columns.parse(
                &fields, line: lineCount, decimalComma: decimalComma, clock: &clock, rows: &rows,
                knownGroups: &knownGroups)
            {
                parsed.append(row)
            }
            swap(&fields.line, &splitter)
            swap(&fields.texts, &texts)
        }
    }
}

/// A line's fields as ``CodeCarbonFields``.
private struct ByteFields: CodeCarbonFields {
    var line = CSVLineFields()
    var texts = TextInterner()

    func number(_ position: Int, decimalComma: Bool) -> Double?? {
        line.withField(position) { parseNumber(bytes: $0, decimalComma: decimalComma) }
    }
    func excerpt(_ position: Int) -> String { line.withField(position) { escapedExcerpt($0) } }
    mutating func text(_ position: Int) -> String {
        line.withField(position) { bytes in texts.text(bytes) }
    }
    func uniqueText(_ position: Int) -> InlineText { line.withField(position) { InlineText($0) } }
    func isEmpty(_ position: Int) -> Bool { line.isEmpty(position) }
    func localTime(_ position: Int, clock: inout LocalClock) -> (month: YearMonth, utcSeconds: Int)? {
        line.withField(position) { clock.parse(bytes: $0) }
    }
    func hash(_ position: Int, into hasher: inout Hash128) { line.withField(position) { hasher.combine($0) } }
}

/// Texts made once per distinct value (a project, a CPU model, a version repeat on every row), so that rows share
/// their storage; at most 1,024 values are remembered, then it starts afresh.
struct TextInterner: Sendable {
    private var known: [Int: (bytes: [UInt8], text: String)] = [:]

    mutating func text(_ bytes: UnsafeRawBufferPointer) -> String {
        // Short texts are stored inline by String: nothing to share.
        guard bytes.count > 15 else { return String(decoding: bytes, as: UTF8.self) }
        var hasher = Hash128()
        hasher.combine(bytes)
        let hash = Int(truncatingIfNeeded: hasher.finalize().low)
        if let entry = known[hash], entry.bytes.elementsEqual(bytes) { return entry.text }
        let text = String(decoding: bytes, as: UTF8.self)
        if known.count >= 1024 { known.removeAll(keepingCapacity: true) }
        known[hash] = (Array(bytes), text)
        return text
    }
}
