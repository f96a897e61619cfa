import Yams

/// `alerts`: the thresholds `reportgen check` raises alerts on.
package struct AlertThresholds: Sendable, Hashable {
    /// The month's retained kgCO2e over its pro-rata share of the annual budget (annual × days ÷ days in the year)
    /// above which an alert fires; 1.0 = on budget.
    package var monthBudgetShare = 1.0
    /// The calendar year to date's retained kgCO2e over its pro-rata share of the annual budget.
    package var yearToDateBudgetShare = 1.0
    /// A service's kgCO2e per file rising by more than this share against the previous month (0.25 = +25 %).
    package var intensityIncrease = 0.25
    /// Days of the month without any usage record, for a service that has usage, above which an alert fires.
    package var maximumDaysWithoutUsage = 1
    /// Counted emission records and usage requests mapped to no service above which an alert fires.
    package var maximumUnmappedRecords = 0
    /// Whether a source present the month before and absent this month fires an alert.
    package var alertsOnMissingSources = true
}

extension WorkspaceConfig {
    /// Reads `alerts:`; every key is optional, each error names its line.
    package static func parseAlerts(_ node: Node?, reader: YAMLReader) -> AlertThresholds {
        var thresholds = AlertThresholds()
        let entries = reader.mapping(
            node, "alerts",
            allowed: [
                "month_budget_share", "year_to_date_budget_share", "intensity_increase", "max_days_without_usage",
                "max_unmapped_records", "missing_sources",
            ])
        let shares: [(key: String, field: WritableKeyPath<AlertThresholds, Double>, expected: String)] = [
            (
                "month_budget_share", \.monthBudgetShare,
                "a share of the pro-rata budget from 0 to 100 (1.0 = on budget)"
            ),
            (
                "year_to_date_budget_share", \.yearToDateBudgetShare,
                "a share of the pro-rata budget from 0 to 100 (1.0 = on budget)"
            ),
            ("intensity_increase", \.intensityIncrease, "a relative increase from 0 to 100 (0.25 = +25 %)"),
        ]
        for share in shares {
            if let value = reader.number(
                reader.value(entries, share.key), "alerts." + share.key, range: 0...100, expected: share.expected)
            {
                thresholds[keyPath: share.field] = value
            }
        }
        if let value = reader.integer(
            reader.value(entries, "max_days_without_usage"), "alerts.max_days_without_usage", range: 0...31,
            expected: "a number of days from 0 to 31")
        {
            thresholds.maximumDaysWithoutUsage = value
        }
        if let value = reader.integer(
            reader.value(entries, "max_unmapped_records"), "alerts.max_unmapped_records", range: 0...Int.max,
            expected: "a number of records ≥ 0")
        {
            thresholds.maximumUnmappedRecords = value
        }
        if let value = reader.bool(reader.value(entries, "missing_sources"), "alerts.missing_sources") {
            thresholds.alertsOnMissingSources = value
        }
        return thresholds
    }
}
