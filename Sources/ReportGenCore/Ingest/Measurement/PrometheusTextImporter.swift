import Foundation

/// Reads DCGM exporter snapshots in the Prometheus text format 0.0.4 or OpenMetrics 1.0 (`curl :9400/metrics`).
///
/// A file is OpenMetrics when it has an `# EOF` line: its timestamps are seconds; otherwise they are 0.0.4's integer
/// milliseconds (prometheus/docs `exposition_formats.md`; OpenObservability `specification/OpenMetrics.md`).
/// `# HELP` and `# TYPE` are read and skipped; `# UNIT` converts the energy counter from `joules` or
/// `millijoules` and power from `watts` or `milliwatts`. OpenMetrics' `_total` counter suffix is accepted.
///
/// DCGM exporter writes no timestamps: a sample without one takes the snapshot's time, `scrapeTimeSeconds`, which the
/// caller gives (``scrapeTime(fromFileName:)`` reads it from a name such as `dcgm-2025-03-01T09-00-00Z.prom`).
/// Other metrics are skipped with one note; a line that does not parse is set aside with its line and column.
enum PrometheusTextImporter {
    /// Whether the first bytes look like an exposition of DCGM metrics: a line starting with `DCGM_FI_` or a
    /// `# HELP` / `# TYPE` / `# UNIT` line about one.
    /// - Parameter head: the first bytes of the file.
    static func detects(_ head: Data) -> Bool {
        let bytes = [UInt8](head.prefix(65_536))
        for line in bytes.split(whereSeparator: { $0 == 0x0A || $0 == 0x0D }) {
            if startsWithBytes(line, "DCGM_FI_") || startsWithBytes(line, "# HELP DCGM_FI_")
                || startsWithBytes(line, "# TYPE DCGM_FI_") || startsWithBytes(line, "# UNIT DCGM_FI_")
            {
                return true
            }
        }
        return false
    }

