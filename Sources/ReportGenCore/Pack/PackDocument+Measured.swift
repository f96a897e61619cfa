/// `pack.json`'s `measuredGPU`: the month's measured GPU energy per service (work, idle, coverage, method, its
/// idle calibration and Scope 2) and per cell (its GPU energy and the share of its energy that is measured).
extension PackDocument {
    package struct MeasuredGPU: Codable, Sendable {
        package struct Service: Codable, Sendable {
            var service: String
            /// `dcgm_counter`, `power_integral`, `nvidia-smi` or `mixed`.
            var method: String
            /// GPU energy as measured, kWh: work + idle.
            var measuredKwh: Double; var workKwh: Double; var idleKwh: Double; var idleShare: Double
            var coverage: Double; var gpuCount: Int; var gapCount: Int; var resetCount: Int
            var idleMethods: [String]; var sources: [String]
            var idleCalibration: IdleCalibration?
            var scope2: MeasuredOperational?
        }
        package struct Cell: Codable, Sendable {
            var service: String; var language: String
            /// GPU energy of the cell's work as measured, kWh; `nil` when its work had no measured hour.
            var measuredKwh: Double?
            /// The share of the cell's work in measured hours, 0…1.
            var workCoverage: Double
            var energyBasis: String; var energySources: [String]
            var measuredShare: Double; var gapFillShare: Double
        }
        var period: String
        /// `busy-gpu-seconds` or `requests`.
        var basis: String
        var unallocatedKwh: Double
        var services: [Service]
        var cells: [Cell]
    }

    /// The measured GPU energy of the pack's month, `nil` without telemetry.
    static func measuredGPUFigures(_ content: PackContent) -> MeasuredGPU? {
        guard let measured = content.measuredGPU else { return nil }
        let carbon = content.carbon
        let scope2 = carbon.reconciliation.filter { $0.period == measured.period }
        let measurements = measured.cellMeasurements
        let services = measured.services.map { summary in
            MeasuredGPU.Service(
                service: summary.service, method: summary.method, measuredKwh: summary.workKWh + summary.idleKWh,
                workKwh: summary.workKWh, idleKwh: summary.idleKWh, idleShare: summary.idleShare,
                coverage: summary.coverage, gpuCount: summary.gpuCount, gapCount: summary.gapCount,
                resetCount: summary.resetCount, idleMethods: summary.idleMethods, sources: summary.sources,
                idleCalibration: carbon.idleCalibrations.first { $0.service == summary.service },
                scope2: scope2.first { $0.service == summary.service }?.measuredGPU)
        }
        let cells = carbon.model.cells.filter { cell in measured.services.contains { $0.service == cell.key.service } }
            .map { cell in
                let shares = carbon.energyShares(of: cell.key)
                return MeasuredGPU.Cell(
                    service: cell.key.service, language: cell.key.language,
                    measuredKwh: measured.energyKWh(service: cell.key.service, language: cell.key.language)
                        .flatMap { $0 > 0 ? $0 : nil },
                    workCoverage: measurements.first { $0.key == cell.key }?.coverage ?? 0,
                    energyBasis: cell.energyBasis.rawValue, energySources: cell.measurementSources,
                    measuredShare: shares.measuredShare, gapFillShare: shares.gapFillShare)
            }
        return MeasuredGPU(
            period: measured.period.description, basis: measured.basis, unallocatedKwh: measured.unallocatedKWh,
            services: services, cells: cells)
    }
}
