import ArgumentParser
import Foundation
import ReportGenCore
import Matrix

/// `reportgen weights`: AHP weights and consistency from a pairwise comparison matrix.
struct WeightsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "weights", abstract: "Derive criteria weights from a pairwise comparison matrix (AHP).",
        discussion: """
            PAIRWISE.csv: a square matrix with a header of criteria names and a first column of the same names;
            entries are numbers or fractions (1/5). Exits with 1 when CR > 0.10, unless --allow-inconsistent.
            """)

    enum Method: String, ExpressibleByArgument, CaseIterable { case eigenvector, geometric }
    enum Table: String, ExpressibleByArgument, CaseIterable { case saaty, tummalaLing = "tummala-ling", aguaron }

    @Argument(help: "The pairwise comparison matrix CSV.", completion: .file(extensions: ["csv"])) var pairwise: String
    @Option(help: "eigenvector (Saaty's principal eigenvector) or geometric (row geometric mean).")
    var method: Method = .eigenvector
    @Option(help: "Random index table: saaty, tummala-ling or aguaron.") var ri: Table = .saaty
    @Flag(help: "Exit 0 even when the judgements are inconsistent.") var allowInconsistent = false

    func run() throws {
        let (text, isConsistent) = try output()
        print(text, terminator: "")
        if !isConsistent && !allowInconsistent { throw ExitCode.failure }
    }

    /// What `run` prints, and whether the judgements are consistent.
    func output() throws -> (text: String, isConsistent: Bool) {
        let file = try PairwiseMatrixFile.read(InputFile(name: pairwise, url: fileURL(pairwise)))
        let table: RandomIndexTable = ri == .saaty ? .saaty : ri == .aguaron ? .aguaron : .tummalaLing
        let result = try analyticHierarchy(
            file.entries, method: method == .eigenvector ? .principalEigenvector : .geometricMean, table: table)
        var weights = TextTable(header: ["criterion", "weight"])
        for (name, weight) in zip(file.criteria, result.weights) {
            weights.rows.append([name, String(format: "%.4f", weight)])
        }
        var text = "# AHP, \(result.method.rawValue)\n" + weights.render()
        text += String(
            format: "lambda_max = %.4f, CI = %.4f, CR = %.4f", result.lambdaMax, result.consistencyIndex,
            result.consistencyRatio)
        text += " (RI: \(result.randomIndexTable))\n"
        if result.isConsistent {
            text += "consistent: CR ≤ 0.10\n"
        } else {
            text +=
                "INCONSISTENT: CR = \(String(format: "%.4f", result.consistencyRatio)) > 0.10; review the judgements before using these weights\n"
        }
        return (text, result.isConsistent)
    }
}