    /// The UTC time written in a file name as `YYYY-MM-DDTHH:MM:SSZ`, `YYYY-MM-DDTHH-MM-SSZ` or `YYYYMMDDTHHMMSSZ`,
    /// in seconds since 1970; `nil` when the name has none.
    static func scrapeTime(fromFileName name: String) -> Double? {
        let bytes = Array(name.utf8)
        func digits(_ start: Int, _ count: Int) -> Int? {
            guard start >= 0, start + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[start..<start + count] {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        for t in bytes.indices where bytes[t] == UInt8(ascii: "T") {
            // The date before the T, with or without dashes; the time after it, with ':' or '-' or nothing.
            var date: (Int, Int, Int)?
            if let y = digits(t - 10, 4), bytes[t - 6] == 0x2D, let m = digits(t - 5, 2), bytes[t - 3] == 0x2D,
                let d = digits(t - 2, 2)
            {
                date = (y, m, d)
            } else if let y = digits(t - 8, 4), let m = digits(t - 4, 2), let d = digits(t - 2, 2) {
                date = (y, m, d)
            }
            guard let (year, month, day) = date, (1...12).contains(month), (1...31).contains(day) else { continue }
            var time: (Int, Int, Int)?
            if t + 9 < bytes.count, [0x3A, 0x2D].contains(bytes[t + 3]), bytes[t + 6] == bytes[t + 3],
                let h = digits(t + 1, 2), let mi = digits(t + 4, 2), let s = digits(t + 7, 2), bytes[t + 9] == 0x5A
            {
                time = (h, mi, s)
            } else if t + 7 < bytes.count, let h = digits(t + 1, 2), let mi = digits(t + 3, 2),
                let s = digits(t + 5, 2), bytes[t + 7] == 0x5A
            {
                time = (h, mi, s)
            }
            guard let (hour, minute, second) = time, hour < 24, minute < 60, second < 61 else { continue }
            let days = daysFromCivil(year: year, month: month, day: day)
            return Double(days * 86_400 + hour * 3600 + minute * 60 + second)
        }
        return nil
    }

    /// Reads one snapshot (or a file of several timestamped scrapes).
    /// - Parameters:
    ///   - data: the whole file.
    ///   - file: the name used in diagnostics.
    ///   - scrapeTimeSeconds: the time of samples written without a timestamp, seconds since 1970 UTC; without it
    ///     such samples are set aside.
    /// - Returns: series of the DCGM energy counter (kWh) and power (W), not yet merged with other files'.
    /// - Throws: ``MeasurementError/notUTF8(file:byteOffset:)`` or ``MeasurementError/empty(file:)``.
    static func read(_ data: Data, file: String, scrapeTimeSeconds: Double? = nil) throws(MeasurementError)
        -> MeasurementImport
    {
        let bytes = [UInt8](data)
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw .notUTF8(file: file, byteOffset: firstInvalidUTF8Offset(bytes))
        }
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
            line.last == 0x0D ? Array(line.dropLast()) : Array(line)
        }
        while let last = lines.last, last.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { lines.removeLast() }
        guard !lines.isEmpty else { throw .empty(file: file) }
        let isOpenMetrics = lines.contains { $0 == Array("# EOF".utf8) }
        var result = MeasurementImport()
        var log = SampleDiagnostics(file: file)
        var units: [String: String] = [:]
        var samples: [MeasuredSeriesKey: [MeasurementSample]] = [:]
        var others: [String: Int] = [:]
        var untimed = 0
        var seenEOF = false
        for (offset, line) in lines.enumerated() {
            let number = offset + 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            if seenEOF {
                result.diagnostics.append(
                    .warning(file, line: number, "text after \"# EOF\"; expected the end of the exposition; ignored"))
                break
            }
            if line.first == UInt8(ascii: "#") {
                let words = String(decoding: line, as: UTF8.self).split(separator: " ", maxSplits: 3)
                if words.count == 2, words[1] == "EOF" { seenEOF = true }
                if words.count >= 4, words[1] == "UNIT" { units[String(words[2])] = String(words[3]) }
                continue
            }
            let sample: PrometheusSampleLine
            do {
                sample = try PrometheusSampleLine.parse(line)
            } catch {
                log.setAside(
                    line: number, column: error.column, "expected \(error.expected), found \(error.found)",
                    severity: .error)
                continue
            }
            guard let metric = DCGMMetric(sampleName: sample.name) else {
                others[sample.name, default: 0] += 1
                continue
            }
            var factor = metric.toInternalUnit
            if let unit = units[sample.name] ?? units[metric.rawValue] {
                switch (metric.quantity, unit.lowercased()) {
                case (.energyCounterKWh, "millijoules"), (.powerWatts, "watts"): break
                case (.energyCounterKWh, "joules"): factor = 1 / 3.6e6
                case (.powerWatts, "milliwatts"): factor = 1e-3
                default:
                    log.setAside(
                        line: number, column: nil,
                        "\(sample.name): # UNIT \(unit) is not converted; expected \(metric.quantity == .powerWatts ? "watts or milliwatts" : "joules or millijoules")"
                    )
                    continue
                }
            }
            guard let value = Double(sample.valueText) else {
                log.setAside(
                    line: number, column: sample.valueColumn,
                    "\(sample.name): expected a number, NaN or ±Inf as the value, found \"\(sample.valueText)\"")
                continue
            }
            let time: Double
            if let text = sample.timestampText {
                guard let stamp = Double(text), stamp.isFinite else {
                    log.setAside(
                        line: number, column: sample.timestampColumn,
                        "\(sample.name): expected a timestamp in \(isOpenMetrics ? "seconds" : "milliseconds"), found \"\(text)\""
                    )
                    continue
                }
                time = isOpenMetrics ? stamp : stamp / 1000
            } else if let scrapeTimeSeconds {
                time = scrapeTimeSeconds
            } else {
                untimed += 1
                continue
            }
            let identity = GPUIdentity(labels: sample.labels)
            switch ExportedReading(timeSeconds: time, value: value).checked(factor: factor) {
            case .success(let reading):
                samples[MeasuredSeriesKey(quantity: metric.quantity, identity: identity), default: []].append(reading)
            case .failure(let problem):
                log.setAside(line: number, column: sample.valueColumn, "\(sample.name) \(identity): \(problem)")
            }
        }
        if untimed > 0 {
            result.diagnostics.append(
                .error(
                    file,
                    "\(untimed) samples have no timestamp and no scrape time was given; expected a timestamp per sample or the snapshot's time (for example in the file name, dcgm-2025-03-01T09-00-00Z.prom); set aside"
                ))
        }
        if !others.isEmpty {
            let names = others.keys.sorted()
            result.diagnostics.append(
                .note(
                    file,
                    "\(others.values.reduce(0, +)) samples of \(names.count) other metrics skipped (\(names.prefix(5).joined(separator: ", "))\(names.count > 5 ? ", …" : "")); only \(DCGMMetric.acceptedNames.joined(separator: " and ")) are read"
                ))
        }
        for key in samples.keys.sorted() {
            result.series.append(
                MeasuredSeries(
                    quantity: key.quantity, identity: key.identity, samples: samples[key] ?? [], sources: [file]))
        }
        result.diagnostics += log.diagnostics
        return result
    }
}
