import Crypto
import Foundation

/// What `reportgen sign` is asked to record.
package struct SignOffRequest: Sendable {
    package var packFolder: URL
    package var archive: URL?
    package var signer: String
    package var role: String
    /// `approve`, `reject` or `amend`.
    package var decision: String
    /// `service/lang=decision[:rationale]`, where decision is `accept` or a recommendation kind.
    package var cells: [String] = []
    package var comment: String?
    package var keyFile: URL?
    package var now = Date()
    /// How long to wait for another writer before giving up.
    package var busyTimeoutMilliseconds: Int32 = 5000

    package init(packFolder: URL, signer: String, role: String, decision: String) {
        self.packFolder = packFolder
        self.signer = signer
        self.role = role
        self.decision = decision
    }
}

/// Records a sign-off: checks the pack against the archive, records every cell's decision (an override needs a
/// rationale), signs the record with Ed25519 when a key is given, and writes the signed version of the pack. The
/// sign-off, the signer's key, the signed pack record and its files are appended in one transaction, and the pack
/// folder is replaced inside it: a crash leaves either all of it or none.
package enum SignOff {
    package static let decisions = ["approve", "reject", "amend"]

    @discardableResult
    package static func run(_ request: SignOffRequest, progress: any ProgressReporter) throws -> (folder: URL, signoffSeq: Int) {
        guard decisions.contains(request.decision) else {
            throw ArchiveError.refused("--decision \(request.decision): expected approve, reject or amend")
        }
        guard !request.signer.trimmingCharacters(in: .whitespaces).isEmpty,
            !request.role.trimmingCharacters(in: .whitespaces).isEmpty
        else {
            throw ArchiveError.refused("--signer and --role must name who signs and in which capacity")
        }
        if request.decision == "reject", (request.comment ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw ArchiveError.refused("a rejection needs a --comment saying why")
        }
        let folder = request.packFolder.standardizedFileURL
        let workspaceRoot = folder.deletingLastPathComponent().deletingLastPathComponent()
        let archivePath = request.archive?.path ?? workspaceRoot.appendingPathComponent(DecisionArchive.fileName).path
        let archive = try DecisionArchive(
            path: archivePath, create: false, busyTimeoutMilliseconds: request.busyTimeoutMilliseconds)
        PackWriter.recover(folder)
        let folderIssues = try ArchiveVerifier.verify(packFolder: folder, archive: nil)
        guard folderIssues.isEmpty else {
            throw ArchiveError.refused(
                "the pack folder does not match its manifest: "
                    + folderIssues.map(\.description).joined(separator: "; "))
        }
        let manifestSHA = sha256Hex(try Data(contentsOf: folder.appendingPathComponent("manifest.json")))
        guard let (packSeq, pack) = try archive.packs().last(where: { $0.record.manifestSHA256 == manifestSHA }) else {
            throw ArchiveError.refused(
                "\(folder.path) is not an archived pack (its manifest \(manifestSHA) is in no record of \(archivePath)); build it first"
            )
        }
        let earlier = try archive.signoffs().filter { $0.record.period == pack.period }
        var corrects: Int?
        if request.decision == "amend" {
            guard let last = earlier.last else {
                throw ArchiveError.refused(
                    "nothing to amend: \(pack.period) has no sign-off yet; use --decision approve or reject")
            }
            corrects = last.seq
        }
        let cells = try cellDecisions(request.cells, recommendations: pack.recommendations)

        var keyRecord: KeyRecord?
        var privateKey: Curve25519.Signing.PrivateKey?
        if let keyFile = request.keyFile {
            let key = try SigningKey.load(keyFile)
            privateKey = key
            let publicKey = key.publicKey.rawRepresentation
            keyRecord = KeyRecord(
                signer: request.signer, role: request.role, publicKey: publicKey.base64EncodedString(),
                fingerprint: SigningKey.fingerprint(publicKey))
        }
        let signedAt = ISO8601DateFormatter().string(from: request.now)
        var signoff = SignoffRecord(
            packSeq: packSeq, period: pack.period, manifestSHA256: manifestSHA, signer: request.signer,
            role: request.role,
            decision: request.decision, comment: request.comment, cells: cells, signedAt: signedAt, corrects: corrects,
            keyFingerprint: keyRecord?.fingerprint, signature: nil)
        if let privateKey {
            signoff.signature = try privateKey.signature(for: signoff.signedBytes()).base64EncodedString()
        }

        // The signed version: the same inputs and build time as the archived pack, with the sign-offs shown.
        let workspace = try Workspace.load(workspaceRoot)
        var keys = Dictionary(uniqueKeysWithValues: try archive.keys().map { ($0.record.fingerprint, $0.record) })
        if let keyRecord { keys[keyRecord.fingerprint] = keyRecord }
        var build = PackRequest(workspace: workspaceRoot)
        build.options.period = YearMonth(pack.period)
        build.options.now = ISO8601DateFormatter().date(from: pack.generatedAt) ?? request.now
        build.signoffs = earlier.map(\.record) + [signoff]
        build.signerKeys = keys
        build.version = pack.version + 1
        let (_, files, rendered) = try PackBuilder.render(
            build, workspace: workspace, progress: SilentProgress())
        guard rendered.inputs == pack.inputs else {
            let changed = Set(rendered.inputs.keys).union(pack.inputs.keys).filter {
                rendered.inputs[$0] != pack.inputs[$0]
            }.sorted()
            throw ArchiveError.refused(
                "the inputs changed since the pack was built (\(changed.joined(separator: ", "))); build the pack again and sign the new one"
            )
        }
        let seq = try archive.database.transaction { () throws -> Int in
            if let keyRecord, try !archive.keys().contains(where: { $0.record == keyRecord }) {
                try archive.append(kind: "key", createdAt: signedAt, body: keyRecord)
            }
            let seq = try archive.append(kind: "signoff", createdAt: signedAt, body: signoff, corrects: corrects)
            var signed = rendered
            signed.supersedes = packSeq
            signed.signoff = seq
            try archive.archive(files: files, record: signed)
            try PackWriter.write(files, to: folder)
            return seq
        }
        progress.stage(
            "sign",
            "\(request.decision) by \(request.signer) recorded as record \(seq); signed version v\(rendered.version) written to \(folder.path)"
        )
        return (folder, seq)
    }

    /// Every recommendation accepted unless `--cell` overrides it; an override must give its rationale.
    package static func cellDecisions(_ arguments: [String], recommendations: [PackRecord.ArchivedRecommendation]) throws
        -> [CellDecision]
    {
        var overrides: [String: (decision: String, rationale: String?)] = [:]
        let kinds = RecommendationKind.allCases.map(\.rawValue)
        for argument in arguments {
            let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else {
                throw ArchiveError.refused("--cell \(argument): expected SERVICE/LANG=DECISION[:RATIONALE]")
            }
            let cell = parts[0].trimmingCharacters(in: .whitespaces)
            guard recommendations.contains(where: { $0.cell == cell }) else {
                throw ArchiveError.refused(
                    "--cell \(argument): \(cell) is not a cell of this pack; expected one of \(recommendations.map(\.cell).joined(separator: ", "))"
                )
            }
            let rest = parts[1].split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            let decision = rest[0]
            guard decision == "accept" || kinds.contains(decision) else {
                throw ArchiveError.refused(
                    "--cell \(argument): decision \(decision): expected accept or one of \(kinds.joined(separator: ", "))"
                )
            }
            overrides[cell] = (decision, rest.count > 1 && !rest[1].isEmpty ? rest[1] : nil)
        }
        return try recommendations.map { recommendation in
            guard let chosen = overrides[recommendation.cell], chosen.decision != "accept",
                chosen.decision != recommendation.recommendation
            else {
                return CellDecision(
                    cell: recommendation.cell, recommendation: recommendation.recommendation, outcome: "accepted",
                    decision: recommendation.recommendation, rationale: overrides[recommendation.cell]?.rationale)
            }
            guard let rationale = chosen.rationale else {
                throw ArchiveError.refused(
                    "\(recommendation.cell): overriding \(recommendation.recommendation) with \(chosen.decision) needs a rationale: --cell \(recommendation.cell)=\(chosen.decision):WHY"
                )
            }
            return CellDecision(
                cell: recommendation.cell, recommendation: recommendation.recommendation, outcome: "overridden",
                decision: chosen.decision, rationale: rationale)
        }
    }
}
