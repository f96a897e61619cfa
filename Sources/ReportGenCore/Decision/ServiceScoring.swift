import Matrix

/// The decision matrix at service level: one alternative per service, the same criteria as the cells.
///
/// - carbon: kgCO2e over the first forecast year, overhead included (cost);
/// - intensity: gCO2e per file in the base month (cost);
/// - business_value: 1–5 from the configuration (benefit);
/// - volume: files a month in the base month, assumed volumes included (benefit);
/// - language_priority: the files-weighted mean priority of the languages served (benefit).
package struct ServiceScoring: Sendable {
    package let matrix: DecisionMatrix
    package let results: [MethodResult]

    package init(config: WorkspaceConfig, assessment: CarbonAssessment) throws(MatrixError) {
        var rows: [[Double]] = []
        for service in config.services {
            let cells = assessment.model.cells.filter { $0.key.service == service.id }
            let annual =
                cells.reduce(0) { $0 + assessment.annualBestEstimate($1.key).attributable }
                + assessment.annualOverheadBestEstimate(service.id)
            let month = assessment.baseServices[service.id]?.p50 ?? 0
            let files = cells.reduce(0) { $0 + $1.files }
            let priority =
                files > 0
                ? cells.reduce(0) { $0 + (config.criteria.languagePriorities[$1.key.language] ?? 3) * $1.files } / files
                : 3
            var row = [annual, month * 1000 / max(files, 1), Double(service.businessValue), files, priority]
            for extra in config.criteria.extra { row.append(extra.values[service.id] ?? extra.values["*"] ?? 0) }
            rows.append(row)
        }
        var criteria = CellCriterion.allCases.map {
            Criterion(id: $0.id, direction: $0.direction, rawWeight: config.criteria.weights[$0.id] ?? 0)
        }
        criteria += config.criteria.extra.map {
            Criterion(id: $0.id, direction: $0.isBenefit ? .benefit : .cost, rawWeight: $0.weight)
        }
        let matrix = try DecisionMatrix(alternatives: config.services.map(\.id), criteria: criteria, values: rows)
        var results: [MethodResult] = []
        for method in ScoringMethod.defaults { results.append(try method.score(matrix)) }
        self.matrix = matrix
        self.results = results
    }
}
