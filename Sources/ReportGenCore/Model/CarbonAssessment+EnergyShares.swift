/// How much of a cell's base-month server energy is measured, and how much the model fills in for the hours GPU
/// telemetry missed: what the pack shows beside each cell.
package struct CellEnergyShares: Sendable, Hashable {
    /// Measured (GPU telemetry × server overhead, or the usage log's `energy_wh`) over the cell's server energy,
    /// central factors, 0…1.
    package var measuredShare: Double
    /// The model's fill of the telemetry's gaps over the cell's server energy, 0…1; 0 where the measured energy is
    /// extrapolated (a per-request sample) or the cell is modelled or calibrated.
    package var gapFillShare: Double
}

extension CarbonAssessment {
    /// The shares of `key`'s server energy (before PUE) in the base month's central evaluation.
    package func energyShares(of key: CellKey) -> CellEnergyShares {
        guard let cell = model.cells.first(where: { $0.key == key }),
            let spec = model.specs.first(where: { $0.service.id == key.service }),
            let estimate = base[key.service]?.cells[key.language], cell.measuredServerKWh > 0
        else { return CellEnergyShares(measuredShare: 0, gapFillShare: 0) }
        let pue = factors.factors[spec.pueKey]?.value ?? 1
        let server = estimate.dynamicKWh / pue
        guard server > 0 else { return CellEnergyShares(measuredShare: 0, gapFillShare: 0) }
        let measured = min(1, cell.measuredServerKWh / server)
        return CellEnergyShares(
            measuredShare: measured, gapFillShare: cell.modelledEnergyShare > 0 ? max(0, 1 - measured) : 0)
    }
}
