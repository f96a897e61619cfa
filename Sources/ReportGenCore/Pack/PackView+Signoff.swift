import Templates

/// The cover's status and the sign-off section of a pack. A pack is what the reviewers read and never changes: the
/// section says where its sign-offs are recorded (``SignoffView`` renders them, in `signoff.html`).
extension PackView {
    package func signoffDictionary() -> [String: Any] {
        ["statusLabel": t("status_for_decision")]
    }
}

/// The view `signoff.html` renders: every sign-off of the reviewed draft, with its decisions, signature and key, or
/// its UNSIGNED label.
package struct SignoffView {
    package let document: SignoffDocument
    package let language: ReportLanguage
    package let strings: [String: String]

    package func t(_ key: String) -> String { strings[key] ?? key }

    package func dictionary() -> [String: Any] {
        let format = NumberFormat(language: language)
        let period = YearMonth(document.period).map { format.month(year: $0.year, month: $0.month) } ?? document.period
        let last = document.signoffs.last?.signoff
        let status =
            last.map { ($0.isSigned ? t("status_signed") : t("status_recorded_unsigned")) } ?? t("status_draft")
        return [
            "lang": language.rawValue, "t": strings, "toolVersion": document.toolVersion,
            "organisation": document.organisation, "periodLabel": period,
            "statusLabel": status + " (v\(document.version))" + (last.map { ": " + t("signoff_" + $0.decision) } ?? ""),
            "version": String(document.version), "reviewedVersion": String(document.reviewedVersion),
            "reviewedRecord": String(document.reviewedRecord), "manifestSHA256": document.manifestSHA256,
            "archive": document.archive ?? "–", "headSeq": String(document.head.seq), "headHash": document.head.hash,
            "signoffs": document.signoffs.map(entry),
        ]
    }

    private func entry(_ entry: SignoffDocument.Entry) -> [String: Any] {
        let record = entry.signoff
        var view: [String: Any] = [
            "record": String(entry.record), "signer": record.signer, "role": record.role,
            "decision": t("signoff_" + record.decision), "date": record.signedAt,
            "unsigned": !record.isSigned,
            "accepted": String(record.cells.filter { $0.outcome == "accepted" }.count),
            "cells": record.cells.map { cell -> [String: String] in
                [
                    "cell": cell.cell, "recommendation": t("rec_" + cell.recommendation),
                    "decision": t("rec_" + cell.decision), "outcome": t("signoff_outcome_" + cell.outcome),
                    "rationale": cell.rationale ?? "",
                ]
            },
            "signature": record.signature ?? "", "fingerprint": record.keyFingerprint ?? "–",
            "publicKey": record.publicKey ?? "–",
        ]
        if let corrects = record.corrects { view["corrects"] = t("signoff_corrects") + " \(corrects)" }
        if let comment = record.comment, !comment.isEmpty { view["comment"] = comment } else { view["comment"] = nil }
        return view
    }
}
