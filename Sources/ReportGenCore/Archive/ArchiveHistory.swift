import Foundation

/// The archive as a list of packs and decisions, and what changed between two months.
package enum ArchiveHistory {
    package struct Row: Codable, Sendable, Equatable {
        package var record: Int
        package var kind: String
        package var period: String
        package var version: Int?
        package var status: String?
        package var signer: String?
        package var role: String?
        package var decision: String?
        package var overrides: Int?
        package var signed: Bool?
        package var date: String
    }

    package static func rows(_ archive: DecisionArchive) throws -> [Row] {
        try archive.entries().compactMap { entry in
            switch entry.kind {
            case "pack":
                guard let pack = try? JSONDecoder().decode(PackRecord.self, from: entry.body) else { return nil }
                return Row(
                    record: entry.seq, kind: "pack", period: pack.period, version: pack.version, status: pack.status,
                    date: entry.createdAt)
            case "signoff":
                guard let signoff = try? JSONDecoder().decode(SignoffRecord.self, from: entry.body) else { return nil }
                return Row(
                    record: entry.seq, kind: "signoff", period: signoff.period, signer: signoff.signer,
                    role: signoff.role,
                    decision: signoff.decision, overrides: signoff.cells.filter { $0.outcome == "overridden" }.count,
                    signed: signoff.signature != nil, date: entry.createdAt)
            default:
                return nil
            }
        }
    }

    /// What changed from month `a` to month `b` (their latest pack versions): totals, recommendations, decisions and
    /// reference factors.
    package static func diff(_ archive: DecisionArchive, from a: String, to b: String) throws -> String {
        let packs = try archive.packs()
        guard let first = packs.last(where: { $0.record.period == a }) else {
            throw ArchiveError.refused("no pack for \(a) in \(archive.path)")
        }
        guard let second = packs.last(where: { $0.record.period == b }) else {
            throw ArchiveError.refused("no pack for \(b) in \(archive.path)")
        }
        func document(_ record: PackRecord) throws -> [String: Any] {
            guard let sha = record.files["pack.json"], let data = try archive.blob(sha),
                let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            else { return [:] }
            return object
        }
        let left = try document(first.record)
        let right = try document(second.record)
        var lines = [
            "# \(a) (v\(first.record.version), \(first.record.status)) → \(b) (v\(second.record.version), \(second.record.status))",
            "", "## Figures",
        ]
        func number(_ object: [String: Any], _ path: [String]) -> Double? {
            var value: Any? = object
            for key in path { value = (value as? [String: Any])?[key] }
            return value as? Double
        }
        let totalA = (left["totals"] as? [String: Double])?[a]
        let totalB = (right["totals"] as? [String: Double])?[b]
        lines.append("retained kgCO2e of the month: \(format(totalA)) → \(format(totalB))")
        lines.append(
            "model kgCO2e of the month: \(format(number(left, ["modelTotal", "central"]))) → \(format(number(right, ["modelTotal", "central"])))"
        )
        lines += ["", "## Recommendations"]
        let recA = Dictionary(uniqueKeysWithValues: first.record.recommendations.map { ($0.cell, $0.recommendation) })
        var changed = false
        for recommendation in second.record.recommendations
        where recA[recommendation.cell] != recommendation.recommendation {
            lines.append(
                "\(recommendation.cell): \(recA[recommendation.cell] ?? "(none)") → \(recommendation.recommendation)")
            changed = true
        }
        // A cell of the first month that the second lacks (its language had no traffic): never a silent "no change".
        let cellsB = Set(second.record.recommendations.map(\.cell))
        for recommendation in first.record.recommendations where !cellsB.contains(recommendation.cell) {
            lines.append(
                "\(recommendation.cell): \(recommendation.recommendation) → (none: no traffic, not in the matrix)")
            changed = true
        }
        if !changed { lines.append("no change") }
        lines += ["", "## Decisions"]
        let signoffs = try archive.signoffs()
        for (period, pack) in [(a, first), (b, second)] {
            let records = signoffs.filter { $0.record.period == period }
            if records.isEmpty { lines.append("\(period) (v\(pack.record.version)): not signed") }
            for (seq, record) in records {
                let overrides = record.cells.filter { $0.outcome == "overridden" }
                lines.append(
                    "\(period): \(record.decision) by \(record.signer) (\(record.role)), record \(seq)\(record.corrects.map { ", corrects \($0)" } ?? "")"
                        + (overrides.isEmpty
                            ? ""
                            : ": "
                                + overrides.map {
                                    "\($0.cell) \($0.recommendation) → \($0.decision) (\($0.rationale ?? ""))"
                                }.joined(separator: "; ")))
            }
        }
        lines += ["", "## Reference factors"]
        func factors(_ object: [String: Any]) -> [String: Double] {
            Dictionary(
                uniqueKeysWithValues: (object["factors"] as? [[String: Any]] ?? []).compactMap { item in
                    (item["key"] as? String).flatMap { key in (item["value"] as? Double).map { (key, $0) } }
                })
        }
        let factorsA = factors(left)
        let factorsB = factors(right)
        var factorChanges = 0
        for key in Set(factorsA.keys).union(factorsB.keys).sorted() where factorsA[key] != factorsB[key] {
            lines.append("\(key): \(format(factorsA[key])) → \(format(factorsB[key]))")
            factorChanges += 1
        }
        if factorChanges == 0 {
            lines.append(
                "no change (factor table \(first.record.factorsSHA256.prefix(12)) → \(second.record.factorsSHA256.prefix(12)))"
            )
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func format(_ value: Double?) -> String { value.map { String(format: "%.4g", $0) } ?? "–" }
}
