/// A way to run a cell with less carbon, with its estimated saving from the reference factors.
package struct OptimisationLever: Sendable, Hashable, Codable {
    package enum Kind: String, Sendable, Codable, CaseIterable {
        case smallerModel = "smaller_model"
        case quantisation
        case region
        case batching
        case scaleToZero = "scale_to_zero"
    }

    package var kind: Kind
    /// What changes, e.g. `whisper-large-v3 → whisper-large-v3-turbo`.
    package var detail: String
    /// kgCO2e saved over the first forecast year (central), never negative.
    package var savedKg: Double
    /// The share of the cell's annual emissions saved.
    package var savingShare: Double
    /// The reference-factor keys the saving was computed from.
    package var factorKeys: [String]
    /// Why the saving is zero or limited, or what to check, as a translation key with its values.
    package var note: Reason?
}

/// Estimates the levers of each cell over the first forecast year, from the central evaluation of each month.
///
/// - smaller model: dynamic energy scales by the ratio of energy per unit (the target model's factor ÷ the current
///   one's); the busy time saved becomes idle time on the same VMs, so its idle power is added back and embodied
///   emissions do not change;
/// - quantisation: the same with the int8 ÷ fp16 real-time factors where the table has them;
/// - region: operational emissions (dynamic and the cell's share of idle) scale by (I × PUE) of francecentral ÷ the
///   current region's;
/// - batching (Whisper): the batch-8 ÷ batch-1 real-time factor, as for a smaller model;
/// - scale to zero: reserved hours fall to busy hours × (1 + margin), so the cell's share of unallocated idle and
///   embodied emissions falls in proportion.
package struct LeverEstimator: Sendable {
    package let config: WorkspaceConfig
    package let factors: ReferenceFactors
    package let assessment: CarbonAssessment

    package static let smallerModels: [String: String] = [
        "whisper-large-v3": "whisper-large-v3-turbo", "whisper-medium": "whisper-small",
        "nllb-200-3.3b": "nllb-200-distilled-600m", "nllb-200-1.3b": "nllb-200-distilled-600m",
    ]
    package static let greenestRegion = "francecentral"

    package func value(_ key: String) -> Double? { factors.factors[key]?.value }

    package func levers(for cell: CellKey) -> [OptimisationLever] {
        guard let spec = assessment.model.specs.first(where: { $0.service.id == cell.service }) else { return [] }
        let annual = assessment.annualCentral(cell).total
        guard annual > 0 else { return [] }
        var months: [(cell: CellEstimate, service: ServiceEstimate)] = []
        for month in assessment.forecastCentral.prefix(12) {
            if let service = month[cell.service], let estimate = service.cells[cell.language] {
                months.append((estimate, service))
            }
        }
        let pue = value(spec.pueKey) ?? 1
        let intensity = (value(spec.gridKey) ?? 0) / 1000
        let idleW = value(spec.idleKey) ?? 0
        /// The net saving of running the same work `ratio` times as long on the same VMs.
        func timeSaving(_ ratio: Double) -> Double {
            months.reduce(0) { sum, month in
                let savedBusy = month.cell.busyHours * (1 - ratio)
                return sum + month.cell.operationalKg * (1 - ratio) - idleW * savedBusy / 1000 * pue * intensity
            }
        }
        func lever(
            _ kind: OptimisationLever.Kind, _ detail: String, _ saved: Double, _ keys: [String], note: Reason? = nil
        )
            -> OptimisationLever
        {
            let kept = max(0, saved)
            return OptimisationLever(
                kind: kind, detail: detail, savedKg: kept, savingShare: kept / annual, factorKeys: keys, note: note)
        }
        var result: [OptimisationLever] = []
        let model = spec.service.model.lowercased()
        if let target = Self.smallerModels[model],
            let targetSpec = try? ServiceModelSpec.make(
                for: modified(spec.service) { $0.model = target }, factors: factors)
        {
            let (currentKey, targetKey) = (workKey(spec), workKey(targetSpec))
            if let current = value(currentKey), let smaller = value(targetKey), current > 0 {
                result.append(
                    lever(
                        .smallerModel, "\(model) → \(target)", timeSaving(smaller / current), [currentKey, targetKey],
                        note: Reason(key: "lever_note_quality")))
            }
        }
        if model.hasPrefix("whisper") {
            let int8 = "whisper-large-v2.faster-whisper-int8.v100s.rtf"
            let fp16 = "whisper-large-v2.faster-whisper-fp16.v100s.rtf"
            if let a = value(int8), let b = value(fp16), b > 0 {
                let saving = timeSaving(a / b)
                result.append(
                    lever(
                        .quantisation, "int8 (faster-whisper)", saving, [int8, fp16],
                        note: saving <= 0
                            ? Reason(key: "lever_note_int8", values: ["int8": "\(a)", "fp16": "\(b)"]) : nil))
            }
            let batched = "whisper-large-v2.faster-whisper-fp16-batch8.rtx3070ti.rtf"
            let single = "whisper-large-v2.faster-whisper-fp16.rtx3070ti.rtf"
            if let a = value(batched), let b = value(single), b > 0 {
                result.append(lever(.batching, "batch 8 (faster-whisper)", timeSaving(a / b), [batched, single]))
            }
        } else if model.hasPrefix("mistral") {
            result.append(
                lever(
                    .quantisation, "Q4", 0, [], note: Reason(key: "lever_note_q4")))
        }
        let region = normalisedRegion(spec.service.region)
        if region != Self.greenestRegion {
            let targetPUE = value("azure.pue.\(Self.greenestRegion)") ?? value("azure.pue") ?? pue
            let targetGrid = value("grid.\(Self.greenestRegion).gco2e_per_kwh") ?? 0
            let ratio = (targetGrid * targetPUE) / max(1e-9, (value(spec.gridKey) ?? 0) * pue)
            let saved = months.reduce(0) { sum, month in
                let busy = month.service.cells.values.reduce(0) { $0 + $1.busyHours }
                let idleShare = busy > 0 ? month.service.unallocatedIdleKg * month.cell.busyHours / busy : 0
                return sum + (month.cell.operationalKg + idleShare) * (1 - ratio)
            }
            result.append(
                lever(
                    .region, "\(spec.service.region) → \(Self.greenestRegion)", saved,
                    [
                        spec.gridKey, spec.pueKey, "grid.\(Self.greenestRegion).gco2e_per_kwh",
                        "azure.pue.\(Self.greenestRegion)",
                    ]))
        }
        let margin = config.decisions.scaleToZeroMargin
        let saved = months.reduce(0) { sum, month in
            let busy = month.service.cells.values.reduce(0) { $0 + $1.busyHours }
            let idleHours = max(0, month.service.reservedHours - busy)
            guard idleHours > 0 else { return sum }
            let kept = min(1, margin * busy / idleHours)
            return sum + month.cell.overheadShareKg * (1 - kept)
        }
        result.append(
            lever(
                .scaleToZero, "\(Int(spec.service.hardware.hoursPerMonth)) h → \(1 + margin) × busy h", saved,
                [spec.idleKey, spec.embodiedKey], note: Reason(key: "lever_note_cold_start")))
        return result
    }

    private func workKey(_ spec: ServiceModelSpec) -> String {
        switch spec.work {
        case .audio(let key): return key
        case .translation(let key): return key
        case .generation(let key, _): return key
        }
    }

    private func modified(_ service: ServiceConfig, _ change: (inout ServiceConfig) -> Void) -> ServiceConfig {
        var copy = service
        change(&copy)
        return copy
    }
}
