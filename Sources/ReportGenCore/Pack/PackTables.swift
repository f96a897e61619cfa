import Matrix

/// The pack's CSV files, each a view of ``PackContent``. Schemas are documented in the README.
extension PackContent {
    /// Whether a record is part of the retained totals: its source is the one retained for its service and month.
    package func isInRetainedTotals(_ record: EmissionRecord) -> Bool {
        guard record.isCounted else { return false }
        let service = record.service ?? ServiceMapping.unallocated
        return emissions.retained(service, record.period)?.source == record.source
    }

    /// `emissions.csv`: every counted record after mapping and allocation, then the measured GPU energy's rows
    /// (`method` `measured`, source `dcgm` or `nvidia-smi`, `language` `idle` for idle lines), listed, not totalled.
    /// A CodeCarbon row sums the runs of one group; its provenance gives their lines and count
    /// (`inputs/emissions.csv:2-30001 (30000 runs)`). `counted` is `true` for the rows of the retained source, so that their `kgco2e` per month sum to the pack's
    /// retained totals (the measured GPU rows are `false`).
    package func emissionsCSV(_ writer: CSVWriter) -> String {
        let header = [
            "period", "service", "language", "source", "scope", "kwh", "kgco2e", "method", "quality", "provenance",
            "counted",
        ]
        let measured = measuredGPU?.emissionRecords(services: config.services, factors: carbon.factors) ?? []
        let rows: [[CSVCell]] = (records.filter(\.isCounted) + measured).map { record in
            [
                .text(record.period.description), .text(record.service ?? ServiceMapping.unallocated),
                .text(record.language ?? ""), .text(record.source.rawValue), .text(record.scope.rawValue),
                record.isEnergyComparable ? CSVCell(record.energyKWh) : .empty, CSVCell(record.kgCO2e),
                .text(record.method.rawValue), .text(DataQuality(record).rawValue),
                .text(record.provenance.description + (record.runCount > 1 ? " (\(record.runCount) runs)" : "")),
                .text(isInRetainedTotals(record) ? "true" : "false"),
            ]
        }
        return writer.file(header: header, rows: rows)
    }
}

