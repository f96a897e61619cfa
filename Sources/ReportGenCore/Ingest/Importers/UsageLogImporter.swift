import Foundation

/// Reads the API's usage log, the format this project defines (README, "Usage log"): JSON Lines or CSV, one record
/// per request, or a monthly rollup CSV. Activity is summed per month (in the workspace's time zone), service,
/// endpoint and language as it streams, so memory does not grow with the file.
///
/// A malformed record is set aside with a warning naming its line and field; reading goes on. The first 50 are
/// listed and the exact count closes the list ("3,000 records set aside (first 50 listed)"). Every quantity is
/// range-checked (finite, ≥ 0, at most ``maximumPerRequestQuantity`` per request) and the distinct keys a file can
/// create are bounded by ``maximumDistinctKeys``, so that no log exhausts memory or overflows a later conversion.
package enum UsageLogImporter {
    /// The most any one request may carry in one numeric field (milliseconds, seconds, characters, tokens, Wh): a
    /// billion, so that even a billion requests sum far below where integer conversions overflow.
    package static let maximumPerRequestQuantity = 1e9
    /// The most distinct (month, service, endpoint, language) keys one file may create: 20,000, ten times a year of
    /// 10 services × 5 endpoints × 4 languages. A key costs about 1.5 KB at the peak (its sums, its lines, its place
    /// in the ledger), so 100,000 took 150 MB and a log naming a new service on every line broke the 100 MB bound.
    package static let maximumDistinctKeys = 20_000

    /// One request as read from either encoding.
    package struct Request {
        var timestamp: String
        var service: String
        var endpoint: String
        var language: String
        var status: Double
        /// Values of ``UsageLogImporter/numericFields`` in that order; NaN when absent.
        var values: [Double]

        init(
            timestamp: String, service: String, endpoint: String, language: String, status: Double,
            numbers: [String: Double]
        ) {
            self.init(
                timestamp: timestamp, service: service, endpoint: endpoint, language: language, status: status,
                values: UsageLogImporter.numericFields.map { numbers[$0] ?? .nan })
        }

        init(timestamp: String, service: String, endpoint: String, language: String, status: Double, values: [Double]) {
            self.timestamp = timestamp
            self.service = service
            self.endpoint = endpoint
            self.language = language
            self.status = status
            self.values = values
        }

        /// A numeric field by its position in ``UsageLogImporter/numericFields``, `nil` when absent.
        func number(_ slot: Int) -> Double? { values[slot].isNaN ? nil : values[slot] }
    }

    package static let numericFields = [
        "duration_ms", "audio_seconds", "input_chars", "input_tokens", "output_tokens", "energy_wh", "gpu_seconds",
    ]

    package static func readCSV(_ file: InputFile, delimiter: UInt8, decimalComma: Bool, context: ImportContext)
        throws(IngestError)
        -> ImportResult
    {
        var reader = try file.csvReader(delimiter: delimiter)
        guard let headerRecord = try reader.next() else { throw .empty(file: file.name) }
        let header = CSVHeader(headerRecord)
        var positions: [String: Int] = [:]
        for name in ["timestamp", "service", "endpoint", "language", "status"] + numericFields {
            if let position = header.position(of: name) { positions[name] = position }
        }
        for name in ["timestamp", "service", "language", "status"] where positions[name] == nil {
            throw .missingColumn(file: file.name, line: headerRecord.line, column: name, header: header.text)
        }
        let identities = context.usageIdentities ?? UsageLineIdentities()
        let checksEarlierFiles = !identities.isEmpty
        var accumulator = Accumulator(
            file: file.name, context: context, identities: identities,
            fileNumber: identities.beginFile(file.name), checksEarlierFiles: checksEarlierFiles)
        rows: while let record = try reader.next() {
            guard accumulator.rows.screen(record) else { continue }
            guard record.fields.count == header.fields.count else {
                accumulator.reject(
                    line: record.line, column: nil,
                    "\(record.fields.count) fields, expected \(header.fields.count) as in the header")
                continue
            }
            func field(_ name: String) -> String { positions[name].map { record.fields[$0] } ?? "" }
            var numbers: [String: Double] = [:]
            for name in numericFields + ["status"] {
                guard let position = positions[name] else { continue }
                guard let parsed = parseNumber(record.fields[position], decimalComma: decimalComma) else {
                    accumulator.reject(
                        line: record.line, column: position + 1,
                        "\(name): expected a number, found \"\(escapedExcerpt(record.fields[position]))\"")
                    continue rows
                }
                if let value = parsed { numbers[name] = value }
            }
            guard let status = numbers.removeValue(forKey: "status") else {
                accumulator.reject(
                    line: record.line, column: (positions["status"] ?? 0) + 1,
                    "status: expected an HTTP status code, found nothing")
                continue
            }
            // A CSV log's identity is its whole record, field by field.
            var hasher = Hash128()
            for var value in record.fields { value.withUTF8 { hasher.combine(UnsafeRawBufferPointer($0)) } }
            accumulator.add(
                Request(
                    timestamp: field("timestamp"), service: field("service"), endpoint: field("endpoint"),
                    language: field("language"), status: status, numbers: numbers), line: record.line,
                identity: hasher.finalize())
        }
        var result = accumulator.finish()
        if let fallback = reader.fallback {
            result.diagnostics += SetAsideRows(file: file.name).diagnostics(fallback: fallback)
        }
        return result
    }

    /// The monthly rollup: `period, service, language, requests, files, audio_seconds, input_chars, input_tokens,
    /// output_tokens, energy_wh` (and optionally `endpoint`, `gpu_seconds`).
    package static func readRollup(_ file: InputFile, delimiter: UInt8, decimalComma: Bool) throws(IngestError)
        -> ImportResult
    {
        var reader = try file.csvReader(delimiter: delimiter)
        guard let headerRecord = try reader.next() else { throw .empty(file: file.name) }
        let header = CSVHeader(headerRecord)
        var result = ImportResult()
        var rows = SetAsideRows(file: file.name)
        rows: while let record = try reader.next() {
            guard rows.screen(record), rows.checkFieldCount(record, expected: header.fields.count) else { continue }
            func field(_ name: String) -> String { header.position(of: name).map { record.fields[$0] } ?? "" }
            guard let period = YearMonth(field("period")) else {
                rows.setAside(
                    line: record.line, column: (header.position(of: "period") ?? 0) + 1,
                    "period: expected YYYY-MM from 1900 to 2200, found \"\(escapedExcerpt(field("period")))\"")
                continue
            }
            var values: [String: Double] = [:]
            for name in [
                "requests", "files", "audio_seconds", "input_chars", "input_tokens", "output_tokens", "energy_wh",
                "gpu_seconds",
            ] {
                guard let position = header.position(of: name) else { continue }
                let isCount = name == "requests" || name == "files"
                guard let parsed = parseNumber(record.fields[position], decimalComma: decimalComma),
                    (parsed.map { quantityProblem($0) == nil && (!isCount || $0 == $0.rounded()) }) ?? true
                else {
                    rows.setAside(
                        line: record.line, column: position + 1,
                        "\(name): expected \(isCount ? "a whole number" : "a number") from 0 to 1e12, found \"\(escapedExcerpt(record.fields[position]))\""
                    )
                    continue rows
                }
                values[name] = parsed ?? 0
            }
            var activity = Activity()
            // Whole numbers within 0…1e12 (checked above), so the conversions cannot trap.
            activity.requests = Int(exactly: values["requests"] ?? 0) ?? 0
            activity.files = Int(exactly: values["files"] ?? values["requests"] ?? 0) ?? 0
            activity.audioSeconds = values["audio_seconds"] ?? 0
            activity.inputChars = values["input_chars"] ?? 0
            activity.inputTokens = values["input_tokens"] ?? 0
            activity.outputTokens = values["output_tokens"] ?? 0
            activity.gpuSeconds = values["gpu_seconds"] ?? 0
            if let wh = values["energy_wh"], wh > 0 {
                activity.energyKWh = wh / 1000
                activity.requestsWithEnergy = activity.requests
            }
            activity.note(file: file.name, lines: record.line...record.line)
            result.rowCount += 1
            result.activity.add(
                activity,
                for: ActivityKey(
                    period: period, service: field("service"), endpoint: field("endpoint"),
                    language: field("language").lowercased()))
        }
        result.diagnostics += rows.diagnostics(fallback: reader.fallback)
        return result
    }
}
