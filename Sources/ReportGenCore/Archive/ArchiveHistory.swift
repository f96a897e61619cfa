import Foundation

/// The archive as a list of versions and decisions per month, and what changed between two months.
package enum ArchiveHistory {
    package struct Row: Codable, Sendable, Equatable {
        package var record: Int
        package var kind: String
        package var period: String
        package var version: Int?
        package var status: String?
        /// For a pack version: whether it is what the month's folder shows.
        package var current: Bool?
        package var signer: String?
        package var role: String?
        package var decision: String?
        package var overrides: Int?
        package var signed: Bool?
        /// The key that signed, by fingerprint.
        package var key: String?
        /// What else a reader needs: what a version restores or supersedes, which draft a sign-off signs, whether a
        /// later draft supersedes a signed version.
        package var note: String?
        package var date: String
    }

    /// Every pack version and sign-off, grouped by month (in record order within a month).
    package static func rows(_ archive: DecisionArchive) throws -> [Row] {
        let packs = try archive.packs()
        let byRecord = Dictionary(uniqueKeysWithValues: packs.map { ($0.seq, $0.record) })
        var current: [String: Int] = [:]
        for (seq, record) in packs where record.isCurrentCandidate { current[record.period] = seq }
        var rows: [Row] = []
        for entry in try archive.entries() {
            switch entry.kind {
            case "pack":
                guard let pack = byRecord[entry.seq] else { continue }
                var notes: [String] = []
                if let restores = pack.restores {
                    notes.append("restores v\(byRecord[restores]?.version ?? 0) (record \(restores))")
                }
                if let supersedes = pack.supersedes, let previous = byRecord[supersedes], previous.isSigned,
                    !pack.isSigned, pack.isCurrentCandidate
                {
                    notes.append("supersedes signed v\(previous.version)")
                }
                if !pack.isCurrentCandidate {
                    notes.append("archived only: the folder keeps the signed version (build --supersede replaces it)")
                }
                if pack.isSigned {
                    let later = packs.filter {
                        $0.seq > entry.seq && $0.record.period == pack.period && !$0.record.isSigned
                    }
                    if let superseding = later.first(where: {
                        $0.record.isCurrentCandidate && $0.record.restores == nil
                    }) {
                        notes.append("superseded by draft v\(superseding.record.version) (record \(superseding.seq))")
                    } else if let waiting = later.first {
                        notes.append(
                            "a later draft v\(waiting.record.version) (record \(waiting.seq)) is archived, not current")
                    }
                }
                rows.append(
                    Row(
                        record: entry.seq, kind: "pack", period: pack.period, version: pack.version,
                        status: pack.status,
                        current: current[pack.period] == entry.seq,
                        note: notes.isEmpty ? nil : notes.joined(separator: "; "),
                        date: entry.createdAt))
            case "signoff":
                guard let signoff = try? JSONDecoder().decode(SignoffRecord.self, from: entry.body) else { continue }
                var notes = ["on v\(byRecord[signoff.packSeq]?.version ?? 0) (record \(signoff.packSeq))"]
                if let corrects = signoff.corrects { notes.append("corrects record \(corrects)") }
                if !signoff.isSigned { notes.append("UNSIGNED: recorded with --unsigned, without a key") }
                rows.append(
                    Row(
                        record: entry.seq, kind: "signoff", period: signoff.period, signer: signoff.signer,
                        role: signoff.role, decision: signoff.decision,
                        overrides: signoff.cells.filter { $0.outcome == "overridden" }.count,
                        signed: signoff.isSigned, key: signoff.keyFingerprint, note: notes.joined(separator: "; "),
                        date: entry.createdAt))
            default:
                continue
            }
        }
        return rows.enumerated().sorted { ($0.element.period, $0.offset) < ($1.element.period, $1.offset) }.map(
            \.element)
    }
}

