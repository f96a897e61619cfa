import Foundation

extension UsageLogImporter {
    /// Validates requests and sums them per key as they stream, one accumulator per file or per block of a file.
    ///
    /// Blocks read on several cores each get their own accumulator, with line numbers counted from the block's
    /// start; ``merge(_:lineOffset:)`` adds them to the file's in block order, so that sums and listings are the same
    /// on every run. A request whose identity an earlier file holds is not counted again (``UsageLineIdentities``).
    package struct Accumulator {
        let file: String
        let context: ImportContext
        var result = ImportResult()
        var rows: SetAsideRows
        private var keyLimitReported = false
        /// The zone's offset at the start and the end of each UTC day met, in a direct-mapped cache of 4,096 days: one
        /// look-up a day, not a line (a log's lines are not always in time order), and no hashing a line.
        private var dayOffsets = [(day: Int, start: Int, end: Int)](repeating: (Int.min, 0, 0), count: 4096)
        private var keys = UsageKeyTable()
        /// Sums per slot of ``keys``, and the first and last line of each.
        private var totals: [Activity] = []
        private var lines: [(first: Int, last: Int)] = []
        /// Requests and busy seconds per (UTC hour << 17 | triple of ``keys``).
        private var hours = UsageHourTable()
        let identities: UsageLineIdentities
        let fileNumber: Int
        /// Whether an earlier file left identities to check against.
        let checksEarlierFiles: Bool
        /// Whether this file's identities are remembered for a later file (``ImportContext/remembersUsageIdentities``).
        let remembersIdentities: Bool
        /// Whether a request's identity is used at all: when it is not, readers need not hash their lines.
        var needsIdentities: Bool { checksEarlierFiles || remembersIdentities }
        /// Requests already counted from an earlier file, by that file's number: how many, and the first line.
        private var repeats: [Int: (count: Int, firstLine: Int)] = [:]
        private var identityLimitReported = false

        init(
            file: String, context: ImportContext, identities: UsageLineIdentities, fileNumber: Int,
            checksEarlierFiles: Bool
        ) {
            self.file = file
            self.context = context
            self.rows = SetAsideRows(file: file)
            self.identities = identities
            self.fileNumber = fileNumber
            self.checksEarlierFiles = checksEarlierFiles
            self.remembersIdentities = context.remembersUsageIdentities && context.usageIdentities != nil
        }

        /// Sizes the hour table for a block of `bytes` bytes, so that it does not grow again and again while the block
        /// is read: a log in random time order makes about one key a line, and a request's line is about 260 bytes
        /// (a block of shorter lines grows its table once or twice).
        mutating func reserveHours(forBlockOf bytes: Int) {
            hours = UsageHourTable(minimumCapacity: bytes / 256)
        }

        mutating func reject(line: Int, column: Int?, _ message: String) {
            rows.setAside(line: line, column: column, message)
        }

        /// Adds a request read as text (the CSV log and the general JSON parser).
        mutating func add(_ request: Request, line: Int, identity: (high: UInt64, low: UInt64)) {
            var timestamp = request.timestamp
            var service = request.service
            var endpoint = request.endpoint
            var language = request.language
            timestamp.withUTF8 { timestamp in
                service.withUTF8 { service in
                    endpoint.withUTF8 { endpoint in
                        language.withUTF8 { language in
                            add(
                                timestamp: UnsafeRawBufferPointer(timestamp), service: UnsafeRawBufferPointer(service),
                                endpoint: UnsafeRawBufferPointer(endpoint), language: UnsafeRawBufferPointer(language),
                                status: request.status, numbers: request.values, line: line, identity: identity)
                        }
                    }
                }
            }
        }

        /// Validates one request given as bytes and sums it into its key.
        mutating func add(
            timestamp: UnsafeRawBufferPointer, service: UnsafeRawBufferPointer, endpoint: UnsafeRawBufferPointer,
            language: UnsafeRawBufferPointer, status: Double, numbers: [Double], line: Int,
            identity: (high: UInt64, low: UInt64)
        ) {
            guard let utc = parseISO8601Seconds(timestamp) else {
                reject(
                    line: line, column: nil,
                    "timestamp: expected ISO 8601 with an offset (2025-03-01T09:12:44+01:00), found \"\(String(decoding: timestamp, as: UTF8.self))\""
                )
                return
            }
            func isASCIILetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
            guard language.count == 2, isASCIILetter(language[0]), isASCIILetter(language[1]) else {
                reject(
                    line: line, column: nil,
                    "language: expected an ISO 639-1 code such as fr, found \"\(String(decoding: language, as: UTF8.self))\""
                )
                return
            }
            guard !service.isEmpty else {
                reject(line: line, column: nil, "service: expected a service name, found nothing")
                return
            }
            guard (100...599).contains(status), status == status.rounded() else {
                reject(line: line, column: nil, "status: expected an HTTP status code, found \(status)")
                return
            }
            for (slot, name) in UsageLogImporter.numericFields.enumerated() where !numbers[slot].isNaN {
                let value = numbers[slot]
                guard value.isFinite, value >= 0, value <= UsageLogImporter.maximumPerRequestQuantity else {
                    reject(line: line, column: nil, "\(name): expected a number from 0 to 1e9, found \(value)")
                    return
                }
            }
            if checksEarlierFiles, let earlier = identities.earlierFile(of: identity, current: fileNumber) {
                repeats[earlier, default: (0, line)].count += 1
                return
            }
            let offset = zoneOffset(utc)
            let period = civilMonth(fromEpochSeconds: utc + offset)
            let languageCode = UInt16(language[0] | 0x20) << 8 | UInt16(language[1] | 0x20)
            let month = period.year * 12 + period.month
            let hash = UsageKeyTable.keyHash(service, endpoint, languageCode)
            let slot: Int
            if let found = keys.slot(
                month: month, service: service, endpoint: endpoint, language: languageCode, hash: hash)
            {
                slot = found
            } else {
                guard keys.slotCount < UsageLogImporter.maximumDistinctKeys else {
                    reportKeyLimit(line: line)
                    reject(line: line, column: nil, "a new key past the bound of distinct keys")
                    return
                }
                slot = keys.addSlot(
                    period: period, service: service, endpoint: endpoint, language: languageCode, hash: hash)
                totals.append(Activity())
                lines.append((line, line))
            }
            remember(identity)
            result.rowCount += 1
            let localDays = (utc + offset).flooredQuotient(by: 86_400)
            let day = localDays - daysFromCivil(year: period.year, month: period.month, day: 1) + 1
            let succeeded = status >= 200 && status < 300
            // Positions in numericFields: duration_ms, audio_seconds, input_chars, input_tokens, output_tokens,
            // energy_wh, gpu_seconds.
            func number(_ slot: Int) -> Double? { numbers[slot].isNaN ? nil : numbers[slot] }
            let audio = number(1) ?? 0
            let chars = number(2) ?? 0
            let gpu = number(6) ?? 0
            totals[slot].requests += 1
            if (1...31).contains(day) { totals[slot].activeDays |= 1 << UInt32(day - 1) }
            totals[slot].files += succeeded ? 1 : 0
            totals[slot].failedRequests += succeeded ? 0 : 1
            totals[slot].audioSeconds += audio
            totals[slot].inputChars += chars
            totals[slot].inputTokens += number(3) ?? 0
            totals[slot].outputTokens += number(4) ?? 0
            totals[slot].durationSeconds += (number(0) ?? 0) / 1000
            totals[slot].gpuSeconds += gpu
            if let wh = number(5) {
                totals[slot].energyKWh += wh / 1000
                totals[slot].requestsWithEnergy += 1
            }
            if !succeeded {
                totals[slot].failedAudioSeconds += audio
                totals[slot].failedInputChars += chars
                totals[slot].failedGPUSeconds += gpu
            }
            lines[slot] = (min(lines[slot].first, line), max(lines[slot].last, line))
            // The hourly busy time measured GPU energy is split by (issue 13); the monthly sums above are unchanged.
            addHourly(startSeconds: Double(utc), busySeconds: number(6), triple: keys.slots[slot].triple)
        }

        /// The workspace zone's offset from UTC at `utc`, seconds.
        private mutating func zoneOffset(_ utc: Int) -> Int {
            let day = utc.flooredQuotient(by: 86_400)
            let index = day & (dayOffsets.count - 1)
            if dayOffsets[index].day != day {
                func offset(_ seconds: Int) -> Int {
                    context.timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(seconds)))
                }
                dayOffsets[index] = (day, offset(day * 86_400), offset(day * 86_400 + 86_399))
            }
            let entry = dayOffsets[index]
            // A day with a change of offset (twice a year) is looked up at the instant itself.
            guard entry.start != entry.end else { return entry.start }
            return context.timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(utc)))
        }

        private mutating func reportKeyLimit(line: Int) {
            guard !keyLimitReported else { return }
            keyLimitReported = true
            result.diagnostics.append(
                .error(
                    file, line: line,
                    "more than \(UsageLogImporter.maximumDistinctKeys.groupedDigits) distinct (month, service, endpoint, language) keys: records with a new key are set aside from here; a usage log names a few services and endpoints"
                ))
        }

        private mutating func remember(_ identity: (high: UInt64, low: UInt64)) {
            guard remembersIdentities else { return }
            identities.insert(identity, file: fileNumber)
        }

        /// As ``HourlyUsage/addRequest(startSeconds:busySeconds:service:endpoint:language:)``, keyed by triple.
        private mutating func addHourly(startSeconds: Double, busySeconds: Double?, triple: Int) {
            guard let first = UTCHour(containing: startSeconds) else { return }
            guard let busySeconds, busySeconds.isFinite, busySeconds > 0 else {
                hours.add(HourlyUsage.Amount(requests: 1), to: first.hoursSinceEpoch << 17 | triple)
                return
            }
            let end = startSeconds + busySeconds
            guard let last = UTCHour(containing: end) else {
                hours.add(
                    HourlyUsage.Amount(busySeconds: 0, requests: 1, requestsWithBusyTime: 1),
                    to: first.hoursSinceEpoch << 17 | triple)
                return
            }
            // One dictionary access an hour: the first hour takes the request and its share of busy time at once.
            for hour in first...last {
                let overlap = min(end, hour.startSeconds + 3600) - max(startSeconds, hour.startSeconds)
                let isFirst = hour == first
                guard overlap > 0 || isFirst else { continue }
                hours.add(
                    HourlyUsage.Amount(
                        busySeconds: overlap > 0 ? overlap : 0, requests: isFirst ? 1 : 0,
                        requestsWithBusyTime: isFirst ? 1 : 0),
                    to: hour.hoursSinceEpoch << 17 | triple)
            }
        }
    }
}

