/// Plans on the evaluated variants: each service's busy hours and attributable emissions scale with the files a plan
/// keeps, and its reserved capacity follows the option's capacity lever.
///
/// Capacity, per VM-month of `h` hours (the calendar's, or the declared `hours_per_month`):
/// - always on: VMs = max(configured, ⌈busy ÷ (h × target utilisation)⌉), reserved h × VMs;
/// - scale to zero: busy × (1 + margin);
/// - minimum replicas m: max(m × h, busy × (1 + margin)), an autoscaler with a floor;
/// - scheduled hours: as always on with h the service hours of the month; the work outside them is lost;
/// - co-location: no VM of its own; its busy hours join its host's, whose capacity then covers both.
/// Idle and embodied emissions are those of the reserved hours not busy.
extension PlanEvaluator {
    /// A cell's share of its forecast files kept each window month under a cap.
    func capShares(_ cap: DecisionPlan.Cap, service: Int, cell: Int) -> [Double] {
        switch cap {
        case .share(let share): return [Double](repeating: max(0, min(1, share)), count: months.count)
        case .filesPerMonth(let cap): return files[service][cell].map { $0 > 0 ? max(0, min(1, cap / $0)) : 1 }
        }
    }

    /// The share of each cell's forecast files kept each window month (`shares[cell][month]`), before service hours.
    func shares(service: Int, plan: DecisionPlan) -> [[Double]] {
        cells[service].indices.map { capShares(plan.cap(cells[service][$0]), service: service, cell: $0) }
    }

    /// Whether a service reserves VMs with these shares: not when every cell that has work is stopped (a service
    /// with no work at all keeps its VMs unless it is dropped).
    func runs(service: Int, shares: [[Double]]) -> Bool {
        let withWork = cells[service].indices.filter { files[service][$0].contains { $0 > 0 } }
        return withWork.isEmpty || withWork.contains { shares[$0].contains { $0 > 0 } }
    }

    /// The multiplier of each cell's forecast busy hours and attributable emissions, per month: cap share × the
    /// option's energy ratio × the share of its work inside the service hours.
    func kept(service: Int, option: ServiceOption, shares: [[Double]]) -> [[Double]] {
        cells[service].enumerated().map { cell, key in
            let factor = option.energyScale * option.keptShare(key.language)
            return shares[cell].map { $0 * factor }
        }
    }

    /// Busy hours and attributable kgCO2e of a service's cells, `[month × columns + column]`; `nil` when the option
    /// is a drop or its variant was not evaluated.
    /// - Complexity: O(months × columns × cells of the service).
    func load(service: Int, option: ServiceOption, shares: [[Double]]) -> (busy: [Double], attributable: [Double])? {
        guard !option.isDropped, let variantIndex = variantIndex(service: service, option: option) else { return nil }
        let variant = variants[service][variantIndex]
        let count = cells[service].count
        let kept = kept(service: service, option: option, shares: shares)
        let columns = self.columns
        var busy = [Double](repeating: 0, count: months.count * columns)
        var attributable = busy
        // Each column sums its cells in cell order from 0, the columns innermost (see ``Variant/busy``).
        variant.busy.withUnsafeBufferPointer { busyHours in
            variant.attributable.withUnsafeBufferPointer { attributableKg in
                busy.withUnsafeMutableBufferPointer { busy in
                    attributable.withUnsafeMutableBufferPointer { attributable in
                        for month in months.indices {
                            let row = month * columns
                            for cell in 0..<count {
                                let factor = kept[cell][month]
                                let base = (month * count + cell) * columns
                                for column in 0..<columns {
                                    busy[row + column] += factor * busyHours[base + column]
                                    attributable[row + column] += factor * attributableKg[base + column]
                                }
                            }
                        }
                    }
                }
            }
        }
        return (busy, attributable)
    }

    /// Hours a VM of the variant may run each window month under the option: the service hours under a schedule,
    /// else the calendar's (or the declared hours).
    func hoursPerVM(_ variant: Variant, option: ServiceOption) -> [Double] {
        months.indices.map { month in
            if option.levers.contains(.scheduledHours), let schedule = option.schedule {
                return schedule.hours(in: months[month])
            }
            return variant.hoursByMonth.indices.contains(month) ? variant.hoursByMonth[month] : 730
        }
    }

