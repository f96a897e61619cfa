import Foundation

extension UsageLogImporter {
    /// How the JSON Lines reader splits its work; the defaults are what `build` uses.
    package struct JSONLinesOptions: Sendable {
        /// Bytes read at a time; each block, cut at a line ending, is parsed on its own.
        package var blockBytes = 1 << 20
        /// Blocks parsed at once, over the machine's cores, before they are merged in order (with the batch being
        /// merged and the one being read, three batches are in memory). With 2 a batch, the cores waited for each
        /// other at every batch: 1.75 of 2 cores busy while reading the benchmark's log, 1.96 with 8; 8 kept 24 blocks'
        /// keys in memory, 121 MB for a log naming a new service on every line, against 96–98 MB with 4 (2.5 % slower
        /// than 8 on the benchmark's log).
        package var blocksPerBatch = 4
        /// The longest line read, in bytes: a longer one is set aside with an excerpt, never held whole.
        package var maximumLineBytes = UsageLogImporter.maximumLineBytes
        /// Reads every line with the general parser (`JSONSerialization`): the reference the byte-level reader is
        /// tested against.
        package var usesGeneralParser = false

        package init() {}
    }

    /// The keys the usage log reads (others are ignored).
    static let keys: Set<String> = Set(
        ["timestamp", "service", "endpoint", "language", "status", "file_id"] + numericFields)

    /// The longest usage-log line read: 1 MiB (a request's record is a few hundred bytes).
    package static let maximumLineBytes = 1 << 20

    /// Reads JSON Lines (LF, CRLF or CR line endings) in blocks parsed on every core and merged in file order, so that
    /// figures and messages are the same on every run and line numbers are the file's.
    package static func readJSONLines(
        _ file: InputFile, context: ImportContext, options: JSONLinesOptions = JSONLinesOptions()
    ) throws(IngestError) -> ImportResult {
        let handle = try file.open()
        defer { try? handle.close() }
        let identities = context.usageIdentities ?? UsageLineIdentities()
        let checksEarlierFiles = !identities.isEmpty
        let fileNumber = identities.beginFile(file.name)
        var whole = Accumulator(
            file: file.name, context: context, identities: identities, fileNumber: fileNumber,
            checksEarlierFiles: checksEarlierFiles)
        var chunks = LineChunkReader(
            descriptor: handle.fileDescriptor, blockBytes: options.blockBytes,
            maximumLineBytes: options.maximumLineBytes)
        if context.digestsWhileReading { chunks.digest = BackgroundSHA256() }
        var line = 0
        let work: @Sendable (LineChunkReader.Piece) -> JSONLinesReader? = { piece in
            guard case .lines(let bytes) = piece else { return nil }
            var reader = JSONLinesReader(
                accumulator: Accumulator(
                    file: file.name, context: context, identities: identities, fileNumber: fileNumber,
                    checksEarlierFiles: checksEarlierFiles),
                maximumLineBytes: options.maximumLineBytes, usesGeneralParser: options.usesGeneralParser)
            reader.accumulator.reserveHours(forBlockOf: bytes.count)
            bytes.withUnsafeBytes { reader.processLines($0) }
            return reader
        }
        // Blocks insert their identities themselves (the set locks per shard), so merging touches nothing they do.
        _ = runBlocksInOrder(
            next: { chunks.next() }, batchSize: options.blocksPerBatch, overlapsMerging: true,
            work: work
        ) { piece, reader in
            switch piece {
            case .lines:
                if let reader {
                    whole.merge(reader.accumulator, lineOffset: line)
                    line += reader.line
                }
            case .longLine(let head, let byteCount):
                line += 1
                whole.reject(
                    line: line, column: nil,
                    "a line of \(byteCount.groupedDigits) bytes, over the bound of \(options.maximumLineBytes.groupedDigits); found \"\(escapedExcerpt(head))\""
                )
            }
            return true
        }
        var result = whole.finish()
        result.digest = chunks.digest?.finalize()
        return result
    }

