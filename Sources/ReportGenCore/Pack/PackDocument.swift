import Foundation
import Matrix

/// `pack.json`: every figure of the pack, machine-readable. Its schema is `data/schema/pack.schema.json`.
/// Units: kgCO2e, kWh, files; ratios in 0…1. Keys are sorted and numbers written in full, so the file is
/// byte-identical for the same inputs.
package struct PackDocument: Codable, Sendable {
    package struct Tool: Codable, Sendable { var name: String; var version: String; var factorsVersion: String }
    package struct MonthFigure: Codable, Sendable {
        var period: String; var service: String; var kgco2e: Double; var source: String
    }
    package struct Figure: Codable, Sendable {
        var central: Double; var p5: Double; var p50: Double; var p95: Double; var low: Double; var high: Double
        init(_ f: UncertainFigure) {
            central = f.central; p5 = f.p5; p50 = f.p50; p95 = f.p95; low = f.low; high = f.high
        }
    }
    package struct Cell: Codable, Sendable {
        var service: String; var language: String; var activitySource: String; var files: Double
        var criteria: [String: Double]; var scores: [String: Double]; var ranks: [String: Int]
        var recommendation: String; var capFilesPerMonth: Double?; var lever: String?
        var avoidedKgco2ePerYear: Double; var avoidedP5: Double; var avoidedP95: Double; var valueForgone: Double
        var robustness: Double; var isRobust: Bool; var reasons: [Reason]; var weightIntervals: [WeightInterval]
        var monthKgco2e: Figure?
    }
    package struct ServiceRow: Codable, Sendable {
        var id: String; var name: String; var criteria: [String: Double]; var scores: [String: Double];
        var monthKgco2e: Figure?
    }
    package struct ForecastMonth: Codable, Sendable {
        var period: String; var files: Double; var vms: Int; var kgco2e: Figure
    }
    package struct Plan: Codable, Sendable {
        var name: String; var kgco2ePerYear: Figure; var valuePerYear: Double; var budgetCrossing: String?;
        var error: String?
    }
    package struct Factor: Codable, Sendable {
        var key: String; var value: Double; var unit: String; var low: Double?; var high: Double?; var source: String;
        var builtInValue: Double?
    }

    package var schemaVersion = 1
    package var tool: Tool
    package var organisation: String
    package var period: String
    package var generatedAt: String
    package var status: String
    package var methods: [String]
    package var retentionRule: String
    package var weights: [String: Double]
    package var rawWeights: [String: Double]
    package var totals: [String: Double]
    package var retained: [MonthFigure]
    package var modelTotal: Figure
    package var services: [ServiceRow]
    package var cells: [Cell]
    package var reconciliation: [ReconciliationRow]
    package var forecast: [ForecastMonth]
    package var budgetKgco2ePerYear: Double?
    package var budgetCrossingP50: String?
    package var budgetCrossingP95: String?
    package var plans: [Plan]
    package var factors: [Factor]
    package var inputs: [InputSummary]
    package var diagnostics: [Diagnostic]
    package var signoffs: [SignoffRecord] = []

    package init(_ content: PackContent, toolVersion: String) {
        let carbon = content.carbon
        let decisions = content.decisions
        tool = Tool(name: "ReportGen", version: toolVersion, factorsVersion: carbon.factors.version)
        organisation = content.config.organisation
        period = content.period.description
        generatedAt = ISO8601DateFormatter().string(from: content.generatedAt)
        status = content.isSigned ? "signed" : "draft"
        signoffs = content.signoffs
        methods = decisions.results.map(\.method.variantName)
        retentionRule = MonthlyEmissions.retentionRuleName
        let matrix = decisions.cellMatrix.matrix
        weights = Dictionary(uniqueKeysWithValues: zip(matrix.criteria.map(\.id), matrix.weights))
        rawWeights = Dictionary(uniqueKeysWithValues: matrix.criteria.map { ($0.id, $0.rawWeight) })
        totals = Dictionary(uniqueKeysWithValues: content.months.map { ($0.description, content.totalKg($0)) })
        retained = content.months.flatMap { month in
            content.serviceIDs.compactMap { id in
                content.emissions.retained(id, month).map {
                    MonthFigure(
                        period: month.description, service: id, kgco2e: $0.total.kgCO2e, source: $0.source.rawValue)
                }
            }
        }
        modelTotal = Figure(carbon.baseTotal)
        services = content.scoring.matrix.alternatives.enumerated().map { index, id in
            ServiceRow(
                id: id, name: content.serviceName(id),
                criteria: Dictionary(
                    uniqueKeysWithValues: zip(
                        content.scoring.matrix.criteria.map(\.id), content.scoring.matrix.values[index])),
                scores: Dictionary(
                    uniqueKeysWithValues: content.scoring.results.map { ($0.method.id, $0.scores[index]) }),
                monthKgco2e: carbon.baseServices[id].map(Figure.init))
        }
        cells = decisions.cellMatrix.cells.enumerated().map { index, key in
            let r = decisions.recommendations[index]
            let basis = carbon.model.cells.first { $0.key == key }
            return Cell(
                service: key.service, language: key.language, activitySource: basis?.source.rawValue ?? "",
                files: basis?.files ?? 0,
                criteria: Dictionary(uniqueKeysWithValues: zip(matrix.criteria.map(\.id), matrix.values[index])),
                scores: Dictionary(uniqueKeysWithValues: decisions.results.map { ($0.method.id, $0.scores[index]) }),
                ranks: Dictionary(uniqueKeysWithValues: decisions.results.map { ($0.method.id, $0.ranks[index]) }),
                recommendation: r.kind.rawValue, capFilesPerMonth: r.capFilesPerMonth, lever: r.lever?.detail,
                avoidedKgco2ePerYear: r.avoidedKg, avoidedP5: r.avoidedP5, avoidedP95: r.avoidedP95,
                valueForgone: r.valueForgone, robustness: r.holdsShare, isRobust: r.isRobust, reasons: r.reasons,
                weightIntervals: r.weightIntervals, monthKgco2e: carbon.baseCells[key].map(Figure.init))
        }
        reconciliation = carbon.reconciliation
        forecast = carbon.forecast.months.indices.map { index in
            ForecastMonth(
                period: carbon.forecast.months[index].description,
                files: carbon.forecast.files[index].values.reduce(0, +),
                vms: carbon.forecast.vmCounts[index].values.reduce(0, +), kgco2e: Figure(carbon.forecast.totals[index]))
        }
        budgetKgco2ePerYear = carbon.forecast.annualBudgetKgCO2e
        budgetCrossingP50 = carbon.forecast.budgetCrossing(\.p50)?.description
        budgetCrossingP95 = carbon.forecast.budgetCrossing(\.p95)?.description
        plans = decisions.plans.map {
            Plan(
                name: $0.name, kgco2ePerYear: Figure($0.annualKg), valuePerYear: $0.annualValue,
                budgetCrossing: $0.crossing?.description, error: $0.error)
        }
        factors = content.factorKeys.compactMap { carbon.factors.factors[$0] }.map {
            Factor(
                key: $0.key, value: $0.value, unit: $0.unit, low: $0.low, high: $0.high, source: $0.source,
                builtInValue: $0.builtInValue)
        }
        inputs = content.inputs
        diagnostics = content.diagnostics.map(DiagnosticCatalog.coded)
    }

    /// The JSON bytes: sorted keys, pretty-printed, slashes unescaped.
    package func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
