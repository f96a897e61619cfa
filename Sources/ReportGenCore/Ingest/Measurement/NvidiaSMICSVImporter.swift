import Foundation

/// Reads `nvidia-smi --query-gpu=timestamp,name,pci.bus_id,uuid,power.draw,… --format=csv[,nounits] -l N` logs.
///
/// Quirks handled (nvidia-smi man page; NVIDIA "Useful nvidia-smi queries"): `, ` separators; the unit in the
/// header (`power.draw [W]`, or `[mW]`) and, without `nounits`, in each value (`71.23 W`); `[N/A]`,
/// `[Not Supported]` and other bracketed placeholders for a missing reading; local timestamps
/// `2025/03/01 09:12:44.123` without a zone, read in the workspace's IANA zone (see ``LocalTimeResolver``); the
/// header repeated where the log was restarted (a new header may list other columns); the power columns of newer
/// drivers, `power.draw.average` and `power.draw.instant`, used in that order when `power.draw` is absent or empty.
/// Columns are found by name, never by position ("not guaranteed to be backwards compatible").
///
/// nvidia-smi does not write the host name: the caller gives it. A row that does not fit the header is set aside
/// with its line; so is a row without any power reading.
enum NvidiaSMICSVImporter {
    /// The power columns, in the order they are tried.
    static let powerColumns = ["power.draw", "power.draw.average", "power.draw.instant"]

    /// Whether the first line is an nvidia-smi `--query-gpu` CSV header with a timestamp and a power column.
    /// - Parameter head: the first bytes of the file.
    static func detects(_ head: Data) -> Bool {
        // The first line that is not empty, decoded alone.
        let bytes = head.prefix(65_536)
        func isEnd(_ byte: UInt8) -> Bool { byte == 0x0A || byte == 0x0D }
        guard let start = bytes.firstIndex(where: { !isEnd($0) }) else { return false }
        let end = bytes[start...].firstIndex(where: isEnd) ?? bytes.endIndex
        let first = String(decoding: bytes[start..<end], as: UTF8.self)
        let names = first.split(separator: ",").map { column(String($0)).name }
        return names.contains("timestamp") && names.contains { $0.hasPrefix("power.draw") }
    }