    /// Reads JSON lines one at a time into an accumulator: a struct with mutating methods, so that the hot loop pays
    /// no dynamic exclusivity checks on captured variables.
    package struct JSONLinesReader {
        var accumulator: Accumulator
        /// Lines read so far, blank ones included.
        var line = 0
        let maximumLineBytes: Int
        let usesGeneralParser: Bool
        private var fields = UsageLineFields()

        init(accumulator: Accumulator, maximumLineBytes: Int, usesGeneralParser: Bool) {
            self.accumulator = accumulator
            self.maximumLineBytes = maximumLineBytes
            self.usesGeneralParser = usesGeneralParser
        }

        /// Splits whole lines on LF, CRLF or a lone CR, each counting one line, and reads each.
        mutating func processLines(_ chunk: UnsafeRawBufferPointer) {
            LineChunkReader.forEachLine(in: chunk) { process($0) }
        }

        mutating func process(_ bytes: UnsafeRawBufferPointer) {
            line += 1
            guard bytes.contains(where: { $0 != 0x20 && $0 != 0x0D && $0 != 0x09 }) else { return }
            guard bytes.count <= maximumLineBytes else {
                accumulator.reject(
                    line: line, column: nil,
                    "a line of \(bytes.count.groupedDigits) bytes, over the bound of \(maximumLineBytes.groupedDigits); found \"\(escapedExcerpt(bytes.prefix(64)))\""
                )
                return
            }
            guard !usesGeneralParser, fields.parse(bytes) else {
                processSlow(bytes)
                return
            }
            if let duplicate = fields.duplicateKey {
                accumulator.reject(
                    line: line, column: nil, "the key \"\(duplicate)\" appears twice; expected each key once")
                return
            }
            guard let status = fields.status else {
                processSlow(bytes)
                return
            }
            func part(_ range: Range<Int>?) -> UnsafeRawBufferPointer {
                UnsafeRawBufferPointer(rebasing: bytes[range ?? 0..<0])
            }
            var hasher = Hash128()
            if !accumulator.needsIdentities {
                // No earlier file to check and no later one to remember for: the identity is never read.
            } else if let fileID = fields.fileID {
                hasher.combine(part(fileID))
                hasher.combine(part(fields.timestamp))
                hasher.combine(part(fields.service))
                hasher.combine(part(fields.endpoint))
                hasher.combine(Int64(bitPattern: status.bitPattern))
            } else {
                hasher.combine(bytes)
            }
            accumulator.add(
                timestamp: part(fields.timestamp), service: part(fields.service), endpoint: part(fields.endpoint),
                language: part(fields.language), status: status, numbers: fields.numbers, line: line,
                identity: hasher.finalize())
        }

        mutating func processSlow(_ bytes: UnsafeRawBufferPointer) {
            // Strict JSON, as the byte-level reader: a key of the usage log given twice is an error.
            if let duplicate = firstDuplicateJSONKey(in: Array(bytes))?.key, UsageLogImporter.keys.contains(duplicate) {
                accumulator.reject(
                    line: line, column: nil, "the key \"\(duplicate)\" appears twice; expected each key once")
                return
            }
            guard let object = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] else {
                accumulator.reject(
                    line: line, column: nil,
                    "expected a JSON object on one line, found \"\(escapedExcerpt(bytes))\""
                )
                return
            }
            func text(_ key: String) -> String? {
                if let value = object[key] as? String { return value }
                if let value = object[key] as? NSNumber { return value.stringValue }
                return nil
            }
            var numbers: [String: Double] = [:]
            for key in numericFields {
                guard let raw = object[key], !(raw is NSNull) else { continue }
                guard let number = raw as? NSNumber, !isJSONBoolean(raw) else {
                    accumulator.reject(
                        line: line, column: nil, "\(key): expected a number, found \(escapedExcerpt("\(raw)"))")
                    return
                }
                numbers[key] = number.doubleValue
            }
            guard let status = (object["status"] as? NSNumber)?.doubleValue ?? text("status").flatMap(Double.init)
            else {
                accumulator.reject(
                    line: line, column: nil,
                    "status: expected an HTTP status code, found \(object["status"].map { escapedExcerpt("\($0)") } ?? "nothing")"
                )
                return
            }
            var hasher = Hash128()
            if var fileID = object["file_id"] as? String {
                for var field in [fileID, text("timestamp") ?? "", text("service") ?? "", text("endpoint") ?? ""] {
                    field.withUTF8 { hasher.combine(UnsafeRawBufferPointer($0)) }
                }
                fileID = ""
                hasher.combine(Int64(bitPattern: status.bitPattern))
            } else {
                hasher.combine(bytes)
            }
            accumulator.add(
                Request(
                    timestamp: text("timestamp") ?? "", service: text("service") ?? "",
                    endpoint: text("endpoint") ?? "",
                    language: text("language") ?? "", status: status, numbers: numbers), line: line,
                identity: hasher.finalize())
        }
    }
}