    /// The hours a service reserves in a month of `hours` hours a VM for `busy` busy hours, under its capacity lever.
    func reserved(_ variant: Variant, option: ServiceOption, hours: Double, busy: Double) -> Double {
        if option.scalesToZero { return busy * (1 + scaleToZeroMargin) }
        if option.levers.contains(.minReplicas), let floor = option.minReplicas {
            return max(Double(floor) * hours, busy * (1 + scaleToZeroMargin))
        }
        guard hours > 0 else { return 0 }
        let needed = Int((busy / (hours * targetUtilisation)).rounded(.up))
        return hours * Double(max(variant.vmCount, needed))
    }

    /// kgCO2e of one service over each window month, per draw column: `result[month × columns + column]`.
    /// - Parameters:
    ///   - capacityShares: keep the VMs the service would reserve under these shares (to separate a cell's
    ///     variable part from the capacity its stop frees); the service is then never switched off.
    ///   - guestBusy: busy hours of services co-located on this one's GPU (`[month × columns + column]`): its
    ///     capacity covers them, and it runs while they have work.
    /// - Returns: a co-located service's own attributable emissions only (its host carries the capacity).
    /// - Complexity: O(months × columns × cells of the service).
    func monthly(
        service: Int, option: ServiceOption, shares: [[Double]], capacityShares: [[Double]]? = nil,
        guestBusy: [Double]? = nil
    ) -> [Double] {
        let zero = [Double](repeating: 0, count: months.count * columns)
        let hasGuestWork = guestBusy?.contains { $0 > 0 } ?? false
        guard capacityShares != nil || runs(service: service, shares: shares) || hasGuestWork,
            let own = load(service: service, option: option, shares: shares)
        else { return zero }
        let reservedFor =
            capacityShares.flatMap { load(service: service, option: option, shares: $0)?.busy } ?? own.busy
        return monthly(service: service, option: option, own: own, reservedFor: reservedFor, guestBusy: guestBusy)
    }

    /// ``monthly(service:option:shares:capacityShares:guestBusy:)`` on a service's known load (``load(service:option:shares:)``
    /// of its shares) and the busy hours its VMs are reserved for, once it is known to run.
    func monthly(
        service: Int, option: ServiceOption, own: (busy: [Double], attributable: [Double]), reservedFor: [Double],
        guestBusy: [Double]?
    ) -> [Double] {
        let zero = [Double](repeating: 0, count: months.count * columns)
        guard let variantIndex = variantIndex(service: service, option: option) else { return zero }
        if option.host != nil { return own.attributable }
        let variant = variants[service][variantIndex]
        let hours = hoursPerVM(variant, option: option)
        var result = zero
        for month in months.indices {
            for column in 0..<columns {
                let index = month * columns + column
                let guest = guestBusy?[index] ?? 0
                let busy = own.busy[index] + guest
                let reserved = reserved(variant, option: option, hours: hours[month], busy: reservedFor[index] + guest)
                result[index] = own.attributable[index] + max(0, reserved - busy) * variant.idleKgPerHour[column]
            }
        }
        return result
    }

    /// kgCO2e of one service over the whole window, per draw column: the arbitration's inner loop, the arithmetic of
    /// ``monthly(service:option:shares:capacityShares:guestBusy:)`` without its intermediate arrays.
    func windowTotals(service: Int, option: ServiceOption, shares: [[Double]], into totals: inout [Double]) {
        for column in totals.indices { totals[column] = 0 }
        guard !option.isDropped, runs(service: service, shares: shares),
            let variantIndex = variantIndex(service: service, option: option)
        else { return }
        let variant = variants[service][variantIndex]
        let count = cells[service].count
        var kept = [Double](repeating: 0, count: months.count * count)
        for (cell, row) in self.kept(service: service, option: option, shares: shares).enumerated() {
            for month in months.indices { kept[month * count + cell] = row[month] }
        }
        windowTotals(
            variant: variant, option: option, hours: hoursPerVM(variant, option: option), kept: kept, into: &totals)
    }

