import Crypto
import CryptoExtras
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why a key file cannot be written or used.
package enum SigningKeyError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// `keygen --name` holds a path separator or is not a plain file name.
    case invalidName(String)
    /// A key file is already there (or a symbolic link is), and `--force` was not given.
    case exists(path: String)
    /// The file is not a private key written by `reportgen keygen`.
    case notAPrivateKey(path: String, reason: String)
    /// A public key was given where the private key is expected (`sign --key NAME.pub`).
    case publicKeyGiven(path: String)
    /// The file is not a public key written by `reportgen keygen`.
    case notAPublicKey(path: String, reason: String)
    /// A private key was given where the public key is expected (`signer add --pub NAME.key`).
    case privateKeyGiven(path: String)
    /// The key is protected by a passphrase and none could be read.
    case passphraseRequired(path: String)
    /// The passphrase does not open the key.
    case wrongPassphrase(path: String)
    case io(path: String, reason: String)

    package var description: String {
        switch self {
        case .invalidName(let name):
            return
                "--name \(name): expected a plain file name (letters, digits, '.', '-', '_', '@'; no path separator, not starting with '.'); use --out for the folder"
        case .exists(let path):
            return "\(path) exists; keygen never overwrites a key file unless --force is given"
        case .notAPrivateKey(let path, let reason):
            return "\(path): not a private key written by reportgen keygen: \(reason)"
        case .publicKeyGiven(let path):
            return
                "\(path) is a public key: --key needs the private key file (NAME.key); the public key (NAME.pub) is what reportgen signer add registers"
        case .notAPublicKey(let path, let reason):
            return "\(path): not a public key written by reportgen keygen: \(reason)"
        case .privateKeyGiven(let path):
            return "\(path) is a private key: register the public key (NAME.pub) and keep the private key to yourself"
        case .passphraseRequired(let path):
            return
                "\(path) is protected by a passphrase: type it at the prompt (a terminal is needed) or set \(SigningKey.passphraseVariable)"
        case .wrongPassphrase(let path):
            return "\(path): the passphrase does not open this key"
        case .io(let path, let reason):
            return "\(path): \(reason)"
        }
    }

    package var errorDescription: String? { description }
}