/// The carbon model's CSV files.
extension PackContent {
    /// `reconciliation.csv`: one row per service (and `all`) and month.
    package func reconciliationCSV(_ writer: CSVWriter) -> String {
        let header = [
            "period", "service", "provider_kgco2e", "provider_source", "provider_scope3_share", "ccf_kgco2e",
            "measured_kgco2e", "modelled_kgco2e", "modelled_p5", "modelled_p95", "modelled_low", "modelled_high",
            "model_unallocated_idle_kgco2e", "gap_kgco2e", "gap_ratio", "status", "ccf_gap_kgco2e", "ccf_gap_ratio",
            "ccf_status", "causes", "retained_kgco2e",
            "retained_source", "quality", "measurement_coverage", "model_operational_kgco2e",
            "model_idle_operational_kgco2e", "model_embodied_kgco2e", "provider_scope12_kgco2e",
            "provider_scope3_kgco2e", "operational_gap_kgco2e", "operational_gap_ratio", "operational_status",
            "operational_causes", "embodied_gap_kgco2e", "embodied_gap_ratio", "embodied_status", "embodied_causes",
            "ccf_causes", "measurement_notes", "tolerance",
            // GPU telemetry as Scope 2 against the provider's Scope 1+2 (issue 13).
            "measured_gpu_kwh", "measured_server_kwh", "measured_server_overhead", "measured_pue",
            "measured_scope12_gap_kgco2e", "measured_scope12_status", "measured_scope12_causes",
        ]
        let rows: [[CSVCell]] = carbon.reconciliation.map { row in
            [
                .text(row.period.description), .text(row.service), CSVCell(row.providerKg),
                .text(row.providerSource?.rawValue ?? ""), CSVCell(row.providerScope3Share), CSVCell(row.ccfKg),
                CSVCell(row.measuredKg), .number(row.modelled.central), .number(row.modelled.p5),
                .number(row.modelled.p95), .number(row.modelled.low), .number(row.modelled.high),
                .number(row.modelledIdleKg), CSVCell(row.gapKg), CSVCell(row.gapRatio), .text(row.status.rawValue),
                CSVCell(row.ccfGapKg), CSVCell(row.ccfGapRatio), .text(row.ccfStatus?.rawValue ?? ""),
                .text(row.causes.map(\.rawValue).joined(separator: " ")), .number(row.retainedKg),
                .text(row.retainedSource?.rawValue ?? ""), .text(row.quality.rawValue), .text(row.measurementCoverage),
                .number(row.components.operationalKg), .number(row.components.idleOperationalKg),
                .number(row.components.embodiedKg), CSVCell(row.operational?.referenceKg),
                CSVCell(row.embodied?.referenceKg), CSVCell(row.operational?.gapKg), CSVCell(row.operational?.gapRatio),
                .text(row.operational?.status.rawValue ?? ""),
                .text((row.operational?.causes ?? []).map(\.rawValue).joined(separator: " ")),
                CSVCell(row.embodied?.gapKg), CSVCell(row.embodied?.gapRatio),
                .text(row.embodied?.status.rawValue ?? ""),
                .text((row.embodied?.causes ?? []).map(\.rawValue).joined(separator: " ")),
                .text(row.ccfCauses.map(\.rawValue).joined(separator: " ")),
                .text(row.measurementNotes.map(\.rawValue).joined(separator: " ")), .number(row.tolerance),
                CSVCell(row.measuredGPU.map { $0.gpuWorkKWh + $0.gpuIdleKWh }), CSVCell(row.measuredGPU?.serverKWh),
                CSVCell(row.measuredGPU?.serverOverhead), CSVCell(row.measuredGPU?.pue),
                CSVCell(row.measuredScope12?.gapKg), .text(row.measuredScope12?.status.rawValue ?? ""),
                .text((row.measuredScope12?.causes ?? []).map(\.rawValue).joined(separator: " ")),
            ]
        }
        return writer.file(header: header, rows: rows)
    }

    /// `forecast.csv`: one row per forecast month and cell, then one per month for the whole (`*`, `*`).
    package func forecastCSV(_ writer: CSVWriter) -> String {
        let header = [
            "period", "service", "language", "files", "kgco2e_p5", "kgco2e_p50", "kgco2e_p95", "kgco2e_central",
        ]
        let forecast = carbon.forecast
        var rows: [[CSVCell]] = []
        for (index, month) in forecast.months.enumerated() {
            for cell in carbon.model.cells {
                let figure = forecast.cells[index][cell.key] ?? .zero
                rows.append([
                    .text(month.description), .text(cell.key.service), .text(cell.key.language),
                    .number(forecast.files[index][cell.key] ?? 0), .number(figure.p5), .number(figure.p50),
                    .number(figure.p95), .number(figure.central),
                ])
            }
            let total = forecast.totals[index]
            rows.append([
                .text(month.description), .text("*"), .text("*"),
                .number(forecast.files[index].sorted { $0.key < $1.key }.reduce(0) { $0 + $1.value }),
                .number(total.p5), .number(total.p50),
                .number(total.p95), .number(total.central),
            ])
        }
        return writer.file(header: header, rows: rows)
    }

    /// `factors.csv`: every reference factor the model read.
    package func factorsCSV(_ writer: CSVWriter) -> String {
        let header = ["key", "value", "unit", "low", "high", "source", "notes", "overridden", "built_in_value"]
        let rows: [[CSVCell]] = factorKeys.compactMap { carbon.factors.factors[$0] }.map { factor in
            [
                .text(factor.key), .number(factor.value), .text(factor.unit), CSVCell(factor.low), CSVCell(factor.high),
                .text(factor.source), .text(factor.notes), .text(factor.isOverridden ? "yes" : "no"),
                CSVCell(factor.builtInValue),
            ]
        }
        return writer.file(header: header, rows: rows)
    }
}
