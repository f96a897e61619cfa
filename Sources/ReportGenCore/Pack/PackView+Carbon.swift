import Templates

/// The carbon model's sections: reconciliation, SCI per functional unit, forecast, reference factors.
extension PackView {
    /// `P5–P95` as `low–high`, in the report's number format.
    package func range(_ figure: UncertainFigure) -> String {
        "\(format.significant(figure.p5))–\(format.significant(figure.p95))"
    }

    /// A figure, or `–` when absent.
    package func optionalKg(_ value: Double?) -> String { value.map { format.significant($0) } ?? "–" }

    /// The carbon sections' part of the template's view.
    package func carbonDictionary() -> [String: Any] {
        let carbon = content.carbon
        var view: [String: Any] = [:]
        let total = carbon.baseTotal
        view["modelTotalLabel"] = kg(total.p50)
        view["modelRangeLabel"] = "P5–P95 " + range(total) + "\u{00A0}" + t("unit_kg")
        view["uncertaintyMethod"] =
            t("method_uncertainty_text") + " " + String(content.config.uncertainty.draws) + " × "
            + t("factor_distribution")
            + "."
        view["reconciliationRule"] =
            t("method_reconciliation_rule") + " " + t("recon_tolerance") + " "
            + format.percent(content.config.reconciliation.tolerance, fractionDigits: 0) + "."

        // Reconciliation: every service of the reporting month, then the whole subscription for every month.
        let rows =
            carbon.reconciliation.filter { $0.period == content.period && $0.service != CarbonAssessment.allServices }
            + carbon.reconciliation.filter { $0.service == CarbonAssessment.allServices }
        // Each distinct explanation is written once, as a numbered note under the table, and rows refer to it.
        var notes: [String] = []
        view["reconciliationRows"] = rows.map { row -> [String: Any] in
            let causes = (row.causes + row.ccfCauses.filter { !row.causes.contains($0) }).map {
                t("cause_" + $0.rawValue)
            }
            var components: [[String: String]] = []
            func component(_ label: String, _ comparison: ComponentComparison?) {
                guard let comparison else { return }
                components.append([
                    "text": t(label) + ": " + format.significant(comparison.modelKg) + " / "
                        + format.significant(comparison.referenceKg) + "\u{00A0}" + t("unit_kg") + ", "
                        + (comparison.gapRatio.map { format.signedPercent($0) } ?? "") + ", "
                        + t("status_" + comparison.status.rawValue),
                    "statusClass": comparison.status.rawValue,
                ])
            }
            component("recon_operational", row.operational)
            component("recon_embodied", row.embodied)
            component("recon_measured_scope12", row.measuredScope12)
            // What measured this row (telemetry, CodeCarbon runs, energy_wh) repeats from row to row: a note too.
            let coverage =
                ([
                    row.measuredGPU.map(measuredBreakdown) ?? "",
                    // A service's telemetry text is the breakdown's; the row of all services lists the others.
                    row.measuredGPU != nil && row.service != CarbonAssessment.allServices
                        ? "" : coverageText(row.measurementCoverage),
                ]
                + row.measurementNotes.map { t("cause_" + $0.rawValue) })
                .filter { !$0.isEmpty }.joined(separator: "; ")
            let refs = (causes + (coverage.isEmpty ? [] : [coverage])).map { cause -> String in
                if let index = notes.firstIndex(of: cause) { return String(index + 1) }
                notes.append(cause)
                return String(notes.count)
            }
            return [
                "components": components,
                "noteRefs": refs.joined(separator: ", "), "hasNotes": !refs.isEmpty,
                "service": row.service == CarbonAssessment.allServices
                    ? t("all_services") : serviceName(row.service),
                "period": monthLabel(row.period), "provider": optionalKg(row.providerKg), "ccf": optionalKg(row.ccfKg),
                "measured": optionalKg(row.measuredKg), "modelled": format.significant(row.modelled.central),
                "modelledRange": range(row.modelled),
                "gap": row.gapKg.map { format.signedSignificant($0) } ?? "–",
                "gapPercent": row.gapRatio.map { format.signedPercent($0) } ?? "",
                "status": t("status_" + row.status.rawValue), "statusClass": row.status.rawValue,
                "ccfGap": row.ccfGapKg.map { format.signedSignificant($0) } ?? "–",
                "ccfGapPercent": row.ccfGapRatio.map { format.signedPercent($0) } ?? "",
                "ccfStatus": row.ccfStatus.map { t("status_" + $0.rawValue) } ?? "",
                "ccfStatusClass": row.ccfStatus?.rawValue ?? "",
                "causes": causes.map { ["text": $0] },
                "quality": t("quality_" + row.quality.rawValue),
            ]
        }

        view["reconciliationNotes"] = notes.enumerated().map { ["number": String($0.offset + 1), "text": $0.element] }
        view.merge(languageEmissions()) { $1 }

        // SCI per functional unit for the reporting month, per service and per cell.
        var sciRows: [[String: String]] = []
        for service in content.config.services {
            guard let estimate = carbon.base[service.id], let figure = carbon.baseServices[service.id] else { continue }
            let units = estimate.cells.sorted { $0.key < $1.key }.reduce(0) { $0 + $1.value.functionalUnits }
            let files = estimate.cells.sorted { $0.key < $1.key }.reduce(0) { $0 + $1.value.files }
            guard units > 0 else { continue }
            sciRows.append(
                sciRow(
                    name: serviceName(service.id), unit: service.functionalUnit, figure: figure, units: units,
                    files: files,
                    grade: ""))
            for cell in carbon.model.cells where cell.key.service == service.id {
                guard let cellEstimate = estimate.cells[cell.key.language], cellEstimate.functionalUnits > 0,
                    let cellFigure = carbon.baseCells[cell.key]
                else { continue }
                sciRows.append(
                    sciRow(
                        name: "   " + cell.key.language.uppercased(), unit: service.functionalUnit, figure: cellFigure,
                        units: cellEstimate.functionalUnits, files: cellEstimate.files,
                        grade: qualityText(
                            CellQuality(
                                cell: cell, spec: carbon.model.specs.first { $0.service.id == service.id },
                                factors: carbon.factors))))
            }
        }
        view["sciRows"] = sciRows

        // Forecast.
        let forecast = carbon.forecast
        let chart = FanChart(
            title: t("forecast_title"), unit: t("forecast_unit"),
            categories: forecast.months.map { format.shortMonth(year: $0.year, month: $0.month) },
            p5: forecast.totals.map(\.p5), p50: forecast.totals.map(\.p50), p95: forecast.totals.map(\.p95),
            budget: nil, budgetLabel: "", crossingIndex: nil, crossingLabel: "", format: format)
        view["forecastChart"] = chart.svg()
        // The budget is cumulative over its period: its own chart, not a monthly figure × 12.
        view.merge(budgetPath()) { $1 }
        view["forecastRows"] = forecast.months.indices.map { index -> [String: String] in
            let month = forecast.months[index]
            let figure = forecast.totals[index]
            let files = forecast.files[index].sorted { $0.key < $1.key }.reduce(0) { $0 + $1.value }
            let vms = forecast.vmCounts[index].values.reduce(0, +)
            return [
                "month": format.shortMonth(year: month.year, month: month.month),
                "files": format.decimal(files, fractionDigits: 0), "vms": String(vms),
                "p5": format.significant(figure.p5), "p50": format.significant(figure.p50),
                "p95": format.significant(figure.p95),
            ]
        }
        if let budget = forecast.annualBudgetKgCO2e {
            view["budgetLabel"] = kg(budget) + " " + t("per_year") + " (" + kg(budget / 12) + " " + t("per_month") + ")"
            // The budget is cumulative over its period (actuals to date plus the forecast), judged on the declared
            // statistic: the month it runs out today and with the recommended plan, never a month × 12.
            let decisions = content.decisions
            view["crossingText"] =
                decisions.baseline.verdict.exhaustedMonth.map { fill(t("budget_exhausted"), ["month": monthLabel($0)]) }
                ?? t("budget_not_exhausted")
            view["crossingP95Text"] =
                decisions.recommended.verdict.exhaustedMonth.map {
                    fill(t("budget_exhausted_plan"), ["month": monthLabel($0)])
                } ?? t("budget_not_exhausted_plan")
        }

        // Every reference factor the model read.
        view["factorRows"] = content.factorKeys.compactMap { key -> [String: String]? in
            guard let factor = carbon.factors.factors[key] else { return nil }
            let rangeText =
                factor.low != nil || factor.high != nil
                ? "\(format.significant(factor.lowOrValue))–\(format.significant(factor.highOrValue))" : "–"
            var row = [
                "key": key, "value": format.significant(factor.value),
                "unit": strings["factor_unit_" + factor.unit] ?? factor.unit,
                "range": rangeText, "source": "[" + FactorProvenance(factor).rawValue + "] " + factor.source,
            ]
            // Only a factor the workspace changed gets the parenthesis, never an empty "()".
            var override = factor.builtInValue.map { t("factor_overridden") + " " + format.significant($0) } ?? ""
            // A factor the usage log's measurements calibrated: the calibrated value beside the built-in one.
            for calibration in carbon.calibrations where calibration.factorKey == key {
                override +=
                    (override.isEmpty ? "" : "; ") + t("factor_calibrated") + " ("
                    + serviceName(calibration.service)
                    + "): " + format.significant(calibration.calibratedValue) + " = × "
                    + format.significant(calibration.ratio) + ", " + t("factor_coverage") + " "
                    + format.percent(calibration.coverage, fractionDigits: 0)
            }
            if !override.isEmpty { row["override"] = override }
            return row
        }
        view["factorsVersion"] = carbon.factors.version
        view.merge(boundaryDictionary()) { $1 }
        // CCF's recommendations, as read: every ingested fact is shown or set aside with its reason.
        view["hasCCFRecommendations"] = !content.cloudRecommendations.isEmpty
        view["ccfRecommendationRows"] = content.cloudRecommendations.map { item -> [String: String] in
            [
                "type": item.type, "detail": item.detail,
                "resource": item.resourceId.split(separator: "/").suffix(
                    item.resourceId.split(separator: "/").last?.allSatisfy(\.isNumber) == true ? 3 : 1
                ).joined(separator: "/"),
                "region": item.region, "kwh": format.significant(item.energySavingKWh),
                "kg": format.significant(item.kgCO2eSaving), "provenance": item.provenance.description,
            ]
        }
        return view
    }

