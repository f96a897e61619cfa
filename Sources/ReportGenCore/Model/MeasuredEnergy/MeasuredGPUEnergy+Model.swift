/// What the carbon model reads of the measured GPU energy: each cell's work energy with the share of its work it
/// covers, and each service's idle energy (its reserved capacity, never a cell's).
extension MeasuredGPUEnergy {
    /// The name a measurement carries into the model and the pack: its method and files.
    package func sourceName(of summary: ServiceSummary) -> String {
        "\(summary.method) \(summary.sources.joined(separator: " + "))"
    }

    /// The measured work of every cell of a measured service, at the device boundary (the model adds the server
    /// overhead and PUE). Coverage is the cell's work in measured hours over its work in the month; the rest is
    /// filled by the model (``CellMeasurement/GapFill/model``). A cell with work but no measured hour is absent.
    package var cellMeasurements: [CellMeasurement] {
        var result: [CellMeasurement] = []
        for summary in services {
            for (language, total) in (workTotals[summary.service] ?? [:]).sorted(by: { $0.key < $1.key })
            where total > 0 {
                guard
                    let line = allocation.lines.first(where: {
                        $0.kind == .work && $0.service == summary.service && $0.language == language
                    }), line.workAmount > 0
                else { continue }
                result.append(
                    CellMeasurement(
                        key: CellKey(service: summary.service, language: language), period: period,
                        source: sourceName(of: summary), energyKWh: line.energyKWh, boundary: .device,
                        coverage: line.workAmount / total, gapFill: .model))
            }
        }
        return result
    }

    /// Each measured service's idle energy and the share of the month's hours its GPUs were measured.
    package var idleMeasurements: [MeasuredIdle] {
        services.map {
            MeasuredIdle(
                service: $0.service, period: period, gpuIdleKWh: $0.idleKWh, coverage: $0.coverage,
                sources: [sourceName(of: $0)])
        }
    }
}
