import Foundation
import Templates

/// The measured GPU energy section (issue 13): per service, measured kWh, idle share, coverage, gaps and resets; per
/// cell, the work's kWh; a chart of hourly power with busy and idle apart, and its data table by day.
extension PackView {
    package func measuredDictionary() -> [String: Any] {
        guard let measured = content.measuredGPU else { return ["hasMeasuredGPU": false] }
        var view: [String: Any] = ["hasMeasuredGPU": true]
        func kWh(_ value: Double) -> String { format.significant(value) }
        view["measuredRows"] = measured.services.map { summary -> [String: String] in
            [
                "name": serviceName(summary.service), "work": kWh(summary.workKWh),
                "idle": kWh(summary.idleKWh),
                "total": kWh(summary.workKWh + summary.idleKWh),
                "idleShare": format.percent(summary.idleShare, fractionDigits: 1),
                "coverage": format.percent(summary.coverage, fractionDigits: 1), "gpus": String(summary.gpuCount),
                "gaps": String(summary.gapCount), "resets": String(summary.resetCount),
                "energyMethod": t("measured_energy_method_" + summary.method),
                "method": summary.idleMethods.map {
                    t("measured_method_" + $0.replacingOccurrences(of: " ", with: "_"))
                }
                .joined(separator: "; "),
            ]
        }
        // Per cell: its GPU energy, the energy the model uses and how much of it is measured; then the idle line.
        var cells: [[String: String]] = []
        for service in content.config.services where measured.services.contains(where: { $0.service == service.id }) {
            for cell in content.carbon.model.cells where cell.key.service == service.id {
                let energy = measured.energyKWh(service: service.id, language: cell.key.language) ?? 0
                let shares = content.carbon.energyShares(of: cell.key)
                cells.append([
                    "cell": cellName(cell.key), "kwh": energy > 0 ? kWh(energy) : "–",
                    "basis": t("energy_" + cell.energyBasis.rawValue), "basisClass": cell.energyBasis.rawValue,
                    "measuredShare": format.percent(shares.measuredShare, fractionDigits: 1),
                    "gapFill": format.percent(shares.gapFillShare, fractionDigits: 1),
                ])
            }
            cells.append([
                "cell": shortName(service.id) + " · " + t("measured_idle"),
                "kwh": kWh(measured.idleKWh(service: service.id) ?? 0), "basis": "", "basisClass": "idle",
                "measuredShare": "", "gapFill": "",
            ])
        }
        view["measuredIdleCalibrations"] = content.carbon.idleCalibrations.map { idle -> [String: String] in
            [
                "text": t(
                    "measured_idle_calibration",
                    [
                        "service": shortName(idle.service), "gpu": format.significant(idle.gpuIdleWatts),
                        "host": format.significant(idle.hostIdleWatts),
                        "hostMethod": t("host_idle_method_" + idle.hostMethod.rawValue),
                        "coverage": format.percent(idle.coverage, fractionDigits: 1), "key": idle.idleKey,
                        "builtIn": format.significant(idle.builtInWatts),
                    ])
            ]
        }
        if measured.unallocatedKWh > 0 {
            cells.append(["cell": t("measured_unallocated"), "kwh": kWh(measured.unallocatedKWh)])
        }
        view["measuredCells"] = cells
        view["measuredBasis"] = t("measured_basis_" + measured.basis)

        // The chart: the hour's mean power over every GPU, W (kWh in one hour × 1,000), idle below the work.
        let hourly = measured.hourly
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = content.config.timeZone
        var ticks: [(index: Int, label: String)] = []
        var days: [(label: String, work: Double, idle: Double, peak: Double)] = []
        var lastDay = -1
        for (index, hour) in hourly.enumerated() {
            let day = calendar.component(.day, from: Date(timeIntervalSince1970: hour.startSeconds))
            if day != lastDay {
                lastDay = day
                let label = format.date(year: measured.period.year, month: measured.period.month, day: day)
                if (day - 1) % 7 == 0 { ticks.append((index, String(day))) }
                days.append((label, 0, 0, 0))
            }
            days[days.count - 1].work += hour.workKWh
            days[days.count - 1].idle += hour.idleKWh + hour.unallocatedKWh
            days[days.count - 1].peak = max(
                days[days.count - 1].peak, (hour.workKWh + hour.idleKWh + hour.unallocatedKWh) * 1000)
        }
        let chart = HourlyPowerChart(
            title: t("measured_chart_title"), unit: t("measured_chart_unit"),
            idleWatts: hourly.map { ($0.idleKWh + $0.unallocatedKWh) * 1000 },
            workWatts: hourly.map { $0.workKWh * 1000 },
            dayTicks: ticks, idleLabel: t("measured_idle_power"), workLabel: t("measured_work_power"), format: format)
        view["measuredChart"] = chart.svg()
        view["measuredDays"] = days.map { day -> [String: String] in
            ["day": day.label, "work": kWh(day.work), "idle": kWh(day.idle), "peak": format.significant(day.peak)]
        }
        return view
    }
}

extension PackView {
    /// The reconciliation's breakdown of a measured Scope 2: GPU energy, server overhead, host idle, PUE and grid
    /// factor, each named.
    package func measuredBreakdown(_ gpu: MeasuredOperational) -> String {
        t(
            "recon_measured_breakdown",
            [
                "method": t("measured_energy_method_" + gpu.method),
                "gpu": format.significant(gpu.gpuWorkKWh + gpu.gpuIdleKWh), "idle": format.significant(gpu.gpuIdleKWh),
                "server": format.significant(gpu.serverKWh), "overhead": format.significant(gpu.serverOverhead),
                "overheadSource": gpu.serverOverheadSource == "codecarbon"
                    ? t("overhead_source_codecarbon") : gpu.serverOverheadSource,
                "host": format.significant(gpu.hostIdleKWh),
                "hostMethod": t("host_idle_method_" + gpu.hostIdleMethod.rawValue),
                "pue": format.significant(gpu.pue), "pueKey": gpu.pueKey,
                "grid": format.significant(gpu.gridGCO2ePerKWh), "gridKey": gpu.gridKey,
                "kg": format.significant(gpu.kgCO2e), "coverage": format.percent(gpu.coverage, fractionDigits: 1),
            ])
    }
}
