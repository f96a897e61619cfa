/// What stopping a cell would avoid over the budget window, split by what it frees: the variable part (its dynamic
/// energy, less the idle energy its busy hours hand back to the VMs), the reserved capacity its stop frees (a VM step,
/// or every VM of the service when it is the last cell running), and, as information only, the share of its
/// service's footprint the allocation by busy time would give it.
package struct AvoidableCarbon: Sendable, Hashable, Codable {
    /// Everything stopping the cell avoids (variable + capacity freed), kgCO2e over the window.
    package var avoided: PlanFigure
    /// What stopping it avoids with the service's VMs kept.
    package var variable: PlanFigure
    /// What only goes with the capacity the stop frees (avoided − variable, draw by draw).
    package var capacityFreed: PlanFigure
    /// The cell's allocated share (attributable + idle and embodied shared by busy time): information, not a
    /// consequence of any decision.
    package var allocatedShare: PlanFigure
}

/// A service's footprint over the window, split as decisions act on it.
package struct FootprintSplit: Sendable, Hashable, Codable {
    /// Scales with files: dynamic energy and the embodied emissions of busy hours.
    package var variableKg: Double
    /// Reserved capacity: idle energy and embodied emissions of reserved hours not busy.
    package var reservedCapacityKg: Double
}

extension PlanEvaluator {
    /// What stopping `cell` in `plan` avoids, from the same draws.
    package func avoidableCarbon(of cell: CellKey, in plan: DecisionPlan) -> AvoidableCarbon? {
        guard let service = services.firstIndex(where: { $0.id == cell.service }),
            let index = cells[service].firstIndex(of: cell)
        else { return nil }
        let option = plan.option(cell.service)
        let before = shares(service: service, plan: plan)
        var shares = before
        let with = sumOverMonths(monthly(service: service, option: option, shares: shares))
        shares[index] = [Double](repeating: 0, count: months.count)
        let stopped = sumOverMonths(monthly(service: service, option: option, shares: shares))
        let kept = sumOverMonths(monthly(service: service, option: option, shares: shares, capacityShares: before))
        let avoided = zip(with, stopped).map { $0 - $1 }
        let variable = zip(with, kept).map { $0 - $1 }
        return AvoidableCarbon(
            avoided: PlanFigure(draws: avoided[...]), variable: PlanFigure(draws: variable[...]),
            capacityFreed: PlanFigure(draws: zip(avoided, variable).map { $0 - $1 }[...]),
            allocatedShare: allocatedShare(service: service, cell: index, plan: plan))
    }

    /// The allocation by busy time, per draw: the cell's attributable emissions plus the service's idle and
    /// embodied emissions × its share of busy hours, summed over the window.
    func allocatedShare(service: Int, cell: Int, plan: DecisionPlan) -> PlanFigure {
        let option = plan.option(services[service].id)
        let shares = shares(service: service, plan: plan)
        guard let variantIndex = variantIndex(service: service, option: option), !option.isDropped else { return .zero }
        let variant = variants[service][variantIndex]
        let total = monthly(service: service, option: option, shares: shares)
        let count = cells[service].count
        var result = [Double](repeating: 0, count: columns)
        for month in months.indices {
            for column in 0..<columns {
                // Cell `index` of this month and column: see ``Variant/busy``.
                func at(_ index: Int) -> Int { (month * count + index) * columns + column }
                var busy = 0.0
                var attributable = 0.0
                for index in 0..<count {
                    busy += shares[index][month] * option.energyScale * variant.busy[at(index)]
                    attributable += shares[index][month] * option.energyScale * variant.attributable[at(index)]
                }
                let own = shares[cell][month] * option.energyScale
                let overhead = total[month * columns + column] - attributable
                result[column] +=
                    own * variant.attributable[at(cell)]
                    + (busy > 0 ? overhead * own * variant.busy[at(cell)] / busy : 0)
            }
        }
        return PlanFigure(draws: result[...])
    }

    /// A service's footprint in `plan` over the window, central evaluation, split into variable and reserved capacity.
    package func footprintSplit(service id: String, in plan: DecisionPlan) -> FootprintSplit {
        guard let service = services.firstIndex(where: { $0.id == id }) else {
            return FootprintSplit(variableKg: 0, reservedCapacityKg: 0)
        }
        let option = plan.option(id)
        let shares = shares(service: service, plan: plan)
        let total = sumOverMonths(monthly(service: service, option: option, shares: shares))[draws]
        guard let variantIndex = variantIndex(service: service, option: option), !option.isDropped else {
            return FootprintSplit(variableKg: 0, reservedCapacityKg: 0)
        }
        let variant = variants[service][variantIndex]
        let count = cells[service].count
        var variable = 0.0
        for month in months.indices {
            for index in 0..<count {
                variable +=
                    shares[index][month] * option.energyScale
                    * variant.attributable[(month * count + index) * columns + draws]
            }
        }
        return FootprintSplit(variableKg: variable, reservedCapacityKg: total - variable)
    }
}
