import Crypto
import Foundation

/// What `reportgen sign` is asked to record.
package struct SignOffRequest: Sendable {
    package var packFolder: URL
    /// The archive, or the workspace holding it, when not the one the pack records.
    package var archive: URL?
    package var workspace: URL?
    package var signer: String
    /// The capacity; by default the one the signer is registered with.
    package var role: String?
    /// `approve`, `reject` or `amend`.
    package var decision: String
    /// `service/lang=decision[:rationale]`, where decision is `accept` or a recommendation kind.
    package var cells: [String] = []
    package var comment: String?
    package var keyFile: URL?
    /// Records the sign-off without a signature (no key): labelled unsigned wherever it appears.
    package var unsigned = false
    /// Registers the signer with this key, on a first signature.
    package var register = false
    /// Reads the passphrase of a protected key (from a terminal or the environment).
    package var passphrase: @Sendable () throws -> Data? = { nil }
    package var now = Date()
    /// How long to wait for another writer before giving up.
    package var busyTimeoutMilliseconds: Int32 = 5000

    package init(packFolder: URL, signer: String, role: String?, decision: String) {
        self.packFolder = packFolder
        self.signer = signer
        self.role = role
        self.decision = decision
    }
}

/// What a sign-off recorded.
package struct SignOffOutcome: Sendable {
    package var folder: URL
    /// The sign-off's record number, and the signed version's number and record.
    package var signoff: Int
    package var version: Int
    package var packRecord: Int
    package var isSigned: Bool
}

