import Matrix

/// Evaluates plans on the carbon model over the budget window, every plan on the same Monte Carlo draws.
///
/// For each service and each variant of its model (today's, a smaller model, another region), the model is run
/// once per window month and draw with every cell at its whole forecast: a cell's busy hours and attributable
/// emissions are linear in its files, so a plan scales them by its caps (and by a quantisation's energy ratio);
/// the service's capacity is then recomputed as ``CarbonModel/run(files:factors:scalesCapacity:servicesOff:cells:services:)``
/// does: VMs = max(configured, ⌈busy ÷ (hours × target utilisation)⌉), or busy × (1 + margin) reserved hours under
/// scale-to-zero, idle and embodied emissions of the reserved hours not busy. A service dropped, or whose every cell
/// with work is capped at zero, reserves nothing. The test suite checks this against a direct run of the model.
///
/// Draws are stored with the central evaluation last: index `draws` of each draw vector.
package struct PlanEvaluator: Sendable {
    /// A service's model variant: its single-service carbon model, evaluated.
    struct Variant: Sendable {
        var model: String
        var region: String
        /// busy[(month × columns + draw) × cells + cell] at the whole forecast; same for attributable kgCO2e.
        var busy: [Double]
        var attributable: [Double]
        /// Per draw column: kgCO2e of an idle reserved hour (idle energy and embodied).
        var idleKgPerHour: [Double]
        var vmCount: Int
        /// Reserved hours per VM in each window month: declared, or the calendar's for an always-on VM.
        var hoursByMonth: [Double]
    }

    /// The services, in configuration order, and their cells (in ``CarbonModel/cells`` order).
    package let services: [ServiceConfig]
    package let cells: [[CellKey]]
    /// The forecast months of the window, and their offset t from the base month (files × (1 + g)^t).
    package let months: [YearMonth]
    /// Forecast files per service, cell and window month.
    package let files: [[[Double]]]
    /// Value points per file of each cell: business value × language priority ÷ 5.
    package let valuePerFile: [[Double]]
    /// Monte Carlo draws shared by every plan (the central evaluation is one more column).
    package let draws: Int
    package let seed: UInt64
    let targetUtilisation: Double
    let scaleToZeroMargin: Double
    var variants: [[Variant]]

    /// Number of columns of a draw vector: the draws, then the central evaluation.
    package var columns: Int { draws + 1 }

    /// - Parameters:
    ///   - model: the assessment's carbon model (its cells and specs).
    ///   - variants: per service id, the (model, region) pairs plans may use besides today's.
    ///   - offsets: the window's forecast months as offsets from the base month (1 = the month after).
    ///   - embodiedScale: multiplier of every embodied factor (an allocation convention: 0.25 = vCPU share).
    /// - Throws: ``ModelError`` when a variant's factors are missing.
    package init(
        model: CarbonModel, config: WorkspaceConfig, factors: ReferenceFactors, base: YearMonth, offsets: [Int],
        variants requested: [String: [(model: String, region: String)]], draws: Int, seed: UInt64,
        embodiedScale: Double = 1
    ) throws {
        var services: [ServiceConfig] = []
        var serviceCells: [[CellBasis]] = []
        var variantModels: [[(model: String, region: String, carbon: CarbonModel)]] = []
        for spec in model.specs {
            let service = spec.service
            let cells = model.cells.filter { $0.key.service == service.id }
            var list: [(String, String, CarbonModel)] = [
                (
                    service.model, service.region,
                    CarbonModel(
                        workload: model.workload, forecast: model.forecast, specs: [spec], cells: cells)
                )
            ]
            for (name, region) in requested[service.id] ?? []
            where !list.contains(where: { $0.0 == name && $0.1 == region }) {
                var changed = service
                changed.model = name
                changed.region = region
                let variantSpec = try ServiceModelSpec.make(for: changed, factors: factors)
                list.append(
                    (
                        name, region,
                        CarbonModel(
                            workload: model.workload, forecast: model.forecast, specs: [variantSpec], cells: cells)
                    ))
            }
            services.append(service)
            serviceCells.append(cells)
            variantModels.append(list)
        }
        let unionKeys = Array(Set(variantModels.flatMap { $0.flatMap(\.carbon.factorKeys) })).sorted()
        let embodiedKeys = Set(model.specs.map(\.embodiedKey))
        let centralValues = unionKeys.map { factors.factors[$0]?.value ?? 0 }
        let lows = unionKeys.map { factors.factors[$0]?.lowOrValue ?? 0 }
        let highs = unionKeys.map { factors.factors[$0]?.highOrValue ?? 0 }
        let columns = draws + 1
        // drawn[column][key]: the draws, then the central values. Each factor has its own stream, seeded by the
        // seed and its key, so a factor's draws do not change when a configuration adds or removes other factors.
        var drawn = [[Double]](repeating: centralValues, count: columns)
        for (index, key) in unionKeys.enumerated() {
            var generator = SeededGenerator(seed: seed ^ Self.keyHash(key))
            for draw in 0..<draws {
                drawn[draw][index] = logTriangular(
                    low: lows[index], mode: centralValues[index], high: highs[index], u: generator.unit())
            }
        }
        for (index, key) in unionKeys.enumerated() where embodiedKeys.contains(key) {
            for column in 0..<columns { drawn[column][index] *= embodiedScale }
        }
        let unionIndex = Dictionary(uniqueKeysWithValues: unionKeys.enumerated().map { ($1, $0) })

        var evaluated: [[Variant]] = []
        var files: [[[Double]]] = []
        var valuePerFile: [[Double]] = []
        for (serviceIndex, list) in variantModels.enumerated() {
            let cells = serviceCells[serviceIndex]
            let monthFiles = offsets.map { t in
                cells.map { $0.files * pow1p(config.workload.growth(for: $0.key.language), t) }
            }
            files.append(cells.indices.map { cell in monthFiles.map { $0[cell] } })
            let businessValue = Double(services[serviceIndex].businessValue)
            valuePerFile.append(
                cells.map { businessValue * (config.criteria.languagePriorities[$0.key.language] ?? 3) / 5 })
            var variants: [Variant] = []
            for (name, region, carbon) in list {
                let map = carbon.factorKeys.map { unionIndex[$0] ?? 0 }
                let count = cells.count
                var variant = Variant(
                    model: name, region: region,
                    busy: [Double](repeating: 0, count: offsets.count * columns * count),
                    attributable: [Double](repeating: 0, count: offsets.count * columns * count),
                    idleKgPerHour: [Double](repeating: 0, count: columns),
                    vmCount: carbon.specs[0].service.hardware.count,
                    hoursByMonth: offsets.map {
                        carbon.specs[0].service.hardware.reservedHours(in: base.adding(months: $0))
                    })
                var cellBuffer = [CellEstimate](repeating: CellEstimate(), count: count)
                var serviceBuffer = [ServiceEstimate](repeating: ServiceEstimate(), count: 1)
                let zero = [Double](repeating: 0, count: count)
                for column in 0..<columns {
                    let factorsOfVariant = map.map { drawn[column][$0] }
                    carbon.run(
                        files: zero, factors: factorsOfVariant, scalesCapacity: false, cells: &cellBuffer,
                        services: &serviceBuffer)
                    let reserved = serviceBuffer[0].reservedHours
                    variant.idleKgPerHour[column] =
                        reserved > 0
                        ? (serviceBuffer[0].unallocatedIdleKg + serviceBuffer[0].unallocatedEmbodiedKg) / reserved : 0
                    for month in offsets.indices {
                        carbon.run(
                            files: monthFiles[month], factors: factorsOfVariant, scalesCapacity: false,
                            period: base.adding(months: offsets[month]), cells: &cellBuffer, services: &serviceBuffer)
                        let base = (month * columns + column) * count
                        for cell in 0..<count {
                            variant.busy[base + cell] = cellBuffer[cell].busyHours
                            variant.attributable[base + cell] = cellBuffer[cell].attributableKg
                        }
                    }
                }
                variants.append(variant)
            }
            evaluated.append(variants)
        }
        self.services = services
        self.cells = serviceCells.map { $0.map(\.key) }
        self.months = offsets.map { base.adding(months: $0) }
        self.files = files
        self.valuePerFile = valuePerFile
        self.draws = draws
        self.seed = seed
        self.targetUtilisation = config.forecast.targetUtilisation
        self.scaleToZeroMargin = config.decisions.scaleToZeroMargin
        self.variants = evaluated
    }

    /// FNV-1a of a factor key: a stable hash (Swift's `hashValue` changes from one process to the next).
    static func keyHash(_ key: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }

    /// The index of the variant an option runs on, or `nil` when the evaluator was not given it.
    func variantIndex(service: Int, option: ServiceOption) -> Int? {
        let config = services[service]
        let model = option.model ?? config.model
        let region = option.region ?? config.region
        return variants[service].firstIndex { $0.model == model && $0.region == region }
    }

    /// The share of each cell's forecast files kept each window month (`shares[cell][month]`).
    func shares(service: Int, plan: DecisionPlan) -> [[Double]] {
        cells[service].enumerated().map { cell, key in
            switch plan.cap(key) {
            case .share(let share): return [Double](repeating: max(0, min(1, share)), count: months.count)
            case .filesPerMonth(let cap):
                return files[service][cell].map { $0 > 0 ? max(0, min(1, cap / $0)) : 1 }
            }
        }
    }

    /// kgCO2e of one service over each window month, per draw column: `result[month × columns + column]`.
    /// - Parameter capacityShares: keep the VMs the service would reserve under these shares (to separate a cell's
    ///   variable part from the capacity its stop frees); the service is then never switched off.
    /// - Complexity: O(months × columns × cells of the service).
    func monthly(service: Int, option: ServiceOption, shares: [[Double]], capacityShares: [[Double]]? = nil) -> [Double]
    {
        var result = [Double](repeating: 0, count: months.count * columns)
        // The VMs go when the plan stops every cell that has work; a service with no work at all keeps its VMs
        // unless it is dropped.
        let withWork = cells[service].indices.filter { files[service][$0].contains { $0 > 0 } }
        let runs = withWork.isEmpty || withWork.contains { shares[$0].contains { $0 > 0 } }
        guard !option.isDropped, capacityShares != nil || runs,
            let variantIndex = variantIndex(service: service, option: option)
        else { return result }
        let variant = variants[service][variantIndex]
        let count = cells[service].count
        let scale = option.energyScale
        let capacity = capacityShares ?? shares
        let columns = self.columns
        let toZero = option.scalesToZero
        variant.busy.withUnsafeBufferPointer { busyHours in
            variant.attributable.withUnsafeBufferPointer { attributableKg in
                result.withUnsafeMutableBufferPointer { out in
                    for month in months.indices {
                        let kept = (0..<count).map { shares[$0][month] * scale }
                        let reservedFor = (0..<count).map { capacity[$0][month] * scale }
                        for column in 0..<columns {
                            let base = (month * columns + column) * count
                            var busy = 0.0
                            var busyReserved = 0.0
                            var attributable = 0.0
                            for cell in 0..<count {
                                busy += kept[cell] * busyHours[base + cell]
                                busyReserved += reservedFor[cell] * busyHours[base + cell]
                                attributable += kept[cell] * attributableKg[base + cell]
                            }
                            out[month * columns + column] =
                                attributable
                                + max(
                                    0, reserved(variant, month: month, scalesToZero: toZero, busy: busyReserved) - busy)
                                * variant.idleKgPerHour[column]
                        }
                    }
                }
            }
        }
        return result
    }

    /// The hours a service reserves in a month for `busy` busy hours: VMs = max(configured, ⌈busy ÷ (hours × target
    /// utilisation)⌉) × hours, or busy × (1 + margin) under scale-to-zero.
    func reserved(_ variant: Variant, month: Int, scalesToZero: Bool, busy: Double) -> Double {
        if scalesToZero { return busy * (1 + scaleToZeroMargin) }
        let hours = variant.hoursByMonth.indices.contains(month) ? variant.hoursByMonth[month] : 730
        guard hours > 0 else { return 0 }
        let needed = Int((busy / (hours * targetUtilisation)).rounded(.up))
        return hours * Double(max(variant.vmCount, needed))
    }

    /// kgCO2e of one service over the whole window, per draw column, with constant shares per cell: the
    /// arbitration's inner loop (the same arithmetic as ``monthly(service:option:shares:capacityShares:)``).
    func windowTotals(service: Int, option: ServiceOption, shares: [Double], into totals: inout [Double]) {
        for column in totals.indices { totals[column] = 0 }
        let withWork = cells[service].indices.filter { files[service][$0].contains { $0 > 0 } }
        let runs = withWork.isEmpty || withWork.contains { shares[$0] > 0 }
        guard !option.isDropped, runs, let variantIndex = variantIndex(service: service, option: option) else { return }
        let variant = variants[service][variantIndex]
        let count = cells[service].count
        let kept = shares.map { $0 * option.energyScale }
        let columns = self.columns
        let toZero = option.scalesToZero
        let monthCount = months.count
        variant.busy.withUnsafeBufferPointer { busyHours in
            variant.attributable.withUnsafeBufferPointer { attributableKg in
                variant.idleKgPerHour.withUnsafeBufferPointer { idleRate in
                    totals.withUnsafeMutableBufferPointer { out in
                        for month in 0..<monthCount {
                            for column in 0..<columns {
                                let base = (month * columns + column) * count
                                var busy = 0.0
                                var attributable = 0.0
                                for cell in 0..<count {
                                    busy += kept[cell] * busyHours[base + cell]
                                    attributable += kept[cell] * attributableKg[base + cell]
                                }
                                out[column] +=
                                    attributable
                                    + max(0, reserved(variant, month: month, scalesToZero: toZero, busy: busy) - busy)
                                    * idleRate[column]
                            }
                        }
                    }
                }
            }
        }
    }

    /// Value points of one service over the window: Σ files kept × value per file; none when dropped.
    func value(service: Int, option: ServiceOption, shares: [[Double]]) -> Double {
        guard !option.isDropped else { return 0 }
        var total = 0.0
        for cell in cells[service].indices {
            for month in months.indices {
                total += shares[cell][month] * files[service][cell][month] * valuePerFile[service][cell]
            }
        }
        return total
    }

    /// Whether every option of a plan has its model variant.
    package func canEvaluate(_ plan: DecisionPlan) -> Bool {
        services.indices.allSatisfy { variantIndex(service: $0, option: plan.option(services[$0].id)) != nil }
    }

    /// A plan's kgCO2e over each window month, per draw column (`[month × columns + column]`), all services.
    package func monthly(_ plan: DecisionPlan) -> [Double] {
        var total = [Double](repeating: 0, count: months.count * columns)
        for service in services.indices {
            let values = monthly(
                service: service, option: plan.option(services[service].id),
                shares: shares(service: service, plan: plan))
            for index in total.indices { total[index] += values[index] }
        }
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
