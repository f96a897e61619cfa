import Matrix

/// The decision CSV files.
extension PackContent {
    /// `matrix.csv`: the services (language empty), then the service × language cells.
    package func matrixCSV(_ writer: CSVWriter) -> String {
        let cellMatrix = decisions.cellMatrix.matrix
        var header = ["service", "language"]
        for criterion in cellMatrix.criteria { header += ["\(criterion.id)_raw", "\(criterion.id)_norm"] }
        for result in decisions.results { header += ["\(result.method.id)_score", "\(result.method.id)_rank"] }
        header += ["rank", "recommendation", "robustness_pct"]
        var rows: [[CSVCell]] = []
        func append(
            _ matrix: DecisionMatrix, _ results: [MethodResult], key: (Int) -> (String, String),
            recommendation: (Int) -> Recommendation?
        ) {
            let normalised = (try? Normalisation.minMax.apply(to: matrix)) ?? matrix.values
            for index in matrix.alternatives.indices {
                let (service, language) = key(index)
                var row: [CSVCell] = [.text(service), .text(language)]
                for j in matrix.criteria.indices {
                    row += [.number(matrix.values[index][j]), .number(normalised[index][j])]
                }
                for result in results { row += [.number(result.scores[index]), .number(Double(result.ranks[index]))] }
                let recommendation = recommendation(index)
                row += [
                    .number(Double(results[0].ranks[index])), .text(recommendation?.kind.rawValue ?? ""),
                    recommendation.map { .number(($0.holdsShare * 1000).rounded() / 10) } ?? .empty,
                ]
                rows.append(row)
            }
        }
        append(
            scoring.matrix, scoring.results, key: { (scoring.matrix.alternatives[$0], "") },
            recommendation: { _ in nil })
        append(
            cellMatrix, decisions.results,
            key: { (decisions.cellMatrix.cells[$0].service, decisions.cellMatrix.cells[$0].language) },
            recommendation: { decisions.recommendations[$0] })
        return writer.file(header: header, rows: rows)
    }

    /// `recommendations.csv`: the service-level changes (language empty, scope `service`), then one row per cell
    /// (scope `cell`). Effects are kgCO2e over the budget year's forecast months, on the plan's shared draws.
    package func recommendationsCSV(_ writer: CSVWriter, reasonText: (Reason) -> String) -> String {
        let header = [
            "service", "language", "recommendation", "scope", "lever", "cap_files_per_month", "avoided_kgco2e_p5",
            "avoided_kgco2e_p50", "avoided_kgco2e_p95", "value_forgone_per_year", "avoidable_kgco2e_p50",
            "allocated_share_kgco2e_p50", "mcda_rank", "robustness_pct", "reasons",
        ]
        var rows: [[CSVCell]] = decisions.serviceRecommendations.map { r in
            [
                .text(r.service), .text(""), .text(r.kind.rawValue), .text("service"), .text(r.option.id), .empty,
                .number(r.avoided.p5), .number(r.avoided.p50), .number(r.avoided.p95), .number(r.valueForgone), .empty,
                .empty, .empty, .number((r.holdsShare * 1000).rounded() / 10),
                .text(r.reasons.map(reasonText).joined(separator: "; ")),
            ]
        }
        rows += decisions.recommendations.map { r in
            [
                .text(r.cell.service), .text(r.cell.language), .text(r.kind.rawValue), .text("cell"),
                .text(r.lever ?? ""), CSVCell(r.capFilesPerMonth), .number(r.avoided.p5), .number(r.avoided.p50),
                .number(r.avoided.p95), .number(r.valueForgone), .number(r.avoidable.avoided.p50),
                .number(r.avoidable.allocatedShare.p50), .number(Double(r.mcdaRank)),
                .number((r.holdsShare * 1000).rounded() / 10), .text(r.reasons.map(reasonText).joined(separator: "; ")),
            ]
        }
        return writer.file(header: header, rows: rows)
    }
}
