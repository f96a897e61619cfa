import Foundation

/// One break found by `verify`: which record or file, what was expected and what was found.
package struct VerificationIssue: Sendable, Equatable, CustomStringConvertible {
    package var location: String
    package var message: String
    package var description: String { "\(location): \(message)" }

    package init(location: String, message: String) {
        self.location = location
        self.message = message
    }
}

/// What `verify` checked and found.
package struct VerificationReport: Sendable {
    package var issues: [VerificationIssue] = []
    package var archivePath: String?
    package var archiveID: String?
    package var head = ChainHead(seq: 0, hash: DecisionArchive.genesis)
    package var packRecords = 0
    package var signoffRecords = 0
    /// Every sign-off recorded without a signature: `record 4: B. Durand (CEO), approve of 2025-03`.
    package var unsigned: [String] = []
    /// The version the pack folder holds, when a folder was checked: `2025-03 v2 (signed, record 3), current`.
    package var folderVersion: String?
    /// The sign-offs the pack folder carries (signed and unsigned).
    package var folderSignoffs = 0
    /// The anchor checked, if any.
    package var anchor: ChainHead?

    package var isClean: Bool { issues.isEmpty }
}

/// Recomputes every hash and signature of an archive, checks that its records agree with each other (a signed
/// version repeats its draft, a sign-off signs the head before it with the key registered to its signer), and
/// checks a pack folder, its sign-off files and an exported anchor against it.
package enum ArchiveVerifier {
    /// The breaks in an archive.
    package static func verify(_ archive: DecisionArchive) throws -> [VerificationIssue] {
        try report(archive).issues
    }

    /// The breaks between a pack folder and its archive, and in the archive.
    package static func verify(packFolder: URL, archive: DecisionArchive?) throws -> [VerificationIssue] {
        try report(packFolder: packFolder, archive: archive).issues
    }

    /// Checks a whole archive.
    package static func report(_ archive: DecisionArchive) throws -> VerificationReport {
        var report = VerificationReport(archivePath: archive.path, archiveID: archive.id)
        let integrity = try archive.database.query("PRAGMA integrity_check").compactMap { $0.first?.text }
        if integrity != ["ok"] {
            report.issues.append(
                VerificationIssue(
                    location: archive.path, message: "SQLite integrity check: " + integrity.joined(separator: "; ")))
        }
        var chain = ChainCheck(archive: archive)
        for entry in try archive.entries() { try chain.check(entry) }
        report.issues += chain.issues
        report.head = chain.head
        report.packRecords = chain.packs.count
        report.signoffRecords = chain.signoffs.count
        report.unsigned = chain.signoffs.keys.sorted().compactMap { seq in
            guard let record = chain.signoffs[seq], !record.isSigned else { return nil }
            return "record \(seq): \(record.signer) (\(record.role)), \(record.decision) of \(record.period)"
        }
        return report
    }

    /// Checks a pack folder: its files against its manifest (and files the manifest does not list), its sign-offs'
    /// signatures and their presence in the archive, whether it holds the month's current version; then the whole
    /// archive, and an anchor when one is given.
    package static func report(packFolder: URL, archive: DecisionArchive?, anchor: ArchiveAnchor? = nil) throws
        -> VerificationReport
    {
        var report = try archive.map(report) ?? VerificationReport()
        if let anchor, let archive {
            report.anchor = anchor.head
            report.issues += try check(anchor: anchor, archive: archive)
        }
        let folderIssues = try check(packFolder, archive: archive, into: &report)
        report.issues = folderIssues + report.issues
        return report
    }

    /// The folder's own breaks; fills in what the folder holds.
    private static func check(_ packFolder: URL, archive: DecisionArchive?, into report: inout VerificationReport)
        throws -> [VerificationIssue]
    {
        var issues: [VerificationIssue] = []
        let folder: PackFolder
        do {
            folder = try PackFolder.read(packFolder)
        } catch {
            issues.append(
                VerificationIssue(
                    location: packFolder.appendingPathComponent("manifest.json").path,
                    message: "missing or not a ReportGen manifest"))
            return issues
        }
        issues += folder.mismatches
        for name in folder.unlisted {
            issues.append(
                VerificationIssue(
                    location: folder.url.appendingPathComponent(name).path,
                    message: "not listed in the pack's manifest nor by a sign-off: it was added after the build"))
        }
        let signoffLocation = folder.url.appendingPathComponent(SignoffDocument.fileName).path
        if folder.signoffData != nil {
            if let document = folder.signoff {
                issues += check(document, at: signoffLocation, folder: folder, archive: archive)
                issues += checkView(of: document, folder: folder, archive: archive)
                report.folderSignoffs = document.signoffs.count
            } else {
                issues.append(VerificationIssue(location: signoffLocation, message: "not a ReportGen sign-off file"))
            }
        } else if folder.found[SignoffDocument.viewFileName] != nil {
            issues.append(
                VerificationIssue(
                    location: folder.url.appendingPathComponent(SignoffDocument.viewFileName).path,
                    message: "a sign-off view without its signoff.json"))
        }
        guard let archive else { return issues }
        if let origin = folder.manifest.origin, let id = archive.id, origin.archive != id {
            issues.append(
                VerificationIssue(
                    location: folder.url.appendingPathComponent("manifest.json").path,
                    message: "the pack was archived in archive \(origin.archive), not in \(archive.path) (\(id))"))
        }
        let packs = try archive.packs()
        let shown = folder.shown
        guard let held = packs.last(where: { $0.record.files == shown }) else {
            let manifest = folder.manifestSHA256
            if folder.signoffData == nil, !packs.contains(where: { $0.record.manifestSHA256 == manifest }) {
                issues.append(
                    VerificationIssue(
                        location: folder.url.appendingPathComponent("manifest.json").path,
                        message: "its SHA-256 \(manifest) matches no pack in \(archive.path)"))
            } else if issues.isEmpty {
                issues.append(
                    VerificationIssue(
                        location: folder.url.path, message: "its files match no archived version of the pack"))
            }
            return issues
        }
        let record = held.record
        var text = "\(record.period) v\(record.version) (\(record.status), record \(held.seq))"
        if let current = try archive.current(record.period) {
            if current.seq == held.seq || current.record.files == record.files {
                text += ", the month's current version"
            } else {
                text += ", superseded"
                issues.append(
                    VerificationIssue(
                        location: folder.url.path,
                        message:
                            "holds v\(record.version) (\(record.status), record \(held.seq)), superseded by v\(current.record.version) (\(current.record.status), record \(current.seq)), the month's current version: an interrupted run or a rollback; `reportgen restore \(record.period)` writes the current version back"
                    ))
            }
        }
        report.folderVersion = text
        return issues
    }

    /// Checks an exported anchor against the archive: the record it names must still be there with its hash.
    package static func check(anchor: ArchiveAnchor, archive: DecisionArchive) throws -> [VerificationIssue] {
        let location = "anchor (record \(anchor.head.seq), exported \(anchor.exportedAt))"
        var issues: [VerificationIssue] = []
        if let expected = anchor.archive, let id = archive.id, expected != id {
            issues.append(
                VerificationIssue(
                    location: location, message: "is of archive \(expected), not of \(archive.path) (\(id))"))
            return issues
        }
        let head = try archive.head()
        guard let entry = try archive.entry(anchor.head.seq) else {
            issues.append(
                VerificationIssue(
                    location: location,
                    message:
                        "the archive ends at record \(head.seq): record(s) up to \(anchor.head.seq) were deleted (truncated)"
                ))
            return issues
        }
        if entry.hash != anchor.head.hash {
            issues.append(
                VerificationIssue(
                    location: location,
                    message:
                        "record \(anchor.head.seq)'s hash is \(entry.hash), the anchor's \(anchor.head.hash): the records up to it were rewritten, reordered or removed"
                ))
        }
        return issues
    }

    /// Checks that `signoff.html` shows `signoff.json`: rendered again from it, with the pack's recorded language and
    /// translation files, it must give the same bytes. (Skipped for a view written by another version of the tool,
    /// whose built-in template may differ.)
    private static func checkView(of document: SignoffDocument, folder: PackFolder, archive: DecisionArchive?)
        -> [VerificationIssue]
    {
        let url = folder.url.appendingPathComponent(SignoffDocument.viewFileName)
        guard document.toolVersion == ToolVersion.current, let data = FileManager.default.contents(atPath: url.path)
        else { return [] }
        var customFiles: [String: Data] = [:]
        for (path, sha) in folder.manifest.settings?.templates ?? [:] {
            guard let bytes = try? archive?.blob(sha) else { return [] }
            customFiles[path] = bytes
        }
        guard let renderer = try? SignoffRenderer(settings: folder.manifest.settings, customFiles: customFiles),
            let rendered = try? renderer.files(for: document).first(where: { $0.name == SignoffDocument.viewFileName })
        else { return [] }
        return rendered.data == data
            ? []
            : [
                VerificationIssue(
                    location: url.path, message: "does not show what signoff.json records: it was changed")
            ]
    }

    /// Checks the sign-offs a pack folder carries: each signature with the key it names, the manifest they sign,
    /// and each record, with the head the pack carries, against the archive.
    private static func check(
        _ document: SignoffDocument, at location: String, folder: PackFolder, archive: DecisionArchive?
    ) -> [VerificationIssue] {
        var issues: [VerificationIssue] = []
        if document.manifestSHA256 != folder.manifestSHA256 {
            issues.append(
                VerificationIssue(
                    location: location,
                    message:
                        "signs manifest \(document.manifestSHA256), but the folder's manifest.json is \(folder.manifestSHA256)"
                ))
        }
        for entry in document.signoffs {
            let record = entry.signoff
            let entryLocation = "\(location): sign-off record \(entry.record) by \(record.signer)"
            if record.manifestSHA256 != document.manifestSHA256 {
                issues.append(
                    VerificationIssue(
                        location: entryLocation, message: "signs another manifest (\(record.manifestSHA256))"))
            }
            if let signature = record.signature {
                if let key = record.publicKey,
                    record.keyFingerprint == SigningKey.fingerprint(Data(base64Encoded: key) ?? Data()),
                    let bytes = try? record.signedBytes()
                {
                    if !SigningKey.isValid(signature: signature, message: bytes, publicKey: key) {
                        issues.append(
                            VerificationIssue(
                                location: entryLocation,
                                message: "the Ed25519 signature does not verify with the key it names: it was changed"))
                    }
                } else {
                    issues.append(
                        VerificationIssue(
                            location: entryLocation, message: "names no public key matching its fingerprint"))
                }
            }
            guard let archive else { continue }
            let found: DecisionArchive.Entry??
            do { found = .some(try archive.entry(entry.record)) } catch { found = nil }
            guard let found else { continue }
            guard let archived = found else {
                issues.append(
                    VerificationIssue(
                        location: entryLocation,
                        message: "is missing from \(archive.path): the archive was truncated or the record deleted"))
                continue
            }
            if archived.kind != "signoff" || archived.body != (try? canonicalJSON(record))
                || archived.hash != entry.hash
            {
                issues.append(
                    VerificationIssue(
                        location: entryLocation,
                        message:
                            "differs from record \(entry.record) of \(archive.path): the archive's record was rewritten or replaced"
                    ))
            }
        }
        if let archive {
            if let archived = (try? archive.entry(document.head.seq)) ?? nil {
                if archived.hash != document.head.hash {
                    issues.append(
                        VerificationIssue(
                            location: location,
                            message:
                                "carries the archive head record \(document.head.seq) \(document.head.hash), but the archive's record \(document.head.seq) is \(archived.hash): the records up to it were rewritten"
                        ))
                }
            } else if let head = try? archive.head() {
                issues.append(
                    VerificationIssue(
                        location: location,
                        message:
                            "carries the archive head record \(document.head.seq), but the archive ends at record \(head.seq): it was truncated"
                    ))
            }
            if let id = archive.id, let expected = document.archive, id != expected {
                issues.append(
                    VerificationIssue(location: location, message: "was signed in archive \(expected), not \(id)"))
            }
        }
        return issues
    }
}