/// What changed from one month's current version to another's.
package struct MonthComparison: Codable, Sendable, Equatable {
    package struct Side: Codable, Sendable, Equatable {
        package var period: String
        package var version: Int
        package var status: String
        package var record: Int
    }
    package struct Change: Codable, Sendable, Equatable {
        package var key: String
        package var from: String?
        package var to: String?
    }
    package struct Decision: Codable, Sendable, Equatable {
        package var period: String
        package var record: Int
        package var signer: String
        package var role: String
        package var decision: String
        package var signed: Bool
        package var corrects: Int?
        package var overrides: [Change]
    }

    package var archive: String
    package var from: Side
    package var to: Side
    /// Retained and modelled kgCO2e of each month.
    package var figures: [Change]
    /// The cells whose recommendation differs.
    package var recommendations: [Change]
    /// The sign-offs of each month's reviewed draft.
    package var decisions: [Decision]
    /// The reference factors whose value differs.
    package var factors: [Change]
    package var fromFactorTable: String
    package var toFactorTable: String

    /// Whether the months differ: a figure, a recommendation or a reference factor (each month's decisions are its
    /// own, and listed, but are not a difference).
    package var differs: Bool {
        figures.contains { $0.from != $0.to } || !recommendations.isEmpty || !factors.isEmpty
    }

    /// Compares the current versions of months `a` and `b`.
    /// - Throws: ``ArchiveError/noPack(period:archive:)`` when a month has no pack.
    package static func compare(_ archive: DecisionArchive, from a: String, to b: String) throws -> MonthComparison {
        guard let first = try archive.current(a) else { throw ArchiveError.noPack(period: a, archive: archive.path) }
        guard let second = try archive.current(b) else { throw ArchiveError.noPack(period: b, archive: archive.path) }
        func document(_ record: PackRecord) throws -> [String: Any] {
            guard let sha = record.files["pack.json"], let data = try archive.blob(sha),
                let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            else { return [:] }
            return object
        }
        let left = try document(first.record)
        let right = try document(second.record)
        func number(_ object: [String: Any], _ path: [String]) -> Double? {
            var value: Any? = object
            for key in path { value = (value as? [String: Any])?[key] }
            return value as? Double
        }
        let figures = [
            Change(
                key: "retained kgCO2e of the month", from: format((left["totals"] as? [String: Double])?[a]),
                to: format((right["totals"] as? [String: Double])?[b])),
            Change(
                key: "model kgCO2e of the month", from: format(number(left, ["modelTotal", "central"])),
                to: format(number(right, ["modelTotal", "central"]))),
        ]
        let before = Dictionary(
            first.record.recommendations.map { ($0.cell, $0.recommendation) }, uniquingKeysWith: { $1 })
        let after = Dictionary(
            second.record.recommendations.map { ($0.cell, $0.recommendation) }, uniquingKeysWith: { $1 })
        let recommendations = Set(before.keys).union(after.keys).sorted().compactMap { cell -> Change? in
            before[cell] == after[cell] ? nil : Change(key: cell, from: before[cell], to: after[cell])
        }
        let signoffs = try archive.signoffs()
        var decisions: [Decision] = []
        for side in first.seq == second.seq ? [first] : [first, second] {
            for (seq, record) in signoffs
            where record.period == side.record.period && record.manifestSHA256 == side.record.manifestSHA256 {
                decisions.append(
                    Decision(
                        period: record.period, record: seq, signer: record.signer, role: record.role,
                        decision: record.decision, signed: record.isSigned, corrects: record.corrects,
                        overrides: record.cells.filter { $0.outcome == "overridden" }.map {
                            Change(key: $0.cell, from: $0.recommendation, to: $0.decision + " (\($0.rationale ?? ""))")
                        }))
            }
        }
        func factors(_ object: [String: Any]) -> [String: Double] {
            Dictionary(
                (object["factors"] as? [[String: Any]] ?? []).compactMap { item in
                    (item["key"] as? String).flatMap { key in (item["value"] as? Double).map { (key, $0) } }
                }, uniquingKeysWith: { $1 })
        }
        let factorsA = factors(left)
        let factorsB = factors(right)
        let factorChanges = Set(factorsA.keys).union(factorsB.keys).sorted().compactMap { key -> Change? in
            factorsA[key] == factorsB[key]
                ? nil : Change(key: key, from: format(factorsA[key]), to: format(factorsB[key]))
        }
        return MonthComparison(
            archive: archive.path,
            from: Side(period: a, version: first.record.version, status: first.record.status, record: first.seq),
            to: Side(period: b, version: second.record.version, status: second.record.status, record: second.seq),
            figures: figures, recommendations: recommendations, decisions: decisions, factors: factorChanges,
            fromFactorTable: first.record.factorsSHA256, toFactorTable: second.record.factorsSHA256)
    }

    /// The comparison as text, saying first what was compared.
    package var text: String {
        func side(_ side: Side) -> String { "\(side.period) v\(side.version) (\(side.status), record \(side.record))" }
        var lines = [
            "# \(side(from)) → \(side(to))", "compared: the current version of each month in \(archive)", "",
            "## Figures",
        ]
        lines += figures.map { "\($0.key): \($0.from ?? "–") → \($0.to ?? "–")" }
        lines += ["", "## Recommendations"]
        lines +=
            recommendations.isEmpty
            ? ["no change"]
            : recommendations.map {
                // A cell of the first month that the second lacks had no traffic: never a silent "no change".
                "\($0.key): \($0.from ?? "(none)") → \($0.to ?? "(none: no traffic, not in the matrix)")"
            }
        lines += ["", "## Decisions"]
        for month in from.period == to.period ? [from] : [from, to] {
            let records = decisions.filter { $0.period == month.period }
            if records.isEmpty { lines.append("\(month.period) (v\(month.version)): not signed") }
            for record in records {
                lines.append(
                    "\(record.period): \(record.decision) by \(record.signer) (\(record.role)), record \(record.record)"
                        + (record.signed ? "" : ", UNSIGNED") + (record.corrects.map { ", corrects \($0)" } ?? "")
                        + (record.overrides.isEmpty
                            ? ""
                            : ": "
                                + record.overrides.map { "\($0.key) \($0.from ?? "") → \($0.to ?? "")" }.joined(
                                    separator: "; ")))
            }
        }
        lines += ["", "## Reference factors"]
        if factors.isEmpty {
            lines.append("no change (factor table \(fromFactorTable.prefix(12)) → \(toFactorTable.prefix(12)))")
        } else {
            lines += factors.map { "\($0.key): \($0.from ?? "–") → \($0.to ?? "–")" }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func format(_ value: Double?) -> String? { value.map { String(format: "%.4g", $0) } }
}
