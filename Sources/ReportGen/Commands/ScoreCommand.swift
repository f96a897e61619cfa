import ArgumentParser
import Foundation
import ReportGenCore
import Matrix

/// `reportgen score`: scores any decision matrix with one MCDA method.
struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score and rank a decision matrix (CSV) with WSM, TOPSIS, VIKOR or PROMETHEE II.",
        discussion: """
            MATRIX.csv: a header of criteria names after a first cell, one row per alternative; weights and types may
            also be given as rows named weight and type (+ benefit, - cost). Flags take precedence over those rows.
            Ranks: 1 is best; ties share the smallest rank.
            """)

    enum Method: String, ExpressibleByArgument, CaseIterable { case wsm, topsis, vikor, promethee }
    enum NormalisationName: String, ExpressibleByArgument, CaseIterable { case minmax, vector, sum }
    enum Preference: String, ExpressibleByArgument, CaseIterable { case usual, linear }

    @Argument(help: "The decision matrix CSV.", completion: .file(extensions: ["csv"])) var matrix: String
    @Option(help: "wsm, topsis, vikor or promethee.") var method: Method = .topsis
    @Option(help: "Comma-separated weights, one per criterion (normalised to sum to 1).") var weights: String?
    @Option(
        help:
            "Comma-separated types, + (benefit) or - (cost), one per criterion; write --types=-,+ when the first is -.")
    var types: String?
    @Option(help: "Normalisation for wsm (default minmax) or topsis (default vector): minmax, vector, sum.")
    var normalisation: NormalisationName?
    @Option(help: "VIKOR strategy weight v, from 0 to 1.") var v = 0.5
    @Option(help: "PROMETHEE preference function: usual or linear.") var preference: Preference = .linear
    @Option(help: "PROMETHEE linear indifference threshold q (criterion units).") var q = 0.0
    @Option(help: "PROMETHEE linear preference threshold p (default: each criterion's range).") var p: Double?
    @Flag(help: "Print CSV instead of a table.") var csv = false

    func run() throws {
        print(try output(), terminator: "")
    }

    /// What `run` prints: the table (or CSV) of scores and ranks.
    func output() throws -> String {
        let file = try DecisionMatrixFile.read(InputFile(name: matrix, url: fileURL(matrix)))
        let count = file.criteria.count
        let weightList =
            try weights.map { try parseList($0, count: count, name: "--weights") } ?? file.weights
            ?? Array(repeating: 1, count: count)
        let typeList =
            try types.map { try parseTypes($0, count: count) } ?? file.types
            ?? Array(repeating: .benefit, count: count)
        let criteria = file.criteria.indices.map {
            Criterion(id: file.criteria[$0], direction: typeList[$0], rawWeight: weightList[$0])
        }
        let decision = try DecisionMatrix(alternatives: file.alternatives, criteria: criteria, values: file.values)
        return render(try scoringMethod().score(decision), decision)
    }

    private func scoringMethod() -> ScoringMethod {
        let chosen: Normalisation? = normalisation.map {
            switch $0 {
            case .minmax: return .minMax
            case .vector: return .vector
            case .sum: return .sumInvertingCosts
            }
        }
        switch method {
        case .wsm: return .weightedSum(chosen ?? .minMax)
        case .topsis: return .topsis(chosen ?? .vector)
        case .vikor: return .vikor(v: v)
        case .promethee:
            if preference == .usual { return .promethee(.usual) }
            if let p { return .promethee(.linear(q: q, p: p)) }
            return .promethee(.linearOverRange)
        }
    }

    private func render(_ result: MethodResult, _ decision: DecisionMatrix) -> String {
        let ranks = Self.ranksWithUnscoredLast(
            result.scores, ranks: result.ranks, higherIsBetter: result.method.id != "vikor")
        for index in decision.alternatives.indices where !result.scores[index].isFinite {
            FileHandle.standardError.write(
                Data(
                    "reportgen: warning: \(decision.alternatives[index]) has no finite score (NaN): ranked last\n".utf8)
            )
        }
        let order = orderedByRank(ranks)
        var header = ["alternative", result.method.id == "vikor" ? "Q" : "score", "rank"]
        if result.vikor != nil { header = ["alternative", "S", "R", "Q", "rank"] }
        if result.flows != nil { header = ["alternative", "phi_plus", "phi_minus", "phi", "rank"] }
        let rows: [[String]] = order.map { index in
            let name = decision.alternatives[index]
            if let details = result.vikor {
                return [
                    name, fixed(details.s[index]), fixed(details.r[index]), fixed(details.q[index]),
                    String(ranks[index]),
                ]
            }
            if let flows = result.flows {
                return [
                    name, fixed(flows.leaving[index]), fixed(flows.entering[index]), fixed(result.scores[index]),
                    String(ranks[index]),
                ]
            }
            return [name, fixed(result.scores[index]), String(ranks[index])]
        }
        var text: String
        if csv {
            let writer = CSVWriter(dialect: .rfc4180)
            text = writer.line(header.map { .text($0) })
            for row in rows {
                // The name is text (neutralised if it starts like a formula); scores and ranks are numbers, so a
                // negative flow stays a negative number.
                text += writer.line(
                    [.text(row[0])]
                        + row.dropFirst().map { cell in
                            Double(cell).map { CSVCell.fixed($0, fractionDigits: cell.contains(".") ? 4 : 0) } ?? .empty
                        })
            }
        } else {
            text = "# \(result.method.variantName)\n" + TextTable(header: header, rows: rows).render()
        }
        if let details = result.vikor, !csv {
            let names = details.compromiseSet.map { decision.alternatives[$0] }
            text += "compromise set: \(names.joined(separator: ", "))"
            text +=
                " (acceptable advantage: \(details.hasAcceptableAdvantage ? "yes" : "no"), acceptable stability: \(details.hasAcceptableStability ? "yes" : "no"))\n"
        }
        return text
    }

    private func fixed(_ value: Double) -> String { value.isFinite ? String(format: "%.4f", value) : "NaN" }

    /// Ranks with every alternative whose score is not finite after the scored ones: a NaN never ranks first.
    /// Scored alternatives keep the method's ranks when all are finite; otherwise they are re-ranked among themselves.
    static func ranksWithUnscoredLast(_ scores: [Double], ranks: [Int], higherIsBetter: Bool) -> [Int] {
        let scored = scores.indices.filter { scores[$0].isFinite }
        guard scored.count < scores.count else { return ranks }
        let scoredRanks = minimumRanks(scored.map { scores[$0] }, higherIsBetter: higherIsBetter)
        var result = [Int](repeating: scored.count + 1, count: scores.count)
        for (position, index) in scored.enumerated() { result[index] = scoredRanks[position] }
        return result
    }
}

func parseList(_ text: String, count: Int, name: String) throws -> [Double] {
    let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    guard parts.count == count else { throw ValidationError("\(name): expected \(count) values, found \(parts.count)") }
    return try parts.map { part in
        guard let value = Double(part) else { throw ValidationError("\(name): expected a number, found \(part)") }
        return value
    }
}

func parseTypes(_ text: String, count: Int) throws -> [CriterionDirection] {
    let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    guard parts.count == count else { throw ValidationError("--types: expected \(count) values, found \(parts.count)") }
    return try parts.map { part in
        switch part.lowercased() {
        case "+", "+1", "benefit", "max": return .benefit
        case "-", "-1", "cost", "min": return .cost
        default: throw ValidationError("--types: expected + or -, found \(part)")
        }
    }
}