/// Records a sign-off on the pack the reviewers read, without recomputing or re-rendering any of it.
///
/// The sign-off record (signer, role, each cell's decision, the SHA-256 of the reviewed `manifest.json`, the archive's
/// head before it) is signed with the signer's Ed25519 key, appended to the archive with a signed version of the
/// pack: the reviewed files byte for byte, plus `signoff.json` (every sign-off of the draft, as archived) and
/// `signoff.html` (their readable view, in the pack's main language). The archive commits first; the folder is
/// then replaced whole, so a crash leaves the previous version, which the next run repairs.
package enum SignOff {
    package static let decisions = ["approve", "reject", "amend"]

    @discardableResult
    package static func run(_ request: SignOffRequest, progress: any ProgressReporter) throws -> SignOffOutcome {
        guard decisions.contains(request.decision) else { throw SignOffError.invalidDecision(request.decision) }
        let signerName = request.signer.trimmingCharacters(in: .whitespaces)
        guard !signerName.isEmpty else { throw SignOffError.missingSigner }
        let givenRole = request.role.map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        if request.decision == "reject", (request.comment ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw SignOffError.rejectionNeedsComment
        }
        if request.keyFile != nil, request.unsigned { throw SignOffError.keyAndUnsigned }
        if request.keyFile == nil, !request.unsigned { throw SignOffError.keyRequired }
        let privateKey = try request.keyFile.map { try SigningKey.load($0, passphrase: request.passphrase) }

        let location = try PackLocation.locate(
            request.packFolder, archive: request.archive, workspace: request.workspace)
        let lock = try ArchiveLock.acquire(
            archivePath: location.archivePath, holder: "reportgen sign",
            timeoutMilliseconds: request.busyTimeoutMilliseconds)
        defer { lock.release() }
        let archive = try DecisionArchive(
            path: location.archivePath, create: false, busyTimeoutMilliseconds: request.busyTimeoutMilliseconds)
        let period = location.folder.manifest.period
        try PackPublisher.repair(period: period, archive: archive, workspace: location.workspace, progress: progress)

        // The folder must be an archived version, unchanged, and the month's current one.
        let folder = try PackFolder.read(location.folder.url)
        let mismatches = folder.mismatches
        guard mismatches.isEmpty else {
            throw SignOffError.packFolderChanged(folder: folder.url.path, issues: mismatches.map(\.description))
        }
        if !folder.unlisted.isEmpty {
            throw PackFolderError.unlistedFiles(path: folder.url.path, names: folder.unlisted)
        }
        let packs = try archive.packs()
        guard let held = packs.last(where: { $0.record.files == folder.shown }) else {
            if folder.signoffData != nil || folder.found[SignoffDocument.viewFileName] != nil {
                throw SignOffError.matchesNoVersion(folder: folder.url.path, period: period)
            }
            throw SignOffError.notArchived(
                folder: folder.url.path, manifestSHA256: folder.manifestSHA256, archive: archive.path)
        }
        if let current = try archive.current(period), current.record.files != held.record.files {
            throw SignOffError.notCurrent(
                folder: folder.url.path, holds: held.record.version, current: current.record.version, period: period)
        }
        let signoffs = try archive.signoffs()
        // The reviewed draft: the version itself, or the draft a signed version carries.
        var draftSeq = held.seq
        if held.record.files[SignoffDocument.fileName] != nil, let signoff = held.record.signoff,
            let record = signoffs.first(where: { $0.seq == signoff })?.record
        {
            draftSeq = record.packSeq
        }
        guard let draft = packs.first(where: { $0.seq == draftSeq })?.record else {
            throw SignOffError.notArchived(
                folder: folder.url.path, manifestSHA256: folder.manifestSHA256, archive: archive.path)
        }
        let earlier = signoffs.filter {
            $0.record.period == draft.period && $0.record.manifestSHA256 == draft.manifestSHA256
        }
        var corrects: Int?
        if request.decision == "amend" {
            guard let last = earlier.last else { throw SignOffError.nothingToAmend(period: period) }
            corrects = last.seq
        } else if let previous = earlier.last(where: {
            isSameSigner($0.record.signer, signerName) && $0.record.decision != "amend"
        }) {
            throw SignOffError.alreadySigned(
                signer: previous.record.signer, decision: previous.record.decision, record: previous.seq, period: period
            )
        }
        let cells = try cellDecisions(request.cells, recommendations: draft.recommendations)

        // Who signs: the key's registration, or a first registration with --register.
        let keys = try archive.keys().map(\.record)
        var keyRecord: KeyRecord?
        var appendKey = false
        var signer = signerName
        var role = givenRole
        if let privateKey {
            let seed = privateKey.rawRepresentation.base64EncodedString()
            if let owner = keys.first(where: { $0.publicKey == seed }), let path = request.keyFile?.path {
                throw SignOffError.publicKeyAsPrivateKey(path: path, signer: owner.signer)
            }
            let resolved = try SignerRegistry.resolve(
                signer: signerName, role: givenRole, publicKey: privateKey.publicKey.rawRepresentation, keys: keys,
                register: request.register)
            keyRecord = resolved.record
            appendKey = resolved.isNew
            signer = resolved.record.signer
            role = resolved.record.role
        } else if role == nil {
            role = SignerRegistry.role(of: signerName, keys: keys)
        }
        guard let role else { throw SignOffError.missingRole(signer: signerName) }

        let signedAt = ISO8601DateFormatter().string(from: request.now)
        let version = (packs.filter { $0.record.period == period }.map(\.record.version).max() ?? 0) + 1
        let current = try archive.current(period)
        let renderer = try SignoffRenderer(
            settings: draft.settings, customFiles: try templateFiles(of: draft, in: archive))
        let folderName = PackPublisher.recordedFolder(folder.url, workspace: location.workspace)

        let (signoffHead, signed, packHead) = try archive.database.transaction {
            () throws -> (ChainHead, PackRecord, ChainHead) in
            if appendKey, let keyRecord {
                try archive.append(kind: "key", createdAt: signedAt, body: keyRecord)
                FaultPoint.keyRecorded.reach()
            }
            var signoff = SignoffRecord(
                packSeq: draftSeq, period: draft.period, manifestSHA256: draft.manifestSHA256, signer: signer,
                role: role, decision: request.decision, comment: request.comment, cells: cells, signedAt: signedAt,
                corrects: corrects, keyFingerprint: keyRecord?.fingerprint, publicKey: keyRecord?.publicKey,
                archive: archive.id, head: try archive.head(), signature: nil)
            if let privateKey {
                signoff.signature = try privateKey.signature(for: signoff.signedBytes()).base64EncodedString()
            }
            let signoffHead = try archive.append(
                kind: "signoff", createdAt: signedAt, body: signoff, corrects: corrects)
            FaultPoint.signoffRecorded.reach()

            var entries: [SignoffDocument.Entry] = []
            for (seq, record) in earlier {
                entries.append(.init(record: seq, hash: try archive.entry(seq)?.hash ?? "", signoff: record))
            }
            entries.append(.init(record: signoffHead.seq, hash: signoffHead.hash, signoff: signoff))
            let document = SignoffDocument(
                toolVersion: ToolVersion.current, period: draft.period,
                organisation: folder.manifest.organisation, version: version, reviewedRecord: draftSeq,
                reviewedVersion: draft.version, manifestSHA256: draft.manifestSHA256, archive: archive.id,
                head: signoffHead, signoffs: entries)
            var signed = draft
            signed.status = "signed"
            signed.version = version
            signed.supersedes = current?.seq
            signed.signoff = signoffHead.seq
            signed.folder = folderName
            signed.current = nil
            signed.restores = nil
            let signoffFiles = try renderer.files(for: document)
            for file in signoffFiles { signed.files[file.name] = sha256Hex(file.data) }
            let packHead = try archive.archive(files: signoffFiles, record: signed, createdAt: signedAt)
            FaultPoint.packRecorded.reach()
            return (signoffHead, signed, packHead)
        }
        FaultPoint.committed.reach()
        try PackPublisher.write(signed, from: archive, to: folder.url)
        progress.stage(
            "sign",
            "\(request.decision) by \(signer) (\(role))\(privateKey == nil ? ", UNSIGNED," : "") recorded as record \(signoffHead.seq); signed version v\(version) (record \(packHead.seq)) written to \(folder.url.path): the reviewed files unchanged, signoff.json and signoff.html added"
        )
        return SignOffOutcome(
            folder: folder.url, signoff: signoffHead.seq, version: version, packRecord: packHead.seq,
            isSigned: privateKey != nil)
    }

    /// The `--templates` files a draft was rendered with, read back from the archive.
    static func templateFiles(of record: PackRecord, in archive: DecisionArchive) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for (path, sha) in record.settings?.templates ?? [:] {
            guard let data = try archive.blob(sha) else {
                throw ArchiveError.missingFile(name: "templates/" + path, sha256: sha, archive: archive.path)
            }
            files[path] = data
        }
        return files
    }

    /// Every recommendation accepted unless `--cell` overrides it; an override must give its rationale.
    package static func cellDecisions(_ arguments: [String], recommendations: [PackRecord.ArchivedRecommendation])
        throws
        -> [CellDecision]
    {
        var overrides: [String: (decision: String, rationale: String?)] = [:]
        let kinds = RecommendationKind.allCases.map(\.rawValue)
        for argument in arguments {
            let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw SignOffError.cellSyntax(argument: argument) }
            let cell = parts[0].trimmingCharacters(in: .whitespaces)
            guard recommendations.contains(where: { $0.cell == cell }) else {
                throw SignOffError.unknownCell(argument: argument, cell: cell, cells: recommendations.map(\.cell))
            }
            let rest = parts[1].split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            let decision = rest.first ?? ""
            guard decision == "accept" || kinds.contains(decision) else {
                throw SignOffError.unknownCellDecision(argument: argument, decision: decision, expected: kinds)
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
                throw SignOffError.overrideNeedsRationale(
                    cell: recommendation.cell, recommendation: recommendation.recommendation, decision: chosen.decision)
            }
            return CellDecision(
                cell: recommendation.cell, recommendation: recommendation.recommendation, outcome: "overridden",
                decision: chosen.decision, rationale: rationale)
        }
    }
}