    /// The declared SCI boundary: what is in (modelled, measured or taken from the provider), what is out and why
    /// it is immaterial.
    package func boundaryDictionary() -> [String: Any] {
        let carbon = content.carbon
        let boundary = carbon.boundary
        var inside: [[String: String]] = []
        for service in content.config.services {
            let cells = carbon.model.cells.filter { $0.key.service == service.id && $0.files > 0 }
            let counts = EnergyBasis.allCases.compactMap { basis -> String? in
                let count = cells.filter { $0.energyBasis == basis }.count
                return count > 0 ? t("energy_" + basis.rawValue) + " \(count)" : nil
            }
            let hours =
                service.hardware.declaredHoursPerMonth.map { format.decimal($0, fractionDigits: 0) + " h" }
                ?? t("boundary_always_on")
            inside.append([
                "text": serviceName(service.id) + ": " + service.hardware.vm + " × \(service.hardware.count), "
                    + service.region
                    + ", " + hours + "; " + t("boundary_cells") + " " + counts.joined(separator: ", ")
            ])
        }
        if boundary.supporting.isEmpty {
            inside.append(["text": t("boundary_supporting_none")])
        } else {
            let items = boundary.supporting.map { $0.name + " " + kg($0.kgCO2e) }.joined(separator: ", ")
            inside.append([
                "text": t("boundary_supporting_provider") + ": " + items
                    + (boundary.supportingShare.map { " (" + format.percent($0, fractionDigits: 1) + ")" } ?? "")
            ])
        }
        return [
            "boundaryIn": inside,
            "boundaryOut": [
                ["text": t("boundary_out_training")], ["text": t("boundary_out_devices")],
                [
                    "text": t("boundary_out_network") + " " + format.significant(boundary.networkKWhBound) + " kWh, "
                        + format.percent(boundary.networkShare, fractionDigits: 1) + " " + t("boundary_of_model_energy")
                        + " (" + format.significant(boundary.modelEnergyKWh) + " kWh)."
                ],
            ],
        ]
    }

