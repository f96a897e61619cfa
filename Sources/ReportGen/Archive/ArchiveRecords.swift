import Foundation

/// The archived form of a pack: what was decided on, with the hashes that tie it to its files and inputs.
struct PackRecord: Codable, Sendable, Equatable {
    struct ArchivedRecommendation: Codable, Sendable, Equatable {
        var cell: String
        var recommendation: String
        var capFilesPerMonth: Double?
    }

    var period: String
    var version: Int
    /// `draft` or `signed`.
    var status: String
    var generatedAt: String
    var toolVersion: String
    var configSHA256: String
    var factorsSHA256: String
    var manifestSHA256: String
    /// File name → SHA-256 of the content stored in the `blobs` table.
    var files: [String: String]
    var inputs: [String: String]
    var recommendations: [ArchivedRecommendation]
    /// The record this version replaces (the draft, for a signed version).
    var supersedes: Int?
    /// The sign-off this signed version shows.
    var signoff: Int?
}

/// A signer's public key, recorded once with the signer's name and role.
struct KeyRecord: Codable, Sendable, Equatable {
    var signer: String
    var role: String
    /// Ed25519 public key, base64 of its 32 bytes.
    var publicKey: String
    /// The first 16 hex digits of the SHA-256 of the public key.
    var fingerprint: String
}

/// One cell's decision in a sign-off.
struct CellDecision: Codable, Sendable, Equatable {
    var cell: String
    var recommendation: String
    /// `accepted` or `overridden`.
    var outcome: String
    /// The decision taken: the recommendation when accepted.
    var decision: String
    var rationale: String?
}

/// A sign-off: who decided what on which pack. The signature covers this record's canonical JSON without the
/// `signature` field, which includes the manifest's hash.
struct SignoffRecord: Codable, Sendable, Equatable {
    var packSeq: Int
    var period: String
    var manifestSHA256: String
    var signer: String
    var role: String
    /// `approve`, `reject` or `amend`.
    var decision: String
    var comment: String?
    var cells: [CellDecision]
    var signedAt: String
    /// The earlier sign-off this one corrects (for `amend`).
    var corrects: Int?
    var keyFingerprint: String?
    /// Ed25519 signature, base64.
    var signature: String?

    /// The bytes the signature covers.
    func signedBytes() throws -> Data {
        var unsigned = self
        unsigned.signature = nil
        return try canonicalJSON(unsigned)
    }
}

/// Sorted keys, no whitespace, slashes unescaped: the same value always gives the same bytes.
func canonicalJSON<T: Encodable>(_ value: T) throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return try encoder.encode(value)
}
