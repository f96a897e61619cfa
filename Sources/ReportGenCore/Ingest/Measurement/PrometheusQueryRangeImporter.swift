import Foundation

/// Reads Prometheus HTTP API responses (`/api/v1/query_range`, `resultType` `matrix`; `/api/v1/query`, `vector`)
/// for the DCGM exporter's energy counter and power gauge.
///
/// Shape (prometheus/prometheus `docs/querying/api.md`): `{"status":"success","data":{"resultType":"matrix",
/// "result":[{"metric":{labels},"values":[[<unix seconds>,"<value>"],…]}]}}`. Values are strings so that `NaN`
/// and `+Inf` survive; timestamps are seconds with millisecond fractions. One range query returns at most 11,000
/// points per series, so a month at one-minute resolution comes as several files: read each, then merge them with
/// ``MeasuredSeriesSet``. A series of an unknown metric, or without `__name__` (a query with a function or an
/// aggregation drops it), is set aside with a warning naming its JSON pointer; a bad point likewise.
enum PrometheusQueryRangeImporter {
    /// Whether the first bytes look like a Prometheus API response: a JSON object naming `resultType`, or an error
    /// response (`status` with `errorType`).
    /// - Parameter head: the first bytes of the file (a few KiB is enough).
    static func detects(_ head: Data) -> Bool {
        let bytes = [UInt8](head.prefix(65_536))
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while start < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[start]) { start += 1 }
        guard start < bytes.count, bytes[start] == UInt8(ascii: "{") else { return false }
        let text = bytes[start...]
        // A key-sorted export (`jq -S`) puts `result` before `resultType`, possibly beyond the head: its `data`,
        // `result` and `metric` keys open it all the same.
        return containsBytes(text, "\"resultType\"")
            || (containsBytes(text, "\"status\"") && containsBytes(text, "\"errorType\""))
            || (containsBytes(text, "\"data\":") && containsBytes(text, "\"result\":")
                && containsBytes(text, "\"metric\":"))
    }

    /// Reads one response.
    /// - Parameters:
    ///   - data: the whole file.
    ///   - file: the name used in diagnostics.
    /// - Returns: one series per result (not yet merged), kWh for the counter and W for power.
    /// - Throws: ``MeasurementError`` when the file is not JSON (truncated: the byte, line and column where it
    ///   stops), is an error response, or is not a matrix or vector response.
    static func read(_ data: Data, file: String) throws(MeasurementError) -> MeasurementImport {
        let bytes = [UInt8](data)
        guard !bytes.isEmpty else { throw .empty(file: file) }
        let root = try PositionedJSONParser.parse(bytes, file: file)
        func unexpected(_ node: PositionedJSON?, parent: PositionedJSON, _ pointer: String, expected: String)
            -> MeasurementError
        {
            let (line, column) = textPosition(ofByte: (node ?? parent).byteOffset, in: bytes)
            return .unexpectedJSON(
                file: file, line: line, column: column, pointer: pointer, found: node?.kindDescription ?? "nothing",
                expected: expected)
        }
        guard root.members != nil else {
            throw unexpected(root, parent: root, "", expected: "a Prometheus API response object")
        }
        let status = root["status"]?.string
        if status == "error" {
            throw .prometheusError(
                file: file, errorType: root["errorType"]?.string ?? "unknown",
                message: root["error"]?.string ?? "no message")
        }
        guard status == "success" else {
            throw unexpected(root["status"], parent: root, "/status", expected: "\"success\" or \"error\"")
        }
        var result = MeasurementImport()
        for key in ["warnings", "infos"] {
            for item in root[key]?.elements ?? [] {
                let (line, column) = textPosition(ofByte: item.byteOffset, in: bytes)
                result.diagnostics.append(
                    Diagnostic(
                        severity: key == "warnings" ? .warning : .note, file: file, line: line, column: column,
                        message: "Prometheus \(key.dropLast()): \(item.string ?? item.kindDescription)"))
            }
        }
        guard let body = root["data"], body.members != nil else {
            throw unexpected(root["data"], parent: root, "/data", expected: "an object")
        }
        let resultType = body["resultType"]?.string
        guard resultType == "matrix" || resultType == "vector" else {
            throw unexpected(
                body["resultType"], parent: body, "/data/resultType",
                expected: "\"matrix\" (query_range) or \"vector\" (query)")
        }
        guard let items = body["result"]?.elements else {
            throw unexpected(body["result"], parent: body, "/data/result", expected: "an array of series")
        }
        var log = SampleDiagnostics(file: file)
        func position(_ node: PositionedJSON) -> (line: Int, column: Int) {
            textPosition(ofByte: node.byteOffset, in: bytes)
        }
        var unlabelled: (count: Int, first: PositionedJSON)?
        series: for (index, item) in items.enumerated() {
            let pointer = "/data/result/\(index)"
            var labels: [String: String] = [:]
            for member in item["metric"]?.members ?? [] {
                guard let value = member.value.string else {
                    log.setAside(
                        "\(PositionedJSON.pointer(pointer + "/metric", member.key)): expected a string label value, found \(member.value.kindDescription) (the whole series)"
                    ) { position(member.value) }
                    continue series
                }
                labels[member.key] = value
            }
            guard let name = labels["__name__"] else {
                log.setAside(
                    "\(pointer)/metric/__name__: expected one of \(DCGMMetric.acceptedNames.joined(separator: ", ")), found nothing (a query with a function or an aggregation drops the name: query the raw metric) (the whole series)"
                ) { position(item) }
                continue
            }
            guard let metric = DCGMMetric(sampleName: name) else {
                log.setAside(
                    "\(pointer)/metric/__name__: unknown metric \"\(name)\"; expected one of \(DCGMMetric.acceptedNames.joined(separator: ", ")) (the whole series)"
                ) { position(item["metric"] ?? item) }
                continue
            }
            let identity = GPUIdentity(labels: labels)
            if identity.isEmpty { unlabelled = ((unlabelled?.count ?? 0) + 1, unlabelled?.first ?? item) }
            let points: [PositionedJSON]
            let pointsPointer: String
            if resultType == "matrix" {
                guard let values = item["values"]?.elements else {
                    throw unexpected(item["values"], parent: item, pointer + "/values", expected: "an array of points")
                }
                points = values
                pointsPointer = pointer + "/values/"
            } else {
                guard let value = item["value"] else {
                    throw unexpected(nil, parent: item, pointer + "/value", expected: "a point [time, \"value\"]")
                }
                points = [value]
                pointsPointer = pointer + "/value"
            }
            func pointPointer(_ offset: Int) -> String {
                resultType == "matrix" ? pointsPointer + "\(offset)" : pointsPointer
            }
            var samples: [MeasurementSample] = []
            samples.reserveCapacity(points.count)
            for (offset, point) in points.enumerated() {
                guard let pair = point.elements, pair.count == 2, let time = pair[0].number,
                    let value = pair[1].string.flatMap(Double.init) ?? pair[1].number
                else {
                    log.setAside(
                        "\(pointPointer(offset)): expected a point [<unix seconds>, \"<number>\"], found \(point.kindDescription)\(point.elements.map { ": " + $0.map(\.kindDescription).joined(separator: ", ") } ?? "")"
                    ) { position(point) }
                    continue
                }
                switch ExportedReading(timeSeconds: time, value: value).checked(factor: metric.toInternalUnit) {
                case .success(let sample):
                    samples.append(sample)
                case .failure(let problem):
                    log.setAside("\(pointPointer(offset)) (\(name) \(identity)): \(problem)") { position(point) }
                }
            }
            result.series.append(
                MeasuredSeries(quantity: metric.quantity, identity: identity, samples: samples, sources: [file]))
        }
        if let (count, first) = unlabelled {
            let (line, column) = position(first)
            result.diagnostics.append(
                .warning(
                    file, line: line, column: column,
                    "\(count) series without a GPU label (UUID, hostname, gpu, pod, instance), the first here: kept, but such series cannot be told apart and merge into one"
                ))
        }
        result.diagnostics += log.diagnostics
        return result
    }
}
