/// The declared SCI boundary (ISO/IEC 21031 "Bound" step) of a month: what the pack's figures include, how, and what
/// they leave out with a statement of materiality.
package struct SystemBoundary: Sendable, Codable, Hashable {
    /// A supporting resource the provider reports but the model does not estimate (gateway, storage, cluster).
    package struct SupportingItem: Sendable, Codable, Hashable {
        package var name: String
        package var kgCO2e: Double
    }

    /// Supporting infrastructure taken from the retained source of the month (not modelled).
    package var supporting: [SupportingItem]
    /// Their share of the month's retained figure, when there is one.
    package var supportingShare: Double?
    /// The model's energy of the month (kWh, PUE included), the base of the materiality statement for the network.
    package var modelEnergyKWh: Double
    /// Upper bound of the network transfer energy left out (methodology §3.5: uploading 500 files is under 1 kWh a
    /// month with CCF's intra-cloud coefficient), and its share of the model's energy.
    package var networkKWhBound: Double
    package var networkShare: Double

    /// A record is GPU compute when it is a VM, a scale set or CCF's "Virtual Machines" line; anything else the
    /// provider reports (container apps, storage, managed clusters) is supporting infrastructure.
    package static func isCompute(_ record: EmissionRecord) -> Bool {
        let id = (record.identifiers.resourceId ?? "").lowercased()
        return id.contains("/microsoft.compute/") || record.identifiers.serviceName == "Virtual Machines"
    }

    package init(
        period: YearMonth, records: [EmissionRecord], emissions: MonthlyEmissions, services: [String],
        base: [String: ServiceEstimate]
    ) {
        var items: [String: Double] = [:]
        var retainedTotal = 0.0
        for service in services + [ServiceMapping.unallocated] {
            guard let retained = emissions.retained(service, period) else { continue }
            retainedTotal += retained.total.kgCO2e
            for record in records
            where record.isCounted && record.period == period && record.service == service
                && record.source == retained.source && !Self.isCompute(record)
            {
                let name =
                    record.identifiers.itemName ?? record.identifiers.serviceName
                    ?? record.identifiers.resourceId ?? record.source.rawValue
                items[name, default: 0] += record.kgCO2e ?? 0
            }
        }
        supporting = items.keys.sorted().map { SupportingItem(name: $0, kgCO2e: items[$0] ?? 0) }
        let supportingKg = supporting.reduce(0) { $0 + $1.kgCO2e }
        supportingShare = retainedTotal > 0 ? supportingKg / retainedTotal : nil
        modelEnergyKWh = base.valuesInKeyOrder.reduce(0) { total, service in
            total + service.unallocatedIdleKWh + service.cells.valuesInKeyOrder.reduce(0) { $0 + $1.dynamicKWh }
        }
        networkKWhBound = 1
        networkShare = modelEnergyKWh > 0 ? networkKWhBound / modelEnergyKWh : 0
    }
}
