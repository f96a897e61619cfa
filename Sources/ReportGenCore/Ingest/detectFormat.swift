import Foundation

/// What the detector found: the format, and for CSV the delimiter.
package struct DetectedFormat: Sendable, Equatable {
    package var format: InputFormat
    package var delimiter: UInt8 = UInt8(ascii: ",")
    /// `true` when `;` is the delimiter, where French Excel also writes decimal commas.
    package var usesDecimalComma: Bool { delimiter == UInt8(ascii: ";") }
}

/// Detects an export's format from its first bytes (header row, JSON shape), never from its name.
/// - Parameters:
///   - fileName: used in errors only.
///   - head: the first bytes of the file (64 KiB is plenty).
///   - whole: loads the whole file, for JSON documents whose shape needs the parsed tree.
/// - Throws: ``IngestError/unknownFormat(file:found:known:)`` naming what was found and what is known.
func detectFormat(fileName: String, head: [UInt8], whole: () throws(IngestError) -> Data) throws(IngestError)
    -> DetectedFormat
{
    // A ZIP file: an .xlsx workbook, read by the Emissions Impact Dashboard importer (which checks its sheets).
    if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return DetectedFormat(format: .eidXLSX) }
    var start = 0
    if head.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
    while start < head.count, [0x20, 0x09, 0x0A, 0x0D].contains(head[start]) { start += 1 }
    guard start < head.count else { throw .empty(file: fileName) }
    // GPU measurements first: a Prometheus response is JSON and an nvidia-smi log is CSV, which the classifiers
    // below would call unknown.
    let headData = Data(head)
    if PrometheusQueryRangeImporter.detects(headData) { return DetectedFormat(format: .prometheusQueryRange) }
    if PrometheusTextImporter.detects(headData) { return DetectedFormat(format: .prometheusText) }
    if NvidiaSMICSVImporter.detects(headData) { return DetectedFormat(format: .nvidiaSMICSV) }
    if head[start] == UInt8(ascii: "{") || head[start] == UInt8(ascii: "[") {
        let firstLine = head[start...].prefix { $0 != 0x0A }
        if let object = try? JSONSerialization.jsonObject(with: Data(firstLine)) as? [String: Any] {
            if object["timestamp"] != nil, object["service"] != nil { return DetectedFormat(format: .usageLogJSONL) }
        }
        let root = try JSONNode.parse(try whole(), file: fileName)
        if let format = classifyJSON(root) { return DetectedFormat(format: format) }
        let keys = (root.object?.keys.sorted() ?? (root.elements?.first?.object?.keys.sorted() ?? []))
        throw .unknownFormat(
            file: fileName, found: "JSON with keys " + keys.prefix(8).joined(separator: ", "),
            known: InputFormat.signatures)
    }
    let firstLine = Array(head[start...].prefix { $0 != 0x0A && $0 != 0x0D })
    let delimiter = guessDelimiter(firstLine)
    var reader = CSVReader(fileName: fileName, bytes: Array(head.prefix(start + firstLine.count)), delimiter: delimiter)
    guard let record = try reader.next() else { throw .empty(file: fileName) }
    let header = CSVHeader(record)
    guard let format = classifyCSV(header) else {
        throw .unknownFormat(file: fileName, found: String(header.text.prefix(160)), known: InputFormat.signatures)
    }
    return DetectedFormat(format: format, delimiter: delimiter)
}

/// `;` when the first line has more semicolons than commas outside quotes, `,` otherwise.
private func guessDelimiter(_ line: [UInt8]) -> UInt8 {
    var commas = 0
    var semicolons = 0
    var inQuotes = false
    for byte in line {
        if byte == UInt8(ascii: "\"") { inQuotes.toggle() }
        if !inQuotes, byte == UInt8(ascii: ",") { commas += 1 }
        if !inQuotes, byte == UInt8(ascii: ";") { semicolons += 1 }
    }
    return semicolons > commas ? UInt8(ascii: ";") : UInt8(ascii: ",")
}

private func classifyCSV(_ header: CSVHeader) -> InputFormat? {
    let first = header.fields.first ?? ""
    if first == "Date (UTC)", header.fields.contains(where: { $0.hasSuffix(" kilowatt hours") }) {
        return .ccfCLIDayAndService
    }
    if header.fields.count >= 3, header.fields[1] == "kilowatt hours", header.fields[2] == "metric tons CO2e Emissions"
    {
        if first == "Date" { return .ccfCLIDay }
        if first == "Service" { return .ccfCLIService }
    }
    if header.contains("dateKey", "totalEmissions") { return .eidCSV }
    if header.contains("duration", "emissions"), header.position(of: "timestamp", "task_name") != nil,
        header.position(of: "energy_consumed", "project_name", "task_name") != nil
    {
        return .codeCarbonCSV
    }
    if header.contains("latestMonthEmissions") || header.contains("totalCarbonEmission") { return .azureCarbonCSV }
    if header.contains("period", "service", "language", "requests") { return .usageRollupCSV }
    if header.contains("timestamp", "service", "language") { return .usageLogCSV }
    return nil
}

/// The JSON shapes: CCF `EstimationResult[]` and recommendations, Azure `CarbonEmissionDataListResult` (bare or
/// in the spec's example wrapper), and OData `EnrollmentEmission` pages.
func classifyJSON(_ root: JSONNode) -> InputFormat? {
    if let items = root.array {
        guard let first = items.first as? [String: Any] else { return items.isEmpty ? .ccfFootprintJSON : nil }
        if first["serviceEstimates"] != nil { return .ccfFootprintJSON }
        if first["co2eSavings"] != nil || first["recommendationType"] != nil { return .ccfRecommendationsJSON }
        return nil
    }
    let body = azureBody(root) ?? root
    guard let value = body["value"]?.array else { return nil }
    let first = value.first as? [String: Any] ?? [:]
    if first["dateKey"] != nil, first["totalEmissions"] != nil { return .eidJSON }
    if first["dataType"] != nil || first["latestMonthEmissions"] != nil || first["totalCarbonEmission"] != nil
        || body["subscriptionAccessDecisionList"] != nil || body["skipToken"] != nil
    {
        return .azureCarbonJSON
    }
    if value.isEmpty, body["@odata.context"] != nil || body["@odata.nextLink"] != nil { return .eidJSON }
    return nil
}

/// The response body inside the REST spec's example wrapper (`responses["200"].body`), if this is one.
func azureBody(_ root: JSONNode) -> JSONNode? {
    root["responses"]?["200"]?["body"]
}