    /// "activity: usage log (good); energy: measured 100 % (good)", with the weakest indicator named when not good.
    package func qualityText(_ quality: CellQuality) -> String {
        func grades(_ indicators: QualityIndicators) -> String {
            let weak = indicators.all.filter { $0.grade != .good }.map {
                t("indicator_" + $0.name) + " " + t("grade_" + $0.grade.rawValue)
            }
            return t("grade_" + indicators.overall.rawValue)
                + (weak.isEmpty ? "" : " (" + weak.joined(separator: ", ") + ")")
        }
        let energy =
            t("energy_" + quality.energyBasis.rawValue)
            + (quality.energyBasis == .modelled
                ? " [" + quality.factorProvenance.rawValue + "]"
                : " " + format.percent(quality.energyCoverage, fractionDigits: 0))
        return t("quality_activity") + ": " + t("activity_" + quality.activitySource.rawValue) + ", "
            + grades(quality.activity) + "; " + t("quality_factor") + ": " + energy + ", " + grades(quality.factor)
    }

    private func sciRow(
        name: String, unit: FunctionalUnit, figure: UncertainFigure, units: Double, files: Double, grade: String
    ) -> [String: String] {
        // gCO2e per functional unit: kg × 1000 ÷ units.
        let perUnit = figure.p50 * 1000 / units
        let perFile = files > 0 ? figure.p50 * 1000 / files : 0
        return [
            "name": name, "unit": t("unit_" + unit.rawValue), "units": format.decimal(units, fractionDigits: 0),
            "perUnit": format.significant(perUnit),
            "perUnitRange":
                "\(format.significant(figure.p5 * 1000 / units))–\(format.significant(figure.p95 * 1000 / units))",
            "perFile": format.significant(perFile), "grade": grade,
        ]
    }
}
