import Foundation

/// What `reportgen check` found: the measures of the month to date and the year to date, and the alerts that cross
/// the thresholds of `alerts:` in `reportgen.yaml`. It runs the ledger stage only (no carbon model), so it takes
/// seconds and can run from cron or CI between packs.
package struct MonitoringReport: Sendable, Codable, Equatable {
    /// One measured quantity, named as a Prometheus metric (`reportgen_` prefix added when written as a textfile).
    package struct Measure: Sendable, Codable, Equatable {
        package var name: String
        /// `service`, `source`, `period` where they apply.
        package var labels: [String: String]
        package var value: Double
        package var unit: String
        package var help: String
    }

    /// A threshold crossed.
    package struct Alert: Sendable, Codable, Equatable {
        /// The `alerts:` key whose threshold is crossed, such as `month_budget_share`.
        package var threshold: String
        package var thresholdValue: Double
        package var value: Double
        package var period: String
        package var service: String?
        package var message: String
    }

    package var period: String
    package var generatedAt: String
    package var measures: [Measure]
    package var alerts: [Alert]

    /// Whether any alert fired.
    package var isAlerting: Bool { !alerts.isEmpty }
}

/// The checks behind `reportgen check`.
package enum MonitoringCheck {
    /// Runs the ledger stage of `workspace` and checks the month to date (`period`, default the latest month with
    /// emission figures) and the calendar year to date against the thresholds.
    /// - Parameter now: the moment of the check; a month that contains it counts its budget to that day only.
    /// - Throws: ``BuildError/noData`` when nothing dates a month. A file refused whole is left out of the check, as
    ///   of a build, and raises the `inputs_refused` alert.
    package static func run(
        workspace: Workspace, period requested: YearMonth? = nil, now: Date, progress: any ProgressReporter
    ) throws -> MonitoringReport {
        let config = workspace.config
        var options = BuildOptions(now: now)
        options.period = requested
        let ledger = try ReportPipeline(workspace: workspace).ledger(options: options, progress: progress)
        guard let period = requested ?? config.period ?? ledger.emissions.periods.last else {
            throw BuildError.noData
        }
        let thresholds = config.alerts
        let services = config.services.map(\.id) + [ServiceMapping.unallocated]
        func retained(_ month: YearMonth) -> Double {
            services.reduce(0) { $0 + ledger.emissions.retainedKg($1, month) }
        }
        var measures: [MonitoringReport.Measure] = []
        var alerts: [MonitoringReport.Alert] = []
        let label = period.description

        // Budget: the month to date and the calendar year to date against their pro-rata shares (by days).
        let calendar = CalendarDays(timeZone: config.timeZone, now: now)
        let monthKg = retained(period)
        measures.append(
            .init(
                name: "month_kgco2e", labels: ["period": label], value: monthKg, unit: "kgCO2e",
                help: "Retained kgCO2e of the month to date (provider first, then measured)"))
        let yearMonths = (1...period.month).map { YearMonth(year: period.year, month: $0) }
        let yearKg = yearMonths.reduce(0) { $0 + retained($1) }
        measures.append(
            .init(
                name: "year_to_date_kgco2e", labels: ["period": label], value: yearKg, unit: "kgCO2e",
                help: "Retained kgCO2e of the calendar year to date"))
        if let annual = config.budget.annualKgCO2e, annual > 0 {
            let daysInYear = Double(calendar.daysInYear(period.year))
            let monthDays = Double(calendar.daysCounted(in: period))
            let yearDays = Double(yearMonths.reduce(0) { $0 + calendar.daysCounted(in: $1) })
            let monthBudget = annual * monthDays / daysInYear
            let yearBudget = annual * yearDays / daysInYear
            let monthShare = monthBudget > 0 ? monthKg / monthBudget : 0
            let yearShare = yearBudget > 0 ? yearKg / yearBudget : 0
            measures.append(
                .init(
                    name: "month_budget_share", labels: ["period": label], value: monthShare, unit: "ratio",
                    help: "The month's kgCO2e over its pro-rata share of the annual budget"))
            measures.append(
                .init(
                    name: "year_to_date_budget_share", labels: ["period": label], value: yearShare, unit: "ratio",
                    help: "The year to date's kgCO2e over its pro-rata share of the annual budget"))
            if monthShare > thresholds.monthBudgetShare {
                alerts.append(
                    .init(
                        threshold: "month_budget_share", thresholdValue: thresholds.monthBudgetShare,
                        value: monthShare, period: label, service: nil,
                        message: String(
                            format:
                                "%@: %.2f kgCO2e is %.0f %% of the pro-rata budget (%.2f kgCO2e for %d days of %.0f kgCO2e a year); threshold %.0f %%",
                            label, monthKg, monthShare * 100, monthBudget, Int(monthDays), annual,
                            thresholds.monthBudgetShare * 100)))
            }
            if yearShare > thresholds.yearToDateBudgetShare {
                alerts.append(
                    .init(
                        threshold: "year_to_date_budget_share", thresholdValue: thresholds.yearToDateBudgetShare,
                        value: yearShare, period: label, service: nil,
                        message: String(
                            format:
                                "%d to %@: %.2f kgCO2e is %.0f %% of the pro-rata budget (%.2f kgCO2e for %d days); threshold %.0f %%",
                            period.year, label, yearKg, yearShare * 100, yearBudget, Int(yearDays),
                            thresholds.yearToDateBudgetShare * 100)))
            }
        }

        // Intensity per file, service by service, against the previous month.
        let previous = period.adding(months: -1)
        for service in config.services.map(\.id) {
            let files = { (month: YearMonth) -> Int in
                (ledger.cellActivity[service] ?? [:]).values.reduce(0) { $0 + ($1[month]?.files ?? 0) }
            }
            let (now, before) = (files(period), files(previous))
            guard now > 0 else { continue }
            let intensity = ledger.emissions.retainedKg(service, period) * 1000 / Double(now)
            measures.append(
                .init(
                    name: "intensity_gco2e_per_file", labels: ["period": label, "service": service], value: intensity,
                    unit: "gCO2e/file", help: "Retained gCO2e per file processed (HTTP 2xx requests)"))
            guard before > 0 else { continue }
            let earlier = ledger.emissions.retainedKg(service, previous) * 1000 / Double(before)
            guard earlier > 0 else { continue }
            let increase = intensity / earlier - 1
            if increase > thresholds.intensityIncrease {
                alerts.append(
                    .init(
                        threshold: "intensity_increase", thresholdValue: thresholds.intensityIncrease,
                        value: increase, period: label, service: service,
                        message: String(
                            format: "%@ %@: %.1f gCO2e per file against %.1f in %@ (%+.0f %%); threshold +%.0f %%",
                            service, label, intensity, earlier, previous.description, increase * 100,
                            thresholds.intensityIncrease * 100)))
            }
        }

        // Coverage: days of the month without any usage record, for each service that has usage this month.
        for service in config.services.map(\.id) {
            var days: UInt32 = 0
            var requests = 0
            for byMonth in (ledger.cellActivity[service] ?? [:]).values {
                guard let activity = byMonth[period] else { continue }
                days |= activity.activeDays
                requests += activity.requests
            }
            // A monthly rollup does not say which days had traffic: coverage is unknown, not zero.
            guard requests > 0, days != 0 else { continue }
            let expected = calendar.daysCounted(in: period)
            let missing = (1...expected).filter { days & (1 << UInt32($0 - 1)) == 0 }
            measures.append(
                .init(
                    name: "days_without_usage", labels: ["period": label, "service": service],
                    value: Double(missing.count), unit: "days", help: "Days of the month without any usage record"))
            if missing.count > thresholds.maximumDaysWithoutUsage {
                alerts.append(
                    .init(
                        threshold: "max_days_without_usage", thresholdValue: Double(thresholds.maximumDaysWithoutUsage),
                        value: Double(missing.count), period: label, service: service,
                        message:
                            "\(service) \(label): \(missing.count) of \(expected) days without a usage record (days \(missing.prefix(10).map(String.init).joined(separator: ", "))\(missing.count > 10 ? ", …" : "")); threshold \(thresholds.maximumDaysWithoutUsage)"
                    ))
            }
        }

        // Records mapped to no service.
        let unmappedRecords =
            ledger.records.filter {
                $0.isCounted && $0.period == period && $0.service == ServiceMapping.unallocated
            }.reduce(0) { $0 + $1.runCount }
        let unmapped = unmappedRecords + ledger.unmappedActivity.requests
        measures.append(
            .init(
                name: "unmapped_records", labels: ["period": label], value: Double(unmapped), unit: "records",
                help: "Counted emission records and usage requests that no service's rules map"))
        if unmapped > thresholds.maximumUnmappedRecords {
            alerts.append(
                .init(
                    threshold: "max_unmapped_records", thresholdValue: Double(thresholds.maximumUnmappedRecords),
                    value: Double(unmapped), period: label, service: nil,
                    message:
                        "\(label): \(unmappedRecords) emission records and \(ledger.unmappedActivity.requests) usage requests match no service's rules; threshold \(thresholds.maximumUnmappedRecords)"
                ))
        }

        // Files refused whole (an unknown format, a broken header): the check goes on without them, and says so.
        let refused = ledger.outcome.refused
        measures.append(
            .init(
                name: "inputs_refused", labels: ["period": label], value: Double(refused.count), unit: "files",
                help: "Input files refused whole (nothing in them could be trusted) and left out of the check"))
        if !refused.isEmpty {
            alerts.append(
                .init(
                    threshold: "inputs_refused", thresholdValue: 0, value: Double(refused.count), period: label,
                    service: nil,
                    message:
                        "\(refused.count) input file\(refused.count == 1 ? "" : "s") refused whole and left out of the check: \(refused.map(\.file).joined(separator: ", ")); reportgen validate says why"
                ))
        }

        // Sources present the month before and missing this month.
        let sourcesBy = { (month: YearMonth) -> Set<SourceKind> in
            Set(ledger.records.filter { $0.period == month }.map(\.source))
        }
        let missingSources = sourcesBy(previous).subtracting(sourcesBy(period)).sorted { $0.rawValue < $1.rawValue }
        for source in missingSources {
            measures.append(
                .init(
                    name: "source_missing", labels: ["period": label, "source": source.rawValue], value: 1,
                    unit: "boolean", help: "A source present the month before is missing this month"))
        }
        if thresholds.alertsOnMissingSources {
            for source in missingSources {
                alerts.append(
                    .init(
                        threshold: "missing_sources", thresholdValue: 1, value: 1, period: label, service: nil,
                        message:
                            "\(label): no \(source.displayName) figures, though \(previous) had some; export them into inputs/"
                    ))
            }
        }
        let formatter = ISO8601DateFormatter()
        return MonitoringReport(
            period: label, generatedAt: formatter.string(from: now), measures: measures, alerts: alerts)
    }
}

/// Days of months in a time zone, counted up to `now` for the month that contains it.
struct CalendarDays {
    let timeZone: TimeZone
    let now: Date

    func daysInYear(_ year: Int) -> Int {
        daysFromCivil(year: year + 1, month: 1, day: 1) - daysFromCivil(year: year, month: 1, day: 1)
    }

    func daysInMonth(_ month: YearMonth) -> Int {
        let next = month.adding(months: 1)
        return daysFromCivil(year: next.year, month: next.month, day: 1)
            - daysFromCivil(year: month.year, month: month.month, day: 1)
    }

    /// The month's days, or the days elapsed to `now` (today included) when `now` falls in it; 0 for a future month.
    func daysCounted(in month: YearMonth) -> Int {
        let local = Int(now.timeIntervalSince1970) + timeZone.secondsFromGMT(for: now)
        let today = local.flooredQuotient(by: 86_400)
        let first = daysFromCivil(year: month.year, month: month.month, day: 1)
        let days = daysInMonth(month)
        if today < first { return 0 }
        return min(days, today - first + 1)
    }
}
