import Foundation

/// The record-by-record check of an archive: the hash chain, each stored file, and what each record must agree
/// with in the records before it.
struct ChainCheck {
    let archive: DecisionArchive
    var issues: [VerificationIssue] = []
    var head = ChainHead(seq: 0, hash: DecisionArchive.genesis)
    var packs: [Int: PackRecord] = [:]
    var signoffs: [Int: SignoffRecord] = [:]
    var entries: [Int: DecisionArchive.Entry] = [:]
    /// Fingerprint → the key's first registration.
    var keys: [String: KeyRecord] = [:]
    private var expectedSeq = 1

    init(archive: DecisionArchive) { self.archive = archive }

    private mutating func issue(_ location: String, _ message: String) {
        issues.append(VerificationIssue(location: location, message: message))
    }

    mutating func check(_ entry: DecisionArchive.Entry) throws {
        let location = "record \(entry.seq) (\(entry.kind))"
        if entry.seq != expectedSeq {
            issue(
                location,
                "expected record \(expectedSeq) here, found \(entry.seq): record(s) \(expectedSeq)…\(entry.seq - 1) deleted"
            )
        }
        if entry.previousHash != head.hash {
            issue(
                location,
                "previous hash expected \(head.hash), found \(entry.previousHash): records reordered, removed or rewritten"
            )
        }
        let bodySHA = sha256Hex(entry.body)
        if bodySHA != entry.bodySHA256 {
            issue(
                location, "body hash expected \(entry.bodySHA256), found \(bodySHA): the record's content was changed")
        }
        let hash = DecisionArchive.chainHash(
            previous: entry.previousHash, seq: entry.seq, kind: entry.kind, createdAt: entry.createdAt,
            bodySHA256: entry.bodySHA256)
        if hash != entry.hash { issue(location, "record hash expected \(hash), found \(entry.hash)") }
        head = ChainHead(seq: entry.seq, hash: entry.hash)
        expectedSeq = entry.seq + 1
        entries[entry.seq] = entry
        switch entry.kind {
        case "pack":
            guard let record = try? JSONDecoder().decode(PackRecord.self, from: entry.body) else {
                return issue(location, "its body is not a pack record")
            }
            try checkPack(record, seq: entry.seq)
            packs[entry.seq] = record
        case "key":
            guard let record = try? JSONDecoder().decode(KeyRecord.self, from: entry.body) else {
                return issue(location, "its body is not a key record")
            }
            checkKey(record, location: location)
        case "signoff":
            guard let record = try? JSONDecoder().decode(SignoffRecord.self, from: entry.body) else {
                return issue(location, "its body is not a sign-off record")
            }
            checkSignoff(record, entry: entry)
            signoffs[entry.seq] = record
        default:
            issue(location, "unknown record kind \(entry.kind)")
        }
    }

    private mutating func checkKey(_ record: KeyRecord, location: String) {
        let bytes = Data(base64Encoded: record.publicKey) ?? Data()
        if bytes.count != 32 || SigningKey.fingerprint(bytes) != record.fingerprint {
            issue(location, "its fingerprint \(record.fingerprint) is not that of its public key")
        }
        if let first = keys[record.fingerprint] {
            if !isSameSigner(first.signer, record.signer) {
                issue(
                    location,
                    "key \(record.fingerprint) is registered to \(first.signer) and again to \(record.signer): a key names one person"
                )
            }
        } else {
            keys[record.fingerprint] = record
        }
    }

