import Matrix

/// The criteria of the cell matrix, by name: a row's value is `matrix.values[row][criterion.rawValue]`.
package enum CellCriterion: Int, Sendable, CaseIterable {
    /// kgCO2e over the budget window that stopping the cell would avoid (P50), cost.
    case carbon
    /// gCO2e avoidable per file over the window, cost.
    case intensity
    /// The service's business value, 1–5, benefit.
    case businessValue
    /// Files a month in the base month, benefit.
    case volume
    /// The language's priority, 1–5, benefit.
    case languagePriority

    package var id: String {
        switch self {
        case .carbon: return "carbon"
        case .intensity: return "intensity"
        case .businessValue: return "business_value"
        case .volume: return "volume"
        case .languagePriority: return "language_priority"
        }
    }

    package var direction: CriterionDirection {
        switch self {
        case .carbon, .intensity: return .cost
        case .businessValue, .volume, .languagePriority: return .benefit
        }
    }

    package var unit: String {
        switch self {
        case .carbon: return "kgCO2e avoidable"
        case .intensity: return "gCO2e/file"
        case .businessValue, .languagePriority: return "1–5"
        case .volume: return "files/month"
        }
    }
}

/// The decision matrix of the cells that run or are planned (files > 0), scored as a second opinion on the plan.
///
/// The carbon criterion is what stopping the cell would avoid (``AvoidableCarbon``), never its allocated share.
/// A criterion with the same value in every row cannot rank anything: it is left out with a warning.
package struct CellDecisionMatrix: Sendable {
    package let cells: [CellKey]
    package let matrix: DecisionMatrix
    /// The criteria left out because they were constant, by id.
    package let droppedCriteria: [String]
    /// Units of each criterion of ``matrix``, for the pack.
    package let units: [String]

    /// The value of a default criterion in a row, or `nil` when it was left out as constant.
    package func value(_ row: Int, _ criterion: CellCriterion) -> Double? {
        matrix.criteria.firstIndex { $0.id == criterion.id }.map { matrix.values[row][$0] }
    }

    /// - Parameter avoidable: what stopping each cell avoids over the budget window.
    /// - Throws: ``MatrixError`` when no criterion is left or the matrix is invalid.
    package init(
        cells basis: [CellBasis], services: [ServiceConfig], criteria config: CriteriaConfig,
        avoidable: [CellKey: AvoidableCarbon], windowFiles: [CellKey: Double]
    ) throws(MatrixError) {
        var cells: [CellKey] = []
        var rows: [[Double]] = []
        for cell in basis where cell.files > 0 {
            let key = cell.key
            let carbon = avoidable[key]?.avoided.p50 ?? 0
            let files = windowFiles[key] ?? 0
            var row = [Double](repeating: 0, count: CellCriterion.allCases.count)
            row[CellCriterion.carbon.rawValue] = carbon
            row[CellCriterion.intensity.rawValue] = files > 0 ? carbon * 1000 / files : 0
            row[CellCriterion.businessValue.rawValue] = Double(
                services.first { $0.id == key.service }?.businessValue ?? 3)
            row[CellCriterion.volume.rawValue] = cell.files
            row[CellCriterion.languagePriority.rawValue] = config.languagePriorities[key.language] ?? 3
            for extra in config.extra {
                row.append(extra.values[key.description] ?? extra.values[key.service] ?? extra.values["*"] ?? 0)
            }
            cells.append(key)
            rows.append(row)
        }
        var criteria = CellCriterion.allCases.map {
            Criterion(id: $0.id, direction: $0.direction, rawWeight: config.weights[$0.id] ?? 0)
        }
        criteria += config.extra.map {
            Criterion(id: $0.id, direction: $0.isBenefit ? .benefit : .cost, rawWeight: $0.weight)
        }
        var units = CellCriterion.allCases.map(\.unit) + config.extra.map { _ in "" }
        var dropped: [String] = []
        if rows.count > 1 {
            for column in criteria.indices.reversed() {
                let values = rows.map { $0[column] }
                guard let first = values.first, values.allSatisfy({ $0 == first }), criteria.count > 1 else { continue }
                dropped.insert(criteria[column].id, at: 0)
                criteria.remove(at: column)
                units.remove(at: column)
                for row in rows.indices { rows[row].remove(at: column) }
            }
        }
        self.cells = cells
        self.droppedCriteria = dropped
        self.units = units
        self.matrix = try DecisionMatrix(alternatives: cells.map(\.description), criteria: criteria, values: rows)
    }
}
