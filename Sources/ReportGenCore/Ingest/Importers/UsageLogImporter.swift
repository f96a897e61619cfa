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
    /// The most distinct (month, service, endpoint, language) keys one file may create.
    package static let maximumDistinctKeys = 100_000

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

    package static func readJSONLines(_ file: InputFile, context: ImportContext) throws(IngestError) -> ImportResult {
        let handle = try file.open()
        defer { try? handle.close() }
        var reader = JSONLinesReader(accumulator: Accumulator(file: file.name, context: context))
        var pending: [UInt8] = []
        while true {
            let chunk = handle.readData(ofLength: 1 << 20)
            if chunk.isEmpty { break }
            pending.append(contentsOf: chunk)
            // Lines are found with memchr over raw bytes: Data's per-byte subscript is several times slower.
            let consumed = pending.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                var start = 0
                while start < raw.count, let found = memchr(base + start, 0x0A, raw.count - start) {
                    let newline = base.distance(to: UnsafeRawPointer(found))
                    reader.process(UnsafeRawBufferPointer(rebasing: raw[start..<newline]))
                    start = newline + 1
                }
                return start
            }
            pending.removeFirst(consumed)
        }
        if !pending.isEmpty { pending.withUnsafeBytes { reader.process($0) } }
        return reader.accumulator.finish()
    }

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
        var accumulator = Accumulator(file: file.name, context: context)
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
            accumulator.add(
                Request(
                    timestamp: field("timestamp"), service: field("service"), endpoint: field("endpoint"),
                    language: field("language"), status: status, numbers: numbers), line: record.line)
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

    /// Validates requests and sums them into the ledger.
    package struct Accumulator {
        let file: String
        let context: ImportContext
        var result = ImportResult()
        var rows: SetAsideRows
        private var keyLimitReported = false
        private var offsetCache: (hour: Int, offset: Int) = (Int.min, 0)
        /// Sums per key, and the first and last line of each, kept apart from ``ImportResult/activity`` so that a
        /// request costs one dictionary update and no provenance dictionary of its own.
        private var totals: [ActivityKey: Activity] = [:]
        private var lines: [ActivityKey: (first: Int, last: Int)] = [:]

        init(file: String, context: ImportContext) {
            self.file = file
            self.context = context
            self.rows = SetAsideRows(file: file)
        }

        mutating func reject(line: Int, column: Int?, _ message: String) {
            rows.setAside(line: line, column: column, message)
        }

        mutating func add(_ request: Request, line: Int) {
            guard let utc = parseISO8601Seconds(request.timestamp) else {
                reject(
                    line: line, column: nil,
                    "timestamp: expected ISO 8601 with an offset (2025-03-01T09:12:44+01:00), found \"\(request.timestamp)\""
                )
                return
            }
            guard request.language.count == 2, request.language.allSatisfy({ $0.isLetter && $0.isASCII }) else {
                reject(
                    line: line, column: nil,
                    "language: expected an ISO 639-1 code such as fr, found \"\(request.language)\"")
                return
            }
            guard !request.service.isEmpty else {
                reject(line: line, column: nil, "service: expected a service name, found nothing")
                return
            }
            guard (100...599).contains(request.status), request.status == request.status.rounded() else {
                reject(line: line, column: nil, "status: expected an HTTP status code, found \(request.status)")
                return
            }
            for (slot, name) in UsageLogImporter.numericFields.enumerated() {
                guard let value = request.number(slot) else { continue }
                guard value.isFinite, value >= 0, value <= UsageLogImporter.maximumPerRequestQuantity else {
                    reject(line: line, column: nil, "\(name): expected a number from 0 to 1e9, found \(value)")
                    return
                }
            }
            let hour = utc / 3600
            if offsetCache.hour != hour {
                offsetCache = (hour, context.timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(utc))))
            }
            let period = civilMonth(fromEpochSeconds: utc + offsetCache.offset)
            var activity = Activity()
            activity.requests = 1
            let localDays = (utc + offsetCache.offset).flooredQuotient(by: 86_400)
            let day = localDays - daysFromCivil(year: period.year, month: period.month, day: 1) + 1
            if (1...31).contains(day) { activity.activeDays = 1 << UInt32(day - 1) }
            let succeeded = request.status >= 200 && request.status < 300
            activity.files = succeeded ? 1 : 0
            activity.failedRequests = succeeded ? 0 : 1
            // Positions in numericFields: duration_ms, audio_seconds, input_chars, input_tokens, output_tokens,
            // energy_wh, gpu_seconds.
            activity.audioSeconds = request.number(1) ?? 0
            activity.inputChars = request.number(2) ?? 0
            activity.inputTokens = request.number(3) ?? 0
            activity.outputTokens = request.number(4) ?? 0
            activity.durationSeconds = (request.number(0) ?? 0) / 1000
            activity.gpuSeconds = request.number(6) ?? 0
            if let wh = request.number(5) {
                activity.energyKWh = wh / 1000
                activity.requestsWithEnergy = 1
            }
            if !succeeded {
                activity.failedAudioSeconds = activity.audioSeconds
                activity.failedInputChars = activity.inputChars
                activity.failedGPUSeconds = activity.gpuSeconds
            }
            result.rowCount += 1
            let key = ActivityKey(
                period: period, service: request.service, endpoint: request.endpoint,
                language: request.language.lowercased())
            if totals[key] == nil, totals.count >= UsageLogImporter.maximumDistinctKeys {
                result.rowCount -= 1
                if !keyLimitReported {
                    keyLimitReported = true
                    result.diagnostics.append(
                        .error(
                            file, line: line,
                            "more than \(UsageLogImporter.maximumDistinctKeys.groupedDigits) distinct (month, service, endpoint, language) keys: records with a new key are set aside from here; a usage log names a few services and endpoints"
                        ))
                }
                reject(line: line, column: nil, "a new key past the bound of distinct keys")
                return
            }
            totals[key, default: Activity()].add(activity)
            // The hourly busy time measured GPU energy is split by (issue 13); the monthly sums above are unchanged.
            result.hourlyUsage.addRequest(
                startSeconds: Double(utc), busySeconds: request.number(6), service: request.service,
                endpoint: request.endpoint, language: key.language)
            if let range = lines[key] {
                lines[key] = (min(range.first, line), max(range.last, line))
            } else {
                lines[key] = (line, line)
            }
        }

        mutating func finish() -> ImportResult {
            for (key, var activity) in totals {
                if let range = lines[key] { activity.note(file: file, lines: range.first...range.last) }
                result.activity.add(activity, for: key)
            }
            totals = [:]
            result.diagnostics += rows.diagnostics()
            return result
        }
    }
}
