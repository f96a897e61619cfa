import Foundation

/// One break found by `verify`: which record or file, what was expected and what was found.
package struct VerificationIssue: Sendable, Equatable, CustomStringConvertible {
    package var location: String
    package var message: String
    package var description: String { "\(location): \(message)" }
}

/// Recomputes every hash and signature of an archive, and optionally checks a pack folder against it.
package enum ArchiveVerifier {
    package static func verify(_ archive: DecisionArchive) throws -> [VerificationIssue] {
        var issues: [VerificationIssue] = []
        let integrity = try archive.database.query("PRAGMA integrity_check").compactMap { $0.first?.text }
        if integrity != ["ok"] {
            issues.append(
                VerificationIssue(
                    location: archive.path, message: "SQLite integrity check: " + integrity.joined(separator: "; ")))
        }
        let entries = try archive.entries()
        var previousHash = DecisionArchive.genesis
        var expectedSeq = 1
        var keys: [String: KeyRecord] = [:]
        var packs: [Int: PackRecord] = [:]
        for entry in entries {
            let location = "record \(entry.seq) (\(entry.kind))"
            if entry.seq != expectedSeq {
                issues.append(
                    VerificationIssue(
                        location: location,
                        message:
                            "expected record \(expectedSeq) here, found \(entry.seq): record(s) \(expectedSeq)…\(entry.seq - 1) deleted"
                    ))
            }
            if entry.previousHash != previousHash {
                issues.append(
                    VerificationIssue(
                        location: location,
                        message:
                            "previous hash expected \(previousHash), found \(entry.previousHash): records reordered, removed or rewritten"
                    ))
            }
            let bodySHA = sha256Hex(entry.body)
            if bodySHA != entry.bodySHA256 {
                issues.append(
                    VerificationIssue(
                        location: location,
                        message:
                            "body hash expected \(entry.bodySHA256), found \(bodySHA): the record's content was changed"
                    ))
            }
            let hash = DecisionArchive.chainHash(
                previous: entry.previousHash, seq: entry.seq, kind: entry.kind, createdAt: entry.createdAt,
                bodySHA256: entry.bodySHA256)
            if hash != entry.hash {
                issues.append(
                    VerificationIssue(location: location, message: "record hash expected \(hash), found \(entry.hash)"))
            }
            previousHash = entry.hash
            expectedSeq = entry.seq + 1
            switch entry.kind {
            case "pack":
                guard let record = try? JSONDecoder().decode(PackRecord.self, from: entry.body) else {
                    issues.append(VerificationIssue(location: location, message: "its body is not a pack record"))
                    continue
                }
                packs[entry.seq] = record
                for name in record.files.keys.sorted() {
                    let expected = record.files[name] ?? ""
                    let fileLocation = "pack \(record.period) v\(record.version) (record \(entry.seq)), file \(name)"
                    guard let data = try archive.blob(expected) else {
                        issues.append(
                            VerificationIssue(location: fileLocation, message: "stored file \(expected) is missing"))
                        continue
                    }
                    let found = sha256Hex(data)
                    if found != expected {
                        issues.append(
                            VerificationIssue(
                                location: fileLocation,
                                message: "SHA-256 expected \(expected), found \(found): the stored file was changed"))
                    }
                }
                if let manifest = record.files["manifest.json"], manifest != record.manifestSHA256 {
                    issues.append(
                        VerificationIssue(
                            location: location,
                            message: "manifest hash expected \(record.manifestSHA256), found \(manifest)"))
                }
            case "key":
                if let record = try? JSONDecoder().decode(KeyRecord.self, from: entry.body) {
                    keys[record.fingerprint] = record
                }
            case "signoff":
                guard let record = try? JSONDecoder().decode(SignoffRecord.self, from: entry.body) else {
                    issues.append(VerificationIssue(location: location, message: "its body is not a sign-off record"))
                    continue
                }
                let signoffLocation = "sign-off of \(record.period) by \(record.signer) (record \(entry.seq))"
                if let pack = packs[record.packSeq], pack.manifestSHA256 != record.manifestSHA256 {
                    issues.append(
                        VerificationIssue(
                            location: signoffLocation,
                            message:
                                "manifest hash expected \(pack.manifestSHA256) (record \(record.packSeq)), found \(record.manifestSHA256)"
                        ))
                } else if packs[record.packSeq] == nil {
                    issues.append(
                        VerificationIssue(
                            location: signoffLocation,
                            message: "signs record \(record.packSeq), which is not an earlier pack record"))
                }
                if let signature = record.signature {
                    guard let fingerprint = record.keyFingerprint, let key = keys[fingerprint] else {
                        issues.append(
                            VerificationIssue(
                                location: signoffLocation,
                                message: "its key \(record.keyFingerprint ?? "?") is not recorded before it"))
                        continue
                    }
                    if !SigningKey.isValid(
                        signature: signature, message: try record.signedBytes(), publicKey: key.publicKey)
                    {
                        issues.append(
                            VerificationIssue(
                                location: signoffLocation,
                                message:
                                    "the Ed25519 signature does not verify with key \(fingerprint) of \(key.signer): the decision or the signature was changed"
                            ))
                    }
                }
            default:
                issues.append(VerificationIssue(location: location, message: "unknown record kind \(entry.kind)"))
            }
        }
        return issues
    }

    /// Checks a pack folder's files against its manifest, and the manifest against the archive.
    package static func verify(packFolder: URL, archive: DecisionArchive?) throws -> [VerificationIssue] {
        var issues: [VerificationIssue] = []
        let manifestURL = packFolder.appendingPathComponent("manifest.json")
        guard let manifestData = FileManager.default.contents(atPath: manifestURL.path),
            let manifest = try? JSONDecoder().decode(PackManifest.self, from: manifestData)
        else {
            return [VerificationIssue(location: manifestURL.path, message: "missing or not a ReportGen manifest")]
        }
        for name in manifest.files.keys.sorted() {
            let url = packFolder.appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                issues.append(VerificationIssue(location: url.path, message: "listed in the manifest but missing"))
                continue
            }
            let found = sha256Hex(data)
            if found != manifest.files[name] {
                issues.append(
                    VerificationIssue(
                        location: url.path, message: "SHA-256 expected \(manifest.files[name] ?? ""), found \(found)"))
            }
        }
        if let archive {
            let sha = sha256Hex(manifestData)
            if try !archive.packs().contains(where: { $0.record.manifestSHA256 == sha }) {
                issues.append(
                    VerificationIssue(
                        location: manifestURL.path, message: "its SHA-256 \(sha) matches no pack in \(archive.path)"))
            }
            issues += try verify(archive)
        }
        return issues
    }
}
