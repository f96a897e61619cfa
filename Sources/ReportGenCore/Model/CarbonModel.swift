/// One evaluation of a cell. Units: kWh, kgCO2e, hours.
package struct CellEstimate: Sendable, Hashable {
    package var files = 0.0
    /// Energy of the work itself: units × energy per unit × server overhead × PUE.
    package var dynamicKWh = 0.0
    /// Busy VM hours.
    package var busyHours = 0.0
    /// Operational emissions of the work (dynamic energy × grid intensity).
    package var operationalKg = 0.0
    /// Embodied emissions of the busy hours.
    package var embodiedKg = 0.0
    /// The cell's share of its service's unallocated idle and embodied emissions, by busy time.
    package var overheadShareKg = 0.0
    /// Functional units: audio minutes, thousands of characters, articles.
    package var functionalUnits = 0.0

    /// What the cell causes directly: disappears if the cell is dropped while the VMs stay.
    package var attributableKg: Double { operationalKg + embodiedKg }
    /// Everything allocated to the cell, overhead included; cells and services add up to the total.
    package var totalKg: Double { attributableKg + overheadShareKg }
}

/// One evaluation of a service: its cells and what no cell uses.
package struct ServiceEstimate: Sendable, Hashable {
    package var cells: [String: CellEstimate] = [:]
    package var vmCount = 0
    package var reservedHours = 0.0
    /// Idle energy of reserved hours not busy with any request, PUE included.
    package var unallocatedIdleKWh = 0.0
    package var unallocatedIdleKg = 0.0
    package var unallocatedEmbodiedKg = 0.0

    /// Everything the service emits: its cells' own emissions and its unallocated idle and embodied emissions.
    package var totalKg: Double {
        // In key order: a dictionary's order changes from one instance to the next, and so would the last digit.
        cells.keys.sorted().reduce(0) { $0 + (cells[$1]?.attributableKg ?? 0) } + unallocatedIdleKg
            + unallocatedEmbodiedKg
    }
}