/// Ed25519 keys for sign-offs (RFC 8032, through swift-crypto), in one-line text files:
///
/// - `NAME.key`: `reportgen-ed25519-private BASE64` (the 32-byte seed), or, protected by a passphrase,
///   `reportgen-ed25519-private-scrypt N r p SALT BOX`: the seed sealed with ChaCha20-Poly1305 under a key derived
///   from the passphrase by scrypt (RFC 7914; N = 2^15, r = 8, p = 1 unless the file says otherwise).
/// - `NAME.pub`: `reportgen-ed25519-public BASE64 NAME`.
///
/// Files from earlier versions held the bare base64 of 32 bytes; they are still read, and a public key passed as a
/// private one is then recognised by its name, by its `.pub` neighbour or by the archive's registered keys.
package enum SigningKey {
    package static let privateTag = "reportgen-ed25519-private"
    package static let encryptedTag = "reportgen-ed25519-private-scrypt"
    package static let publicTag = "reportgen-ed25519-public"
    /// The environment variable a passphrase may come from, when no terminal can ask for it.
    package static let passphraseVariable = "REPORTGEN_KEY_PASSPHRASE"
    /// scrypt's cost (N = 2^15, r = 8, p = 1: 32 MiB, the interactive-login setting of RFC 7914 §2).
    package static let scryptRounds = 1 << 15
    package static let scryptBlockSize = 8
    package static let scryptParallelism = 1

    /// Whether `name` can be a key file's name: no path separator, no leading dot, printable.
    package static func isValidName(_ name: String) -> Bool {
        guard !name.isEmpty, !name.hasPrefix("."), !name.hasPrefix("-"), name.count <= 128 else { return false }
        return name.unicodeScalars.allSatisfy {
            CharacterSet.alphanumerics.contains($0) || "._-@+".unicodeScalars.contains($0)
        }
    }

    /// Makes a key pair and writes `NAME.key` (mode 0600 from its creation) and `NAME.pub` (0644), never through a
    /// symbolic link and never over an existing file unless `force` is set (it then replaces the file, not a link's
    /// target).
    /// - Parameter passphrase: protects the private key when given.
    package static func generate(directory: URL, name: String, force: Bool = false, passphrase: Data? = nil) throws
        -> (privateKey: URL, publicKey: URL)
    {
        guard isValidName(name) else { throw SigningKeyError.invalidName(name) }
        let key = Curve25519.Signing.PrivateKey()
        let privateURL = directory.appendingPathComponent(name + ".key")
        let publicURL = directory.appendingPathComponent(name + ".pub")
        if !force {
            for url in [privateURL, publicURL] where exists(url.path) { throw SigningKeyError.exists(path: url.path) }
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw SigningKeyError.io(path: directory.path, reason: (error as NSError).localizedDescription)
        }
        let privateText: String
        if let passphrase {
            privateText = try encrypted(seed: key.rawRepresentation, passphrase: passphrase)
        } else {
            privateText = "\(privateTag) \(key.rawRepresentation.base64EncodedString())\n"
        }
        try writeNew(privateURL.path, Data(privateText.utf8), mode: 0o600, force: force)
        do {
            let publicText = "\(publicTag) \(key.publicKey.rawRepresentation.base64EncodedString()) \(name)\n"
            try writeNew(publicURL.path, Data(publicText.utf8), mode: 0o644, force: force)
        } catch {
            unlink(privateURL.path)
            throw error
        }
        return (privateURL, publicURL)
    }

    /// Whether anything, a dangling symbolic link included, is at `path`.
    private static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// Creates `path` with `mode` from its first byte (`O_CREAT | O_EXCL | O_NOFOLLOW`): never through a symbolic
    /// link, never over an existing file (with `force`, the file or link itself is removed first).
    private static func writeNew(_ path: String, _ data: Data, mode: mode_t, force: Bool) throws {
        if force, exists(path), unlink(path) != 0 {
            throw SigningKeyError.io(path: path, reason: "cannot replace it: \(String(cString: strerror(errno)))")
        }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard descriptor >= 0 else {
            if errno == EEXIST || errno == ELOOP { throw SigningKeyError.exists(path: path) }
            throw SigningKeyError.io(path: path, reason: String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        let written = data.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == data.count, fsync(descriptor) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(path)
            throw SigningKeyError.io(path: path, reason: "cannot write it: \(reason)")
        }
    }

    private static func encrypted(seed: Data, passphrase: Data) throws -> String {
        var salt = Data(count: 16)
        for index in salt.indices { salt[index] = UInt8.random(in: .min ... .max) }
        let key = try derive(
            passphrase, salt: salt, rounds: scryptRounds, blockSize: scryptBlockSize,
            parallelism: scryptParallelism)
        let box = try ChaChaPoly.seal(seed, using: key, authenticating: Data(encryptedTag.utf8))
        return
            "\(encryptedTag) \(scryptRounds) \(scryptBlockSize) \(scryptParallelism) \(salt.base64EncodedString()) \(box.combined.base64EncodedString())\n"
    }

    private static func derive(_ passphrase: Data, salt: Data, rounds: Int, blockSize: Int, parallelism: Int) throws
        -> SymmetricKey
    {
        try KDF.Scrypt.deriveKey(
            from: passphrase, salt: salt, outputByteCount: 32, rounds: rounds, blockSize: blockSize,
            parallelism: parallelism)
    }

    /// The words of a key file, or nil when it cannot be read as text.
    private static func words(_ url: URL) -> [String]? {
        guard let data = FileManager.default.contents(atPath: url.path), data.count < 4096,
            let text = String(data: data, encoding: .utf8)
        else { return nil }
        return text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }).map(String.init)
    }

    /// Whether a private key file is protected by a passphrase.
    package static func isEncrypted(_ url: URL) -> Bool { words(url)?.first == encryptedTag }

    /// Loads a private key file, asking `passphrase` only for a protected one.
    /// - Throws: ``SigningKeyError/publicKeyGiven(path:)`` for a public key, ``SigningKeyError/passphraseRequired(path:)``
    ///   or ``SigningKeyError/wrongPassphrase(path:)`` for a protected one.
    package static func load(_ url: URL, passphrase: () throws -> Data? = { nil }) throws
        -> Curve25519.Signing.PrivateKey
    {
        guard let words = words(url), let tag = words.first else {
            throw SigningKeyError.notAPrivateKey(path: url.path, reason: "it cannot be read as a key file")
        }
        switch tag {
        case publicTag:
            throw SigningKeyError.publicKeyGiven(path: url.path)
        case privateTag:
            guard words.count >= 2, let seed = Data(base64Encoded: words[1]), seed.count == 32,
                let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed)
            else { throw SigningKeyError.notAPrivateKey(path: url.path, reason: "expected base64 of 32 bytes") }
            return key
        case encryptedTag:
            guard words.count >= 6, let rounds = Int(words[1]), let blockSize = Int(words[2]),
                let parallelism = Int(words[3]), let salt = Data(base64Encoded: words[4]),
                let combined = Data(base64Encoded: words[5]), rounds > 1, rounds <= 1 << 20, blockSize > 0,
                blockSize <= 32, parallelism > 0, parallelism <= 16
            else {
                throw SigningKeyError.notAPrivateKey(path: url.path, reason: "its scrypt parameters do not parse")
            }
            guard let secret = try passphrase() else { throw SigningKeyError.passphraseRequired(path: url.path) }
            let key = try derive(secret, salt: salt, rounds: rounds, blockSize: blockSize, parallelism: parallelism)
            guard let box = try? ChaChaPoly.SealedBox(combined: combined),
                let seed = try? ChaChaPoly.open(box, using: key, authenticating: Data(encryptedTag.utf8)),
                let privateKey = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed)
            else { throw SigningKeyError.wrongPassphrase(path: url.path) }
            return privateKey
        default:
            // An earlier version's bare base64: the same shape for a private and a public key.
            guard words.count == 1, let bytes = Data(base64Encoded: tag), bytes.count == 32,
                let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: bytes)
            else {
                throw SigningKeyError.notAPrivateKey(
                    path: url.path, reason: "expected a line starting with \(privateTag)")
            }
            if url.pathExtension == "pub" { throw SigningKeyError.publicKeyGiven(path: url.path) }
            let neighbour = url.deletingPathExtension().appendingPathExtension("pub")
            if neighbour != url, let other = try? loadPublic(neighbour), other == bytes {
                throw SigningKeyError.publicKeyGiven(path: url.path)
            }
            return key
        }
    }

    /// Loads a public key file: the 32 bytes of the Ed25519 public key.
    package static func loadPublic(_ url: URL) throws -> Data {
        guard let words = words(url), let tag = words.first else {
            throw SigningKeyError.notAPublicKey(path: url.path, reason: "it cannot be read as a key file")
        }
        switch tag {
        case publicTag:
            guard words.count >= 2, let bytes = Data(base64Encoded: words[1]), bytes.count == 32,
                (try? Curve25519.Signing.PublicKey(rawRepresentation: bytes)) != nil
            else { throw SigningKeyError.notAPublicKey(path: url.path, reason: "expected base64 of 32 bytes") }
            return bytes
        case privateTag, encryptedTag:
            throw SigningKeyError.privateKeyGiven(path: url.path)
        default:
            guard words.count == 1, let bytes = Data(base64Encoded: tag), bytes.count == 32,
                (try? Curve25519.Signing.PublicKey(rawRepresentation: bytes)) != nil
            else {
                throw SigningKeyError.notAPublicKey(
                    path: url.path, reason: "expected a line starting with \(publicTag)")
            }
            if url.pathExtension == "key" { throw SigningKeyError.privateKeyGiven(path: url.path) }
            return bytes
        }
    }

    /// The fingerprint of a private key's public key.
    package static func fingerprint(of key: Curve25519.Signing.PrivateKey) -> String {
        fingerprint(key.publicKey.rawRepresentation)
    }

    /// `sha256(public key)[0..<16]`, the key's short name.
    package static func fingerprint(_ publicKey: Data) -> String { String(sha256Hex(publicKey).prefix(16)) }

    /// Whether `signature` (base64) is a valid signature of `message` by `publicKey` (base64).
    package static func isValid(signature: String, message: Data, publicKey: String) -> Bool {
        guard let signatureBytes = Data(base64Encoded: signature), let keyBytes = Data(base64Encoded: publicKey),
            let key = try? Curve25519.Signing.PublicKey(rawRepresentation: keyBytes)
        else { return false }
        return key.isValidSignature(signatureBytes, for: message)
    }
}