    /// kgCO2e of a host and a service co-located on its GPU over the window, per draw column, on the two services'
    /// loads (``load(service:option:shares:)`` of their shares), which the arbitration computes once for every pair
    /// they are part of.
    func pairWindowTotals(
        host: Int, hostOption: ServiceOption, hostShares: [[Double]],
        hostLoad: (busy: [Double], attributable: [Double]),
        guestLoad: (busy: [Double], attributable: [Double])
    ) -> [Double] {
        let runs = runs(service: host, shares: hostShares) || guestLoad.busy.contains { $0 > 0 }
        let hostKg =
            runs
            ? monthly(
                service: host, option: hostOption, own: hostLoad, reservedFor: hostLoad.busy, guestBusy: guestLoad.busy)
            : [Double](repeating: 0, count: months.count * columns)
        return sumOverMonths(zip(hostKg, guestLoad.attributable).map { $0 + $1 })
    }

    /// Value points of one service over the window: Σ files kept × value per file; none when dropped.
    func value(service: Int, option: ServiceOption, shares: [[Double]]) -> Double {
        guard !option.isDropped else { return 0 }
        var total = 0.0
        for (cell, key) in cells[service].enumerated() {
            let inside = option.keptShare(key.language)
            for month in months.indices {
                total += shares[cell][month] * inside * files[service][cell][month] * valuePerFile[service][cell]
            }
        }
        return total
    }

    /// Whether every option of a plan has its model variant.
    package func canEvaluate(_ plan: DecisionPlan) -> Bool {
        services.indices.allSatisfy { variantIndex(service: $0, option: plan.option(services[$0].id)) != nil }
    }

    /// The host each service runs on in a plan (its own index when it is not co-located, or its host is off).
    func hosts(in plan: DecisionPlan) -> [Int] {
        services.indices.map { service in
            guard let host = plan.option(services[service].id).host,
                let index = services.firstIndex(where: { $0.id == host }), index != service,
                !plan.option(host).isDropped, plan.option(host).host == nil
            else { return service }
            return index
        }
    }

    /// A plan's kgCO2e over each window month, per draw column (`[month × columns + column]`), all services.
    package func monthly(_ plan: DecisionPlan) -> [Double] {
        var total = [Double](repeating: 0, count: months.count * columns)
        let hosts = hosts(in: plan)
        var guestBusy: [[Double]?] = services.map { _ in nil }
        var guestKg = total
        for service in services.indices where hosts[service] != service {
            var option = plan.option(services[service].id)
            option.region = services[hosts[service]].region
            guard let load = load(service: service, option: option, shares: shares(service: service, plan: plan))
            else { continue }
            let host = hosts[service]
            guestBusy[host] = zip(guestBusy[host] ?? total, load.busy).map { $0 + $1 }
            for index in guestKg.indices { guestKg[index] += load.attributable[index] }
        }
        for service in services.indices where hosts[service] == service {
            var option = plan.option(services[service].id)
            // A guest whose host is off runs on its own VMs, as today.
            if option.host != nil { option = ServiceOption.asIs }
            let values = monthly(
                service: service, option: option, shares: shares(service: service, plan: plan),
                guestBusy: guestBusy[service])
            for index in total.indices { total[index] += values[index] }
        }
        for index in total.indices { total[index] += guestKg[index] }
        return total
    }

    /// A plan's kgCO2e over the whole window, per draw column.
    package func windowTotals(_ plan: DecisionPlan) -> [Double] { sumOverMonths(monthly(plan)) }

    /// Sums a monthly vector over the window's months, per draw column.
    package func sumOverMonths(_ monthly: [Double]) -> [Double] {
        var totals = [Double](repeating: 0, count: columns)
        for month in months.indices {
            for column in 0..<columns { totals[column] += monthly[month * columns + column] }
        }
        return totals
    }

    /// A plan's value points over the window.
    package func value(_ plan: DecisionPlan) -> Double {
        services.indices.reduce(0) {
            $0 + value(service: $1, option: plan.option(services[$1].id), shares: shares(service: $1, plan: plan))
        }
    }

    /// A cell's value points over the window at its whole forecast.
    package func fullValue(_ cell: CellKey) -> Double {
        guard let service = services.firstIndex(where: { $0.id == cell.service }),
            let index = cells[service].firstIndex(of: cell)
        else { return 0 }
        return files[service][index].reduce(0, +) * valuePerFile[service][index]
    }

    /// A cell's mean forecast files a month over the window.
    package func meanFilesPerMonth(_ cell: CellKey) -> Double {
        guard let service = services.firstIndex(where: { $0.id == cell.service }),
            let index = cells[service].firstIndex(of: cell), !months.isEmpty
        else { return 0 }
        return files[service][index].reduce(0, +) / Double(months.count)
    }
}