/// The location-based estimate of the Software Carbon Intensity specification (ISO/IEC 21031:2024),
/// C = (E × I) + M, for each service × language cell of a month:
///
/// - E, dynamic: units of work × energy per unit × server overhead (GPU only) × PUE;
/// - E, idle: idle power × (reserved hours − busy hours) × PUE, kept at service level as "unallocated idle"; the
///   idle power is measured where GPU telemetry gives it (``IdleCalibration``), the factor filling the hours it missed;
/// - I: the region's location-based grid intensity;
/// - M: embodied g per reserved hour × busy hours for the cell, the rest at service level;
/// - busy hours: the usage log's `gpu_seconds`, or device energy ÷ VM busy power where it has none.
///
/// Service-level idle and embodied emissions are then shared among the service's cells by busy time, so the cells
/// add up to the total. Factors come as one draw: a value per key of ``factorKeys``, in that order. The model is
/// compiled to indices once, so a Monte Carlo draw costs no string hashing.
package struct CarbonModel: Sendable {
    /// The `workload` slice: volumes where the log has none, growth, averages.
    package let workload: WorkloadAssumptions
    /// The `forecast` slice: when capacity steps up.
    package let forecast: ForecastConfig
    package let specs: [ServiceModelSpec]
    package let cells: [CellBasis]
    /// Every factor key an evaluation reads, sorted; a draw is one value per key.
    package let factorKeys: [String]
    private let services: [CompiledService]
    private let compiledCells: [CompiledCell]

    /// The files of each cell in an evaluation, and whether VMs are added when busy time exceeds the target.
    package struct Scenario: Sendable {
        var files: [CellKey: Double]
        var scalesCapacity: Bool
        /// Services de-provisioned: no VM, so no idle or embodied emissions.
        var servicesOff: Set<String> = []
        /// The calendar month evaluated: always-on VMs reserve 24 h × its days. `nil`: the cells' month.
        var period: YearMonth? = nil
    }

    private enum CompiledWork: Sendable {
        case audio(Int)
        case translation(Int)
        case generation(output: Int, input: Int?)
    }

    private struct CompiledService: Sendable {
        var pue, grid, idle, busy, embodied: Int
        var overhead: Int?
        var work: CompiledWork
        /// Declared reserved hours per VM and month; `nil` for always-on (calendar hours).
        var declaredHours: Double?
        var count: Int
        var cellIndices: [Int]
        /// Idle power per VM: the measured part (W, fixed) + the modelled share × the idle factor (drawn).
        var measuredIdleWatts = 0.0
        var modelledIdleShare = 1.0
    }

    private struct CompiledCell: Sendable {
        var charsPerMinute: Int?
        var tokensPerChar: Int?
        /// Measured or calibrated server kWh per file, used as is.
        var serverKWhPerFile: Double?
        /// The measured ratio applied to the modelled energy (a what-if that swaps the calibrated model).
        var calibrationRatio: Double?
        /// The share of the modelled energy added to ``serverKWhPerFile`` (the work a GPU telemetry gap missed).
        var modelledShare = 0.0
    }

    package init(
        workload: WorkloadAssumptions, forecast: ForecastConfig, specs: [ServiceModelSpec], cells: [CellBasis]
    ) {
        self.workload = workload
        self.forecast = forecast
        self.specs = specs
        self.cells = cells
        var keys = Set(specs.flatMap(\.keys))
        for cell in cells {
            guard cell.source == .assumption, let spec = specs.first(where: { $0.service.id == cell.key.service })
            else { continue }
            switch spec.work {
            case .audio: break
            case .translation:
                if cell.charactersPerFile == nil { keys.insert("speech.chars_per_audio_minute.\(cell.key.language)") }
                if cell.outputTokensPerFile == nil { keys.insert("tokens_per_char.\(cell.key.language).nllb") }
            case .generation:
                if cell.outputTokensPerFile == nil { keys.insert("tokens_per_char.\(cell.key.language).mistral") }
            }
        }
        let sorted = keys.sorted()
        factorKeys = sorted
        let index = Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($1, $0) })
        func at(_ key: String) -> Int { index[key] ?? 0 }
        compiledCells = cells.map { cell in
            let spec = specs.first { $0.service.id == cell.key.service }
            var compiled = CompiledCell()
            if let spec, let calibrated = cell.calibratedWorkKey {
                if spec.workKeys.contains(calibrated) {
                    compiled.serverKWhPerFile = cell.serverKWhPerFile
                    compiled.modelledShare = cell.modelledEnergyShare
                } else {
                    compiled.calibrationRatio = cell.calibrationRatio
                }
            }
            if case .translation? = spec?.work {
                compiled.charsPerMinute = index["speech.chars_per_audio_minute.\(cell.key.language)"]
                compiled.tokensPerChar = index["tokens_per_char.\(cell.key.language).nllb"]
            } else if case .generation? = spec?.work {
                compiled.tokensPerChar = index["tokens_per_char.\(cell.key.language).mistral"]
            }
            return compiled
        }
        services = specs.map { spec in
            let work: CompiledWork
            switch spec.work {
            case .audio(let key): work = .audio(at(key))
            case .translation(let key): work = .translation(at(key))
            case .generation(let output, let input): work = .generation(output: at(output), input: input.map(at))
            }
            var compiled = CompiledService(
                pue: at(spec.pueKey), grid: at(spec.gridKey), idle: at(spec.idleKey), busy: at(spec.busyKey),
                embodied: at(spec.embodiedKey), overhead: spec.overheadKey.map(at), work: work,
                declaredHours: spec.service.hardware.declaredHoursPerMonth, count: spec.service.hardware.count,
                cellIndices: cells.indices.filter { cells[$0].key.service == spec.service.id })
            // Measured idle applies to the hardware it was measured on: a variant on another VM type keeps the factor.
            if let idle = compiled.cellIndices.lazy.compactMap({ cells[$0].measuredIdle }).first,
                idle.idleKey == spec.idleKey
            {
                compiled.measuredIdleWatts = idle.measuredServerWatts
                compiled.modelledIdleShare = idle.modelledShare
            }
            return compiled
        }
    }

    /// The base month as observed.
    package var baseScenario: Scenario {
        Scenario(
            files: Dictionary(uniqueKeysWithValues: cells.map { ($0.key, $0.files) }), scalesCapacity: false,
            period: basePeriod)
    }

    /// The month of the cells (all cells of a model describe one month).
    package var basePeriod: YearMonth? { cells.first { $0.period != nil }?.period }

    /// Reserved hours per VM of a service in a month: declared, or the calendar's for an always-on VM.
    package func reservedHoursPerVM(_ serviceIndex: Int, in period: YearMonth?) -> Double {
        let service = services[serviceIndex]
        if let declared = service.declaredHours { return declared }
        guard let month = period ?? basePeriod else { return 730 }
        return Double(24 * month.dayCount)
    }

    /// The factor values of a table, in ``factorKeys`` order.
    package func values(_ pick: (ReferenceFactor) -> Double, from factors: ReferenceFactors) -> [Double] {
        factorKeys.map { key in factors.factors[key].map(pick) ?? 0 }
    }

    /// Files per cell, in ``cells`` order.
    package func files(of scenario: Scenario) -> [Double] { cells.map { scenario.files[$0.key] ?? 0 } }

    /// Evaluates every service for one draw, with every component.
    package func evaluate(_ scenario: Scenario, factors: [Double]) -> [String: ServiceEstimate] {
        var cellEstimates = [CellEstimate](repeating: CellEstimate(), count: cells.count)
        var serviceEstimates = [ServiceEstimate](repeating: ServiceEstimate(), count: services.count)
        run(
            files: files(of: scenario), factors: factors, scalesCapacity: scenario.scalesCapacity,
            servicesOff: scenario.servicesOff, period: scenario.period, cells: &cellEstimates,
            services: &serviceEstimates)
        var result: [String: ServiceEstimate] = [:]
        for (index, spec) in specs.enumerated() {
            var estimate = serviceEstimates[index]
            for cellIndex in services[index].cellIndices {
                estimate.cells[cells[cellIndex].key.language] = cellEstimates[cellIndex]
            }
            result[spec.service.id] = estimate
        }
        return result
    }

    /// The core evaluation into preallocated arrays (``cells`` and ``specs`` order).
    package func run(
        files: [Double], factors f: [Double], scalesCapacity: Bool, servicesOff: Set<String> = [],
        period: YearMonth? = nil, cells out: inout [CellEstimate], services serviceOut: inout [ServiceEstimate]
    ) {
        for (serviceIndex, service) in services.enumerated() {
            let pue = f[service.pue]
            let intensity = f[service.grid] / 1000
            let hoursPerVM = reservedHoursPerVM(serviceIndex, in: period)
            let busyW = f[service.busy]
            let embodiedKgPerHour = f[service.embodied] / 1000
            var busy = 0.0
            for index in service.cellIndices {
                let cell = cells[index]
                let compiled = compiledCells[index]
                let count = files[index]
                let deviceKWh: Double
                let units: Double
                switch service.work {
                case .audio(let key):
                    let hours = (cell.audioHoursPerFile ?? workload.averageAudioMinutes / 60) * count
                    deviceKWh = hours * f[key]
                    units = hours * 60
                case .translation(let key):
                    let characters =
                        cell.charactersPerFile
                        ?? workload.averageAudioMinutes * (compiled.charsPerMinute.map { f[$0] } ?? 0)
                    let tokens = cell.outputTokensPerFile ?? characters * (compiled.tokensPerChar.map { f[$0] } ?? 0)
                    deviceKWh = tokens * count * f[key] / 1000
                    units = characters * count / 1000
                case .generation(let output, let input):
                    let outputTokens =
                        cell.outputTokensPerFile
                        ?? workload.averageArticleCharacters * (compiled.tokensPerChar.map { f[$0] } ?? 0)
                    let inputTokens = cell.inputTokensPerFile ?? workload.promptTokens
                    deviceKWh = (outputTokens * f[output] + inputTokens * (input.map { f[$0] } ?? 0)) * count / 1000
                    units = count
                }
                // Server energy before PUE: measured (or calibrated) where the cell has it, else the factor × the
                // overhead (CodeCarbon's measured ratio on the service's VM where it has runs).
                // A telemetry gap's share of the work is filled by the model (``CellBasis/modelledEnergyShare``).
                let serverKWh: Double
                let overhead = service.overhead.map { cell.measuredServerOverhead ?? f[$0] } ?? 1
                let modelledKWh =
                    deviceKWh * overhead * (compiled.calibrationRatio ?? 1)
                    + cell.failedBusyHoursPerFile * count * busyW / 1000
                if let measured = compiled.serverKWhPerFile {
                    serverKWh = measured * count + compiled.modelledShare * modelledKWh
                } else {
                    serverKWh = modelledKWh
                }
                var estimate = CellEstimate()
                estimate.files = count
                estimate.dynamicKWh = serverKWh * pue
                estimate.busyHours =
                    cell.busyHoursPerFile.map { $0 * count } ?? (busyW > 0 ? serverKWh * 1000 / busyW : 0)
                estimate.operationalKg = estimate.dynamicKWh * intensity
                estimate.embodiedKg = embodiedKgPerHour * estimate.busyHours
                estimate.functionalUnits = units
                busy += estimate.busyHours
                out[index] = estimate
            }
            var estimate = ServiceEstimate()
            let isOff = servicesOff.contains(specs[serviceIndex].service.id)
            estimate.vmCount = isOff ? 0 : service.count
            if scalesCapacity, hoursPerVM > 0, !isOff {
                let needed = Int((busy / (hoursPerVM * forecast.targetUtilisation)).rounded(.up))
                estimate.vmCount = max(service.count, needed)
            }
            estimate.reservedHours = hoursPerVM * Double(estimate.vmCount)
            let idleHours = max(0, estimate.reservedHours - busy)
            let idleWatts = service.measuredIdleWatts + service.modelledIdleShare * f[service.idle]
            estimate.unallocatedIdleKWh = idleWatts * idleHours / 1000 * pue
            estimate.unallocatedIdleKg = estimate.unallocatedIdleKWh * intensity
            estimate.unallocatedEmbodiedKg = embodiedKgPerHour * idleHours
            let overheadKg = estimate.unallocatedIdleKg + estimate.unallocatedEmbodiedKg
            if busy > 0 {
                for index in service.cellIndices {
                    out[index].overheadShareKg = overheadKg * out[index].busyHours / busy
                }
            }
            serviceOut[serviceIndex] = estimate
        }
    }
}
