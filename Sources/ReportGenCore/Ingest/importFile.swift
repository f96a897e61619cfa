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
        fileName: file.name, head: try file.head(), whole: { () throws(IngestError) in try file.contents() })
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
    }
    return (detected, result)
}