    /// A header field split into its lower-case name and its bracketed unit: `power.draw [W]` → (`power.draw`, `W`).
    static func column(_ field: String) -> (name: String, unit: String?) {
        let trimmed = field.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasSuffix("]"), let open = trimmed.lastIndex(of: "[") else { return (trimmed.lowercased(), nil) }
        let unit = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]
        return (trimmed[..<open].trimmingCharacters(in: .whitespaces).lowercased(), String(unit))
    }

    private struct Layout {
        var line: Int
        var fieldCount: Int
        var timestamp: Int
        /// Power columns present, in preference order, with the factor from their header unit to W.
        var power: [(position: Int, name: String, factor: Double)]
        var uuid: Int?
        var name: Int?
        var pciBusID: Int?
        var index: Int?
    }

    private static func factor(forUnit unit: String) -> Double? {
        switch unit {
        case "W": return 1
        case "mW": return 1e-3
        default: return nil
        }
    }

    private static func layout(_ record: CSVRecord, file: String) throws(MeasurementError) -> Layout {
        let columns = record.fields.map(column)
        let header = record.fields.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", ")
        guard let timestamp = columns.firstIndex(where: { $0.name == "timestamp" }) else {
            throw .missingColumn(file: file, line: record.line, column: "timestamp", header: header)
        }
        var power: [(Int, String, Double)] = []
        for name in powerColumns {
            guard let position = columns.firstIndex(where: { $0.name == name }) else { continue }
            let unit = columns[position].unit ?? "W"
            guard let factor = factor(forUnit: unit) else {
                throw .unsupportedUnit(
                    file: file, line: record.line, column: position + 1, field: name, found: unit, expected: "W or mW")
            }
            power.append((position, name, factor))
        }
        guard !power.isEmpty else {
            throw .missingColumn(file: file, line: record.line, column: "power.draw", header: header)
        }
        func position(_ name: String) -> Int? { columns.firstIndex { $0.name == name } }
        return Layout(
            line: record.line, fieldCount: record.fields.count, timestamp: timestamp, power: power,
            uuid: position("uuid"), name: position("name"), pciBusID: position("pci.bus_id"), index: position("index"))
    }

    /// Reads one log.
    /// - Parameters:
    ///   - data: the whole file.
    ///   - file: the name used in diagnostics.
    ///   - timeZone: the zone the log's local timestamps are in (the workspace's `time_zone`).
    ///   - host: the host the log was written on, for mapping; nvidia-smi does not record it.
    /// - Returns: one power series (W) per GPU.
    /// - Throws: ``MeasurementError`` when the file is empty, not UTF-8, or its first header lacks a timestamp or
    ///   power column or uses a power unit other than W or mW.
    static func read(_ data: Data, file: String, timeZone: TimeZone, host: String? = nil) throws(MeasurementError)
        -> MeasurementImport
    {
        var reader = CSVReader(fileName: file, bytes: [UInt8](data), delimiter: UInt8(ascii: ","))
        func next() throws(MeasurementError) -> CSVRecord? {
            do {
                return try reader.next()
            } catch {
                switch error {
                case .notUTF8(_, let offset): throw .notUTF8(file: file, byteOffset: offset)
                default: throw .unreadableText(file: file, line: error.line ?? 1, reason: error.message)
                }
            }
        }
        guard let first = try next() else { throw .empty(file: file) }
        var layout = try layout(first, file: file)
        var result = MeasurementImport()
        var log = SampleDiagnostics(file: file)
        var clock = LocalTimeResolver(timeZone: timeZone)
        var series: [GPUIdentity: [MeasurementSample]] = [:]
        var order: [GPUIdentity] = []
        var previousTime: Double?
        var missing: (count: Int, firstLine: Int, found: String)?
        var ambiguous: (count: Int, firstLine: Int)?
        while let record = try next() {
            let fields = record.fields.map { $0.trimmingCharacters(in: .whitespaces) }
            if fields.contains(where: { column($0).name == "timestamp" }) {
                // The log was restarted: a new header, which may list other columns.
                do {
                    layout = try self.layout(record, file: file)
                    result.diagnostics.append(
                        .note(file, line: record.line, "header repeated (the log was restarted); columns read anew"))
                } catch {
                    log.setAside(line: record.line, column: nil, error.message, severity: .error)
                }
                continue
            }
            guard fields.count == layout.fieldCount else {
                log.setAside(
                    line: record.line, column: nil,
                    "\(fields.count) fields, expected \(layout.fieldCount) as in the header of line \(layout.line) (a line cut short when the log stopped?)"
                )
                continue
            }
            guard let local = localSeconds(fields[layout.timestamp]) else {
                log.setAside(
                    line: record.line, column: layout.timestamp + 1,
                    "timestamp: expected a local time YYYY/MM/DD HH:MM:SS.mmm, found \"\(fields[layout.timestamp])\"")
                continue
            }
            let (time, resolution) = clock.utcSeconds(localSeconds: local, notBefore: previousTime)
            if resolution == .ambiguous {
                ambiguous = ((ambiguous?.count ?? 0) + 1, ambiguous?.firstLine ?? record.line)
            }
            var reading: (value: Double, factor: Double, column: Int)?
            var problem: String?
            var placeholder = ""
            for (position, name, headerFactor) in layout.power {
                let text = fields[position]
                if text.isEmpty || text.hasPrefix("[") || text.uppercased() == "N/A" {
                    placeholder = text
                    continue
                }
                var number = Substring(text)
                var factor = headerFactor
                if let space = text.lastIndex(of: " ") {
                    let unit = String(text[text.index(after: space)...])
                    guard let unitFactor = Self.factor(forUnit: unit) else {
                        problem = "\(name): unit \"\(unit)\" is not converted; expected W or mW, found \"\(text)\""
                        break
                    }
                    number = text[..<space]
                    factor = unitFactor
                }
                guard let value = Double(number.trimmingCharacters(in: .whitespaces)) else {
                    problem = "\(name): expected a number of W, found \"\(text)\""
                    break
                }
                reading = (value, factor, position + 1)
                break
            }
            if let problem {
                log.setAside(line: record.line, column: nil, problem)
                continue
            }
            guard let reading else {
                missing = ((missing?.count ?? 0) + 1, missing?.firstLine ?? record.line, missing?.found ?? placeholder)
                continue
            }
            func field(_ position: Int?) -> String? {
                guard let position, !fields[position].isEmpty, !fields[position].hasPrefix("[") else { return nil }
                return fields[position]
            }
            let identity = GPUIdentity(
                host: host, uuid: field(layout.uuid), gpuIndex: field(layout.index), modelName: field(layout.name),
                pciBusID: field(layout.pciBusID))
            switch ExportedReading(timeSeconds: time, value: reading.value).checked(factor: reading.factor) {
            case .success(let sample):
                if series[identity] == nil { order.append(identity) }
                series[identity, default: []].append(sample)
                previousTime = max(previousTime ?? time, time)
            case .failure(let problem):
                log.setAside(line: record.line, column: reading.column, "power: \(problem)")
            }
        }
        if let missing {
            result.diagnostics.append(
                .warning(
                    file, line: missing.firstLine,
                    "\(missing.count) rows have no power reading (\"\(missing.found)\" or another placeholder such as [N/A] or [Not Supported] in every power column; first at this line); set aside"
                ))
        }
        if let ambiguous {
            result.diagnostics.append(
                .note(
                    file, line: ambiguous.firstLine,
                    "\(ambiguous.count) local times fall in the hour repeated when \(timeZone.identifier) left summer time; read in order (first at this line)"
                ))
        }
        for identity in order.sorted() {
            result.series.append(
                MeasuredSeries(
                    quantity: .powerWatts, identity: identity, samples: series[identity] ?? [], sources: [file]))
        }
        result.diagnostics += log.diagnostics
        return result
    }

    /// `2025/03/01 09:12:44.123` (or with `-`, or `T`) as local seconds since 1970, the wall clock counted as UTC.
    static func localSeconds(_ text: String) -> Double? {
        let bytes = Array(text.utf8)
        func digits(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[start..<start + count] {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard bytes.count >= 19, let year = digits(0, 4), bytes[4] == 0x2F || bytes[4] == 0x2D,
            let month = digits(5, 2), bytes[7] == bytes[4], let day = digits(8, 2),
            bytes[10] == 0x20 || bytes[10] == UInt8(ascii: "T"), let hour = digits(11, 2), bytes[13] == 0x3A,
            let minute = digits(14, 2), bytes[16] == 0x3A, let second = digits(17, 2), (1...12).contains(month),
            (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var fraction = 0.0
        if bytes.count > 19 {
            guard bytes[19] == 0x2E, bytes.count > 20, bytes.count <= 29, let value = digits(20, bytes.count - 20)
            else {
                return nil
            }
            fraction = Double(value) / pow(10, Double(bytes.count - 20))
        }
        let days = daysFromCivil(year: year, month: month, day: day)
        return Double(days * 86_400 + hour * 3600 + minute * 60 + second) + fraction
    }
}