extension UsageLogImporter.Accumulator {
    /// Adds what a block's accumulator summed, its line numbers shifted by `lineOffset` (the lines before the block),
    /// and remembers its identities. Blocks must be merged in file order.
    mutating func merge(_ block: UsageLogImporter.Accumulator, lineOffset: Int) {
        // The file's triple of each of the block's, -1 for one whose keys are all past the bound.
        var tripleMap = [Int](repeating: -1, count: block.keys.triples.count)
        for slot in 0..<block.keys.slotCount {
            let (period, blockTriple) = block.keys.slots[slot]
            let triple = block.keys.triples[blockTriple]
            let month = period.year * 12 + period.month
            let range = (block.lines[slot].first + lineOffset, block.lines[slot].last + lineOffset)
            triple.service.withUnsafeBytes { service in
                triple.endpoint.withUnsafeBytes { endpoint in
                    let hash = UsageKeyTable.keyHash(service, endpoint, triple.language)
                    var target = keys.slot(
                        month: month, service: service, endpoint: endpoint, language: triple.language, hash: hash)
                    if target == nil {
                        if keys.slotCount >= UsageLogImporter.maximumDistinctKeys {
                            reportKeyLimit(line: range.0)
                            result.rowCount -= block.totals[slot].requests
                            for _ in 0..<block.totals[slot].requests {
                                reject(line: range.0, column: nil, "a new key past the bound of distinct keys")
                            }
                            return
                        }
                        target = keys.addSlot(
                            period: period, service: service, endpoint: endpoint, language: triple.language,
                            hash: hash)
                        totals.append(Activity())
                        lines.append(range)
                    }
                    guard let target else { return }
                    totals[target].add(block.totals[slot])
                    lines[target] = (min(lines[target].first, range.0), max(lines[target].last, range.1))
                    tripleMap[blockTriple] = keys.slots[target].triple
                }
            }
        }
        block.hours.forEach { key, amount in
            let triple = tripleMap[key & 0x1FFFF]
            guard triple >= 0 else { return }
            hours.add(amount, to: (key >> 17) << 17 | triple)
        }
        result.rowCount += block.result.rowCount
        for var diagnostic in block.result.diagnostics {
            diagnostic.line = diagnostic.line.map { $0 + lineOffset }
            if diagnostic.message.hasPrefix("more than"), keyLimitReported { continue }
            if diagnostic.message.hasPrefix("more than") { keyLimitReported = true }
            result.diagnostics.append(diagnostic)
        }
        rows.merge(block.rows, lineOffset: lineOffset)
        for (earlier, entry) in block.repeats {
            let line = entry.firstLine + lineOffset
            let current = repeats[earlier] ?? (0, line)
            repeats[earlier] = (current.count + entry.count, min(current.firstLine, line))
        }
    }

