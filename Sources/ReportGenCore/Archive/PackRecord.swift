import Foundation

/// The archived form of a pack version: what was decided on, with the hashes that tie it to its files and inputs.
///
/// A build appends a `draft`; a sign-off appends a `signed` version whose files are the draft's, byte for byte, plus
/// `signoff.json` and `signoff.html`; `reportgen restore` appends a version that writes an earlier one back.
package struct PackRecord: Codable, Sendable, Equatable {
    package struct ArchivedRecommendation: Codable, Sendable, Equatable {
        var cell: String
        var recommendation: String
        var capFilesPerMonth: Double?
    }

    package var period: String
    package var version: Int
    /// `draft` or `signed`.
    package var status: String
    package var generatedAt: String
    package var toolVersion: String
    package var configSHA256: String
    package var factorsSHA256: String
    /// SHA-256 of the reviewed `manifest.json`; a signed version keeps its draft's.
    package var manifestSHA256: String
    /// File name → SHA-256 of the content stored in the `blobs` table.
    package var files: [String: String]
    package var inputs: [String: String]
    package var recommendations: [ArchivedRecommendation]
    /// The record that was the month's current version when this one was appended.
    package var supersedes: Int?
    /// The sign-off this signed version shows (the last of its `signoff.json`).
    package var signoff: Int?
    /// The languages, CSV dialect and templates the draft was rendered with (absent before they were recorded).
    package var settings: PackSettings?
    /// Where the version is written: relative to the workspace when inside it, else absolute; absent means
    /// `packs/PERIOD`.
    package var folder: String?
    /// `false` when the version was archived but not written to the folder: a rebuild of a month whose current
    /// version is signed, without `--supersede`. Absent means true.
    package var current: Bool?
    /// The record whose files this version writes back (`reportgen restore`).
    package var restores: Int?

    package var isCurrentCandidate: Bool { current ?? true }
    package var isSigned: Bool { status == "signed" }
}

extension PackRecord {
    /// Whether two records describe the same files and decisions (what a restored version must repeat).
    func hasSameContent(as other: PackRecord) -> Bool {
        period == other.period && status == other.status && manifestSHA256 == other.manifestSHA256
            && files == other.files && inputs == other.inputs && recommendations == other.recommendations
            && signoff == other.signoff
    }
}
