import Matrix

/// The pack's CSV files, each a view of ``PackContent``. Schemas are documented in the README.
extension PackContent {
    /// `matrix.csv`: one row per alternative, each criterion's raw and min-max normalised value, each method's score
    /// and rank.
    func matrixCSV(_ writer: CSVWriter) -> String {
        let matrix = scoring.matrix
        let normalised = (try? Normalisation.minMax.apply(to: matrix)) ?? matrix.values
        var header = ["service", "language"]
        for criterion in matrix.criteria { header += ["\(criterion.id)_raw", "\(criterion.id)_norm"] }
        for result in scoring.results { header += ["\(result.method.id)_score", "\(result.method.id)_rank"] }
        var rows: [[CSVCell]] = []
        for (index, alternative) in matrix.alternatives.enumerated() {
            var row: [CSVCell] = [.text(alternative), .empty]
            for j in matrix.criteria.indices { row += [.number(matrix.values[index][j]), .number(normalised[index][j])] }
            for result in scoring.results { row += [.number(result.scores[index]), .number(Double(result.ranks[index]))] }
            rows.append(row)
        }
        return writer.file(header: header, rows: rows)
    }

    /// `emissions.csv`: every counted record after mapping and allocation.
    func emissionsCSV(_ writer: CSVWriter) -> String {
        let header = [
            "period", "service", "language", "source", "scope", "kwh", "kgco2e", "method", "quality", "provenance",
        ]
        let rows: [[CSVCell]] = records.filter(\.isCounted).map { record in
            [
                .text(record.period.description), .text(record.service ?? ServiceMapping.unallocated),
                .text(record.language ?? ""), .text(record.source.rawValue), .text(record.scope.rawValue),
                record.isEnergyComparable ? CSVCell(record.energyKWh) : .empty, CSVCell(record.kgCO2e),
                .text(record.method.rawValue), .text(DataQuality(record).rawValue), .text(record.provenance.description),
            ]
        }
        return writer.file(header: header, rows: rows)
    }
}

/// The data-quality grade of a figure, best first (GHG Protocol / ISO 14064-1 practice).
enum DataQuality: String, Sendable, Codable, CaseIterable {
    case measured
    case providerReported = "provider-reported"
    case modelledFromBenchmark = "modelled-from-published-benchmark"
    case modelledFromDefault = "modelled-from-default"

    init(_ record: EmissionRecord) {
        switch record.method {
        case .measured: self = .measured
        case .providerReported: self = .providerReported
        case .allocated: self = record.source == .codeCarbon ? .measured : record.source == .azureCarbonOptimization || record.source == .emissionsImpactDashboard ? .providerReported : .modelledFromBenchmark
        case .estimated: self = .modelledFromBenchmark
        }
    }
}
