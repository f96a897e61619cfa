import Matrix

/// The decision matrix at service level for one month: one alternative per service, the five default criteria.
///
/// - carbon: the retained kgCO2e of the month × 12, kgCO2e a year (cost);
/// - intensity: kgCO2e per file processed in the month (cost); a service with no file counts its whole month;
/// - business_value: 1–5 from the configuration (benefit);
/// - volume: files processed in the month (benefit);
/// - language_priority: the files-weighted mean priority of the languages served (benefit).
struct ServiceScoring: Sendable {
    static let criteria: [(id: String, direction: CriterionDirection, unit: String)] = [
        ("carbon", .cost, "kgCO2e/yr"), ("intensity", .cost, "kgCO2e/file"), ("business_value", .benefit, "1–5"),
        ("volume", .benefit, "files/month"), ("language_priority", .benefit, "1–5"),
    ]

    let matrix: DecisionMatrix
    let results: [MethodResult]

    init(
        config: WorkspaceConfig, period: YearMonth, emissions: MonthlyEmissions,
        activity: [String: [YearMonth: Activity]], languageActivity: [String: [String: Activity]]
    ) throws(MatrixError) {
        var rows: [[Double]] = []
        for service in config.services {
            let kg = emissions.retainedKg(service.id, period)
            let files = Double(activity[service.id]?[period]?.files ?? 0)
            var weighted = 0.0
            var count = 0.0
            for (language, activity) in languageActivity[service.id] ?? [:] {
                weighted += (config.languagePriorities[language] ?? 3) * Double(activity.files)
                count += Double(activity.files)
            }
            rows.append([kg * 12, kg / max(files, 1), Double(service.businessValue), files, count > 0 ? weighted / count : 3])
        }
        let criteria = Self.criteria.map {
            Criterion(id: $0.id, direction: $0.direction, rawWeight: config.criteriaWeights[$0.id] ?? 0)
        }
        matrix = try DecisionMatrix(alternatives: config.services.map(\.id), criteria: criteria, values: rows)
        var results: [MethodResult] = []
        for method in ScoringMethod.defaults { results.append(try method.score(matrix)) }
        self.results = results
    }
}
