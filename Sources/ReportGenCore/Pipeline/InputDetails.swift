import Foundation

/// What `validate` says of a file's format beyond its name: the version and kind of export where the file shows it.
///
/// CodeCarbon: the `codecarbon_version` column and whether the file is per task or per run. CCF API JSON: its
/// `groupBy`, and whether it is a CCF cache (`estimates.cache*.json`, or the trailing empty element CCF appends to its
/// caches) or an API response. Azure Carbon optimization: the request's `api-version` and `reportType` when the
/// file keeps the request (the REST examples' wrapper), the data types and `categoryType` of its items. GPU
/// telemetry: the query_range `resultType`, OpenMetrics or the Prometheus text format, nvidia-smi's power columns
/// and units.
enum InputDetails {
    /// The details of one file read, in the order shown; empty when its format says it all.
    /// - Parameters:
    ///   - records: the file's records, dated or not.
    ///   - diagnostics: the file's own diagnostics (a note can tell a CCF cache).
    ///   - url: where the file is, to read the request an Azure export may keep (its first 64 KiB only).
    static func describe(
        format: String, records: [EmissionRecord], diagnostics: [Diagnostic], url: URL?
    ) -> [String] {
        func values(_ key: String) -> [String] {
            Set(records.compactMap { $0.identifiers.display[key] }).sorted()
        }
        func list(_ label: String, _ items: [String]) -> String? {
            items.isEmpty ? nil : label + " " + items.joined(separator: ", ")
        }
        var details: [String] = []
        switch records.first?.source {
        case .codeCarbon:
            details += [list("codecarbon", values("codecarbon_version"))].compactMap { $0 }
            let granularities = Set(records.compactMap(\.identifiers.granularity))
            if granularities.contains(.task) { details.append("per-task file") }
            if granularities.contains(.run) { details.append("run level") }
        case .ccfJSON:
            let isCache =
                (url?.lastPathComponent.lowercased().contains("cache") ?? false)
                || diagnostics.contains { $0.message.contains("CCF appends one to its cache files") }
            details.append(isCache ? "CCF cache" : "API response")
            details += [list("groupBy", values("groupBy"))].compactMap { $0 }
        case .azureCarbonOptimization:
            let head = url.flatMap(Self.head) ?? ""
            for key in ["api-version", "reportType"] {
                if let value = Self.jsonString(key, in: head) { details.append("\(key) \(value)") }
            }
            details += [
                list("data types", Set(records.compactMap(\.identifiers.dataType)).sorted()),
                list("categoryType", values("categoryType")),
            ].compactMap { $0 }
        default:
            details += measurementDetails(format: format, url: url)
        }
        return details
    }

    /// GPU telemetry: the query_range `resultType`; OpenMetrics (ends with `# EOF`) or the Prometheus text format;
    /// nvidia-smi's power columns and the unit its header gives them (`[W]`, `[mW]`), if any.
    private static func measurementDetails(format: String, url: URL?) -> [String] {
        guard let url, let head = Self.head(url) else { return [] }
        switch format {
        case InputFormat.prometheusQueryRange.displayName:
            return [Self.jsonString("resultType", in: head).map { "resultType " + $0 }].compactMap { $0 }
        case InputFormat.prometheusText.displayName:
            let isOpenMetrics = Self.tail(url)?.contains("# EOF") ?? false
            return [isOpenMetrics ? "OpenMetrics" : "Prometheus text format"]
        case InputFormat.nvidiaSMICSV.displayName:
            let header = head.prefix { $0 != "\n" && $0 != "\r" }
            let columns = header.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            let power = columns.filter { $0.hasPrefix("power.draw") }
            let units =
                power.contains { $0.contains("[mW]") }
                ? "power in mW" : power.contains { $0.contains("[W]") } ? "power in W" : "no units in the header"
            let names = power.map { $0.split(separator: " ").first.map(String.init) ?? $0 }
            return (names.isEmpty ? [] : ["columns " + names.joined(separator: ", ")]) + [units]
        default:
            return []
        }
    }

    /// The last 256 bytes of a file as text.
    private static func tail(_ url: URL) -> String? {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
        guard let size = try? handle.seekToEnd() else { return nil }
        try? handle.seek(toOffset: size > 256 ? size - 256 : 0)
        guard let data = try? handle.readToEnd() else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// The first 64 KiB of a file as text (enough for a request that precedes the response).
    private static func head(_ url: URL) -> String? {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: 65_536) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// The first string value of `"key": "value"` in a JSON text, or `nil`.
    private static func jsonString(_ key: String, in text: String) -> String? {
        let pattern = "\"" + NSRegularExpression.escapedPattern(for: key) + "\"\\s*:\\s*\"([^\"]{1,80})\""
        guard let regex = try? NSRegularExpression(pattern: pattern),
            let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
            let range = Range(match.range(at: 1), in: text)
        else { return nil }
        return String(text[range])
    }
}
