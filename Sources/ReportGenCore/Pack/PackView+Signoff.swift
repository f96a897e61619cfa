/// The cover's status and the sign-off block.
extension PackView {
    package func signoffDictionary() -> [String: Any] {
        var view: [String: Any] = [:]
        if content.isSigned {
            let last = content.signoffs.last
            view["statusLabel"] =
                t("status_signed") + " (v\(content.version)): " + (last.map { t("signoff_" + $0.decision) } ?? "")
        }
        view["signoffs"] = content.signoffs.map { record -> [String: Any] in
            let key = record.keyFingerprint.flatMap { content.signerKeys[$0] }
            return [
                "signer": record.signer, "role": record.role, "decision": t("signoff_" + record.decision),
                "date": record.signedAt, "comment": record.comment ?? "",
                "signature": record.signature.map { String($0.prefix(24)) + "…" } ?? t("signoff_unsigned"),
                "key": key.map { "\($0.fingerprint) (\($0.signer))" } ?? "–",
                "corrects": record.corrects.map { t("signoff_corrects") + " \($0)" } ?? "",
                "cells": record.cells.filter { $0.outcome == "overridden" }.map { cell -> [String: String] in
                    [
                        "cell": cell.cell, "recommendation": t("rec_" + cell.recommendation),
                        "decision": t("rec_" + cell.decision), "rationale": cell.rationale ?? "",
                    ]
                },
                "accepted": String(record.cells.filter { $0.outcome == "accepted" }.count),
                "hasOverrides": record.cells.contains { $0.outcome == "overridden" },
            ]
        }
        view["isSigned"] = content.isSigned
        return view
    }
}
