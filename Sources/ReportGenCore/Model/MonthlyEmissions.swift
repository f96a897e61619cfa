/// One source's counted figures for one service and month. Units: kgCO2e, kWh.
package struct SourceTotal: Sendable, Codable, Hashable {
    package var kgCO2e = 0.0
    package var energyKWh = 0.0
    package var records = 0
}

/// Counted emissions per service, month and source, and the figure the pack retains for each service and month.
///
/// Retention rule ("provider-reported first"): Azure Carbon optimization (market-based, scopes 1–3) if the month has
/// it, else the Emissions Impact Dashboard, else CCF (API JSON, then CLI CSV; location-based), else CodeCarbon
/// (measured runs). The rule's name is printed in the pack.
package struct MonthlyEmissions: Sendable {
    package static let retentionOrder: [SourceKind] = [
        .azureCarbonOptimization, .emissionsImpactDashboard, .ccfJSON, .ccfCSV, .codeCarbon,
    ]
    package static let retentionRuleName =
        "provider-reported first: Azure Carbon optimization, then Emissions Impact Dashboard, then CCF, then CodeCarbon"

    /// service → month → source → total.
    private(set) var totals: [String: [YearMonth: [SourceKind: SourceTotal]]] = [:]

    package init(_ records: [EmissionRecord]) {
        for record in records where record.isCounted {
            guard let service = record.service else { continue }
            var total = totals[service]?[record.period]?[record.source] ?? SourceTotal()
            total.kgCO2e += record.kgCO2e ?? 0
            total.energyKWh += record.energyKWh ?? 0
            total.records += 1
            totals[service, default: [:]][record.period, default: [:]][record.source] = total
        }
    }

    /// Every month with a figure, ascending.
    package var periods: [YearMonth] { Set(totals.values.flatMap(\.keys)).sorted() }

    /// The total of one source, or `nil`.
    package func total(_ service: String, _ period: YearMonth, _ source: SourceKind) -> SourceTotal? {
        totals[service]?[period]?[source]
    }

    /// The retained figure and its source, following ``retentionOrder``.
    package func retained(_ service: String, _ period: YearMonth) -> (source: SourceKind, total: SourceTotal)? {
        for source in Self.retentionOrder {
            if let total = total(service, period, source) { return (source, total) }
        }
        return nil
    }

    /// The retained kgCO2e of a service in a month, 0 when nothing is known.
    package func retainedKg(_ service: String, _ period: YearMonth) -> Double {
        retained(service, period)?.total.kgCO2e ?? 0
    }
}
