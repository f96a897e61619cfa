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
        /// busy[(month × cells + cell) × columns + column] at the whole forecast; same for attributable kgCO2e. The
        /// draw columns are innermost so that the plan search's loops over them run on contiguous memory (and
        /// vectorise) while every column still sums its cells in cell order.
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
                        for cell in 0..<count {
                            let index = (month * count + cell) * columns + column
                            variant.busy[index] = cellBuffer[cell].busyHours
                            variant.attributable[index] = cellBuffer[cell].attributableKg
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

}
