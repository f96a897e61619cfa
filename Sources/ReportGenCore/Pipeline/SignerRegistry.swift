import Foundation

/// Who signs with which key. A key record registers a public key to a person and a role, once: with
/// `reportgen signer add`, or on a first signature given `--register`. A key registered to one person never signs
/// for another, and a registered person signs only with a key registered to them.
package enum SignerRegistry {
    /// What `reportgen signer add` is asked to record.
    package struct Registration: Sendable {
        package var archive: URL
        package var name: String
        package var role: String
        package var publicKeyFile: URL
        package var now = Date()
        package var busyTimeoutMilliseconds: Int32 = 5000

        package init(archive: URL, name: String, role: String, publicKeyFile: URL) {
            self.archive = archive
            self.name = name
            self.role = role
            self.publicKeyFile = publicKeyFile
        }
    }

    /// The key record a signature by `publicKey` for `signer` uses, and whether it must be appended (a first
    /// signature given `register`).
    /// - Throws: a ``SignOffError`` naming the conflict.
    package static func resolve(
        signer: String, role: String?, publicKey: Data, keys: [KeyRecord], register: Bool
    ) throws -> (record: KeyRecord, isNew: Bool) {
        let fingerprint = SigningKey.fingerprint(publicKey)
        let forKey = keys.filter { $0.fingerprint == fingerprint }
        if let first = forKey.first, let latest = forKey.last {
            guard isSameSigner(first.signer, signer) else {
                throw SignOffError.keyRegisteredToAnotherSigner(
                    fingerprint: fingerprint, registeredTo: first.signer, signer: signer)
            }
            if let role, role != latest.role {
                throw SignOffError.roleDiffers(signer: latest.signer, registered: latest.role, given: role)
            }
            return (latest, false)
        }
        let forName = keys.filter { isSameSigner($0.signer, signer) }
        if !forName.isEmpty {
            var seen = Set<String>()
            throw SignOffError.signerHasAnotherKey(
                signer: signer, registered: forName.map(\.fingerprint).filter { seen.insert($0).inserted },
                given: fingerprint)
        }
        guard register else { throw SignOffError.unregisteredKey(signer: signer, fingerprint: fingerprint) }
        guard let role, !role.isEmpty else { throw SignOffError.missingRole(signer: signer) }
        return (
            KeyRecord(
                signer: signer, role: role, publicKey: publicKey.base64EncodedString(), fingerprint: fingerprint), true
        )
    }

    /// The role a signer is registered with (their latest key record).
    package static func role(of signer: String, keys: [KeyRecord]) -> String? {
        keys.last { isSameSigner($0.signer, signer) }?.role
    }

    /// Registers a public key to a person and a role.
    /// - Returns: the key record, and its record number (nil when exactly this registration was already there).
    @discardableResult
    package static func add(_ registration: Registration, progress: any ProgressReporter) throws -> (
        record: Int?, key: KeyRecord
    ) {
        let name = registration.name.trimmingCharacters(in: .whitespaces)
        let role = registration.role.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { throw SignOffError.missingSigner }
        guard !role.isEmpty else { throw SignOffError.missingRole(signer: name) }
        let publicKey = try SigningKey.loadPublic(registration.publicKeyFile)
        let path = registration.archive.path
        let workspace = registration.archive.deletingLastPathComponent()
        let canCreate = FileManager.default.fileExists(
            atPath: workspace.appendingPathComponent(Workspace.configFileName).path)
        let lock = try ArchiveLock.acquire(
            archivePath: path, holder: "reportgen signer add", timeoutMilliseconds: registration.busyTimeoutMilliseconds
        )
        defer { lock.release() }
        let archive = try DecisionArchive(
            path: path, create: canCreate, busyTimeoutMilliseconds: registration.busyTimeoutMilliseconds)
        let keys = try archive.keys().map(\.record)
        let fingerprint = SigningKey.fingerprint(publicKey)
        let forKey = keys.filter { $0.fingerprint == fingerprint }
        if let first = forKey.first, !isSameSigner(first.signer, name) {
            throw SignOffError.keyRegisteredToAnotherSigner(
                fingerprint: fingerprint, registeredTo: first.signer, signer: name)
        }
        if let latest = forKey.last, latest.role == role {
            progress.stage("signer", "\(latest.signer) (\(role)) is already registered with key \(fingerprint)")
            return (nil, latest)
        }
        let record = KeyRecord(
            signer: forKey.first?.signer ?? name, role: role, publicKey: publicKey.base64EncodedString(),
            fingerprint: fingerprint)
        let others = Set(
            keys.filter { isSameSigner($0.signer, name) && $0.fingerprint != fingerprint }.map(\.fingerprint))
        let head = try archive.database.transaction {
            try archive.append(
                kind: "key", createdAt: ISO8601DateFormatter().string(from: registration.now), body: record)
        }
        progress.stage(
            "signer",
            "\(record.signer) (\(role)) registered with key \(fingerprint) as record \(head.seq) in \(path)"
                + (others.isEmpty ? "" : "; their other registered keys: \(others.sorted().joined(separator: ", "))"))
        return (head.seq, record)
    }
}