    private mutating func checkPack(_ record: PackRecord, seq: Int) throws {
        let location = "pack \(record.period) v\(record.version) (record \(seq))"
        for name in record.files.keys.sorted() {
            let expected = record.files[name] ?? ""
            guard let data = try archive.blob(expected) else {
                issue(location + ", file \(name)", "stored file \(expected) is missing")
                continue
            }
            let found = sha256Hex(data)
            if found != expected {
                issue(
                    location + ", file \(name)",
                    "SHA-256 expected \(expected), found \(found): the stored file was changed")
            }
        }
        let signoffFiles = record.files.keys.filter { SignoffDocument.fileNames.contains($0) }
        if let manifest = record.files["manifest.json"] {
            if manifest != record.manifestSHA256 {
                issue(location, "manifest hash expected \(record.manifestSHA256), found \(manifest)")
            }
            // The stored manifest lists every other reviewed file, with the SHA-256 the record gives it.
            if let data = try archive.blob(manifest),
                let listed = try? JSONDecoder().decode(PackManifest.self, from: data)
            {
                let reviewed = record.files.filter {
                    $0.key != "manifest.json" && !SignoffDocument.fileNames.contains($0.key)
                }
                if listed.files != reviewed {
                    let names = Set(listed.files.keys).union(reviewed.keys).filter { listed.files[$0] != reviewed[$0] }
                    issue(
                        location,
                        "its files disagree with its manifest.json (\(names.sorted().joined(separator: ", "))): a stored file was replaced"
                    )
                }
            }
        }
        if let supersedes = record.supersedes, packs[supersedes]?.period != record.period {
            issue(location, "supersedes record \(supersedes), which is not an earlier pack of \(record.period)")
        }
        if let restores = record.restores {
            guard let original = packs[restores], original.hasSameContent(as: record) else {
                return issue(location, "restores record \(restores), but it is not an earlier pack with the same files")
            }
        }
        guard !signoffFiles.isEmpty else { return }
        // A signed version is its draft, byte for byte, plus the sign-off files of the sign-offs before it.
        guard let signoffSeq = record.signoff, let signoff = signoffs[signoffSeq], let draft = packs[signoff.packSeq]
        else {
            return issue(
                location,
                "a signed version whose sign-off \(record.signoff.map(String.init) ?? "?") is not an earlier sign-off record"
            )
        }
        var expected = draft.files
        for name in signoffFiles { expected[name] = record.files[name] }
        if record.files != expected || record.manifestSHA256 != draft.manifestSHA256
            || record.recommendations != draft.recommendations || record.inputs != draft.inputs
            || record.period != draft.period
        {
            issue(
                location,
                "differs from the draft it signs (record \(signoff.packSeq)) in its files, recommendations or inputs: the record was rewritten"
            )
        }
        guard let sha = record.files[SignoffDocument.fileName], let data = try archive.blob(sha),
            let document = try? JSONDecoder().decode(SignoffDocument.self, from: data)
        else { return issue(location, "its signoff.json is missing or does not parse") }
        if document.manifestSHA256 != record.manifestSHA256 || document.signoffs.last?.record != signoffSeq
            || document.head != ChainHead(seq: signoffSeq, hash: entries[signoffSeq]?.hash ?? "")
        {
            issue(location, "its signoff.json does not carry sign-off record \(signoffSeq) and the head after it")
        }
        for item in document.signoffs {
            if signoffs[item.record] != item.signoff || entries[item.record]?.hash != item.hash {
                issue(location, "its signoff.json differs from sign-off record \(item.record)")
            }
        }
    }

    private mutating func checkSignoff(_ record: SignoffRecord, entry: DecisionArchive.Entry) {
        let location = "sign-off of \(record.period) by \(record.signer) (record \(entry.seq))"
        if let pack = packs[record.packSeq] {
            if pack.manifestSHA256 != record.manifestSHA256 {
                issue(
                    location,
                    "manifest hash expected \(pack.manifestSHA256) (record \(record.packSeq)), found \(record.manifestSHA256)"
                )
            }
            let cells = pack.recommendations.map { ($0.cell, $0.recommendation) }
            if record.cells.map({ ($0.cell, $0.recommendation) }).elementsEqual(cells, by: ==) == false {
                issue(location, "its cells are not the recommendations of record \(record.packSeq)")
            }
        } else {
            issue(location, "signs record \(record.packSeq), which is not an earlier pack record")
        }
        if let corrects = record.corrects, signoffs[corrects] == nil {
            issue(location, "corrects record \(corrects), which is not an earlier sign-off")
        }
        if let head = record.head, head != ChainHead(seq: entry.seq - 1, hash: entry.previousHash) {
            issue(
                location,
                "signs the archive head record \(head.seq) \(head.hash), but the record before it is \(entry.seq - 1) \(entry.previousHash): the records before it were rewritten"
            )
        }
        if let id = record.archive, let archiveID = archive.id, id != archiveID {
            issue(location, "was signed in archive \(id), not in this one (\(archiveID))")
        }
        guard let signature = record.signature else { return }
        guard let fingerprint = record.keyFingerprint, let key = keys[fingerprint] else {
            return issue(location, "its key \(record.keyFingerprint ?? "?") is not recorded before it")
        }
        if !isSameSigner(key.signer, record.signer) {
            issue(location, "it is signed with key \(fingerprint), which is registered to \(key.signer)")
        }
        if let publicKey = record.publicKey, publicKey != key.publicKey {
            issue(location, "it names public key \(publicKey), but key \(fingerprint) is recorded as \(key.publicKey)")
        }
        guard let bytes = try? record.signedBytes(),
            SigningKey.isValid(signature: signature, message: bytes, publicKey: key.publicKey)
        else {
            return issue(
                location,
                "the Ed25519 signature does not verify with key \(fingerprint) of \(key.signer): the decision or the signature was changed"
            )
        }
    }
}
