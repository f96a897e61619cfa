/// Detects (or takes) a file's format and reads it with the matching importer.
/// - Parameters:
///   - file: the input file.
///   - forced: the format named with `--kind`, if any.
///   - context: the workspace settings the importers need.
/// - Returns: the format used and what it yielded.
/// - Throws: ``IngestError`` when the file cannot be read as any known export.
package func importFile(_ file: InputFile, forced: InputFormat? = nil, context: ImportContext) throws(IngestError)
    -> (format: DetectedFormat, result: ImportResult)
{
    var detected = try detectFormat(
        fileName: file.name, head: try file.head(), whole: { () throws(IngestError) in try file.jsonContents() })
    if let forced { detected.format = forced }
    let delimiter = detected.delimiter
    let comma = detected.usesDecimalComma
    let result: ImportResult
    switch detected.format {
    case .ccfCLIDay, .ccfCLIService, .ccfCLIDayAndService:
        result = try CCFCLIImporter.read(file, format: detected.format, delimiter: delimiter, decimalComma: comma)
    case .ccfFootprintJSON:
        result = try CCFJSONImporter.readFootprint(file)
    case .ccfRecommendationsJSON:
        result = try CCFJSONImporter.readRecommendations(file)
    case .azureCarbonJSON:
        result = try AzureCarbonImporter.readJSON(file)
    case .azureCarbonCSV:
        result = try AzureCarbonImporter.readCSV(file, delimiter: delimiter, decimalComma: comma)
    case .eidCSV:
        result = try EmissionsImpactDashboardImporter.readCSV(file, delimiter: delimiter, decimalComma: comma)
    case .eidJSON:
        result = try EmissionsImpactDashboardImporter.readJSON(file)
    case .eidXLSX:
        result = try EmissionsImpactDashboardImporter.readXLSX(file)
    case .codeCarbonCSV:
        result = try CodeCarbonImporter.read(file, delimiter: delimiter, decimalComma: comma, context: context)
    case .usageLogJSONL:
        result = try UsageLogImporter.readJSONLines(file, context: context)
    case .usageLogCSV:
        result = try UsageLogImporter.readCSV(file, delimiter: delimiter, decimalComma: comma, context: context)
    case .usageRollupCSV:
        result = try UsageLogImporter.readRollup(file, delimiter: delimiter, decimalComma: comma)
    case .prometheusQueryRange, .prometheusText, .nvidiaSMICSV:
        result = try importMeasurement(file, format: detected.format, context: context)
    }
    return (detected, result)
}

/// Reads a GPU measurement file. A file that cannot be read at all becomes one error diagnostic naming its line or
/// JSON pointer (so that `validate` goes on with the other files); set-aside samples are the reader's diagnostics.
private func importMeasurement(_ file: InputFile, format: InputFormat, context: ImportContext) throws(IngestError)
    -> ImportResult
{
    let data = try file.contents()
    var result = ImportResult()
    do {
        let imported: MeasurementImport
        switch format {
        case .prometheusQueryRange:
            imported = try PrometheusQueryRangeImporter.read(data, file: file.name)
        case .prometheusText:
            imported = try PrometheusTextImporter.read(
                data, file: file.name, scrapeTimeSeconds: PrometheusTextImporter.scrapeTime(fromFileName: file.name))
        default:
            imported = try NvidiaSMICSVImporter.read(
                data, file: file.name, timeZone: context.timeZone,
                host: context.nvidiaSMIHost(file.name))
        }
        result.measuredSeries = imported.series
        result.diagnostics = imported.diagnostics
        result.rowCount = imported.sampleCount
        if imported.series.isEmpty {
            result.diagnostics.append(
                .error(
                    file.name,
                    "no usable sample of \(DCGMMetric.acceptedNames.joined(separator: " or ")) (or nvidia-smi power.draw); expected at least one series of GPU energy or power"
                ))
        }
    } catch {
        result.diagnostics.append(error.diagnostic)
    }
    return result
}
