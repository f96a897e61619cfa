import Matrix

/// The decision matrix of the service × language cells that run or are planned (files > 0).
///
/// Criteria: `carbon`, kgCO2e over the first forecast year, allocated (cost); `intensity`, gCO2e per file in the
/// base month, the functional unit common to every service (cost); `business_value`, 1–5 (benefit); `volume`, files a
/// month (benefit); `language_priority`, 1–5 (benefit); then the configuration's extra criteria.
package struct CellDecisionMatrix: Sendable {
    package let cells: [CellKey]
    /// Index of each alternative in ``CarbonModel/cells``, for the Monte Carlo samples.
    package let modelIndices: [Int]
    package let matrix: DecisionMatrix
    /// Units of each criterion, for the pack.
    package let units: [String]

    package static let defaultCriteria: [(id: String, direction: CriterionDirection, unit: String)] = [
        ("carbon", .cost, "kgCO2e/yr"), ("intensity", .cost, "gCO2e/file"), ("business_value", .benefit, "1–5"),
        ("volume", .benefit, "files/month"), ("language_priority", .benefit, "1–5"),
    ]

    package init(config: WorkspaceConfig, assessment: CarbonAssessment) throws(MatrixError) {
        var cells: [CellKey] = []
        var indices: [Int] = []
        var rows: [[Double]] = []
        for (index, basis) in assessment.model.cells.enumerated() where basis.files > 0 {
            let key = basis.key
            let annual = assessment.annualCentral(key).total
            let month = assessment.baseCells[key]?.central ?? 0
            let value = Double(config.services.first { $0.id == key.service }?.businessValue ?? 3)
            var row = [
                annual, month * 1000 / basis.files, value, basis.files, config.criteria.languagePriorities[key.language] ?? 3,
            ]
            for extra in config.criteria.extra {
                row.append(extra.values[key.description] ?? extra.values[key.service] ?? extra.values["*"] ?? 0)
            }
            cells.append(key)
            indices.append(index)
            rows.append(row)
        }
        var criteria = Self.defaultCriteria.map {
            Criterion(id: $0.id, direction: $0.direction, rawWeight: config.criteria.weights[$0.id] ?? 0)
        }
        criteria += config.criteria.extra.map {
            Criterion(id: $0.id, direction: $0.isBenefit ? .benefit : .cost, rawWeight: $0.weight)
        }
        self.cells = cells
        self.modelIndices = indices
        self.matrix = try DecisionMatrix(alternatives: cells.map(\.description), criteria: criteria, values: rows)
        self.units = Self.defaultCriteria.map(\.unit) + config.criteria.extra.map { _ in "" }
    }

    /// The values with the carbon and intensity columns of Monte Carlo draw `draw`: annual carbon from the model's
    /// samples, intensity scaled by the same ratio to its central value.
    package func values(draw: Int, annualSamples: [[Double]]) -> [[Double]] {
        var values = matrix.values
        for (row, index) in modelIndices.enumerated() where index < annualSamples.count {
            let samples = annualSamples[index]
            guard !samples.isEmpty else { continue }
            let drawn = samples[draw % samples.count]
            let central = values[row][0]
            values[row][1] *= central > 0 ? drawn / central : 1
            values[row][0] = drawn
        }
        return values
    }
}