    /// The file's result: its keys with their line ranges, its hours, its set-aside rows, and one note per earlier
    /// file whose requests it repeats.
    mutating func finish() -> ImportResult {
        for slot in 0..<keys.slotCount {
            var activity = totals[slot]
            activity.note(file: file, lines: lines[slot].first...lines[slot].last)
            result.activity.add(activity, for: keys.activityKey(slot))
        }
        // By hour (a table key is the hour, then the triple in its low 17 bits), so that each hour's keys are added
        // at once.
        var entries: [(key: Int, amount: HourlyUsage.Amount)] = []
        entries.reserveCapacity(hours.count)
        hours.forEach { entries.append(($0, $1)) }
        hours = UsageHourTable()
        entries.sort { $0.key < $1.key }
        let triples = keys.triples
        var start = 0
        while start < entries.count {
            let hour = entries[start].key >> 17
            var end = start + 1
            while end < entries.count, entries[end].key >> 17 == hour { end += 1 }
            result.hourlyUsage.add(
                entries[start..<end].lazy.map { (key: triples[$0.key & 0x1FFFF].key, amount: $0.amount) },
                hour: UTCHour(hoursSinceEpoch: hour))
            start = end
        }
        totals = []
        result.diagnostics += rows.diagnostics()
        for earlier in repeats.keys.sorted() {
            guard let entry = repeats[earlier], earlier < identities.files.count else { continue }
            let other = identities.files[earlier]
            result.diagnostics.append(
                .note(
                    file, line: entry.firstLine,
                    "\(entry.count.groupedDigits) request\(entry.count == 1 ? "" : "s") already read from \(other) (the same file_id, time, service, endpoint and status, or the same line): counted once, from \(other)"
                ))
        }
        if identities.isFull, !identityLimitReported {
            identityLimitReported = true
            result.diagnostics.append(
                .warning(
                    file,
                    "more usage lines than the identity set holds (about 1.7 million, 16 MiB): lines past it are counted but not checked against later files"
                ))
        }
        return result
    }
}
