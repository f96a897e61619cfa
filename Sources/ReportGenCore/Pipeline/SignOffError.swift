import Foundation

/// Why a sign-off (or a signer's registration) is refused. Nothing is recorded when one is thrown.
package enum SignOffError: Error, Equatable, CustomStringConvertible, LocalizedError {
    case invalidDecision(String)
    case missingSigner
    /// No `--role`, and the signer is not registered with one.
    case missingRole(signer: String)
    case rejectionNeedsComment
    case nothingToAmend(period: String)
    /// The signer already approved or rejected this reviewed draft.
    case alreadySigned(signer: String, decision: String, record: Int, period: String)
    case cellSyntax(argument: String)
    case unknownCell(argument: String, cell: String, cells: [String])
    case unknownCellDecision(argument: String, decision: String, expected: [String])
    case overrideNeedsRationale(cell: String, recommendation: String, decision: String)
    /// The folder's files differ from its manifest.
    case packFolderChanged(folder: String, issues: [String])
    /// The folder's manifest is in no record of the archive.
    case notArchived(folder: String, manifestSHA256: String, archive: String)
    /// The folder holds sign-off files, but its files match no archived version (one was changed or removed).
    case matchesNoVersion(folder: String, period: String)
    /// The folder holds a version that is not the month's current one.
    case notCurrent(folder: String, holds: Int, current: Int, period: String)
    /// Neither `--key` nor `--unsigned`.
    case keyRequired
    case keyAndUnsigned
    /// The key is registered to someone else.
    case keyRegisteredToAnotherSigner(fingerprint: String, registeredTo: String, signer: String)
    /// The signer is registered with other keys.
    case signerHasAnotherKey(signer: String, registered: [String], given: String)
    /// Neither the key nor the signer is registered, and `--register` was not given.
    case unregisteredKey(signer: String, fingerprint: String)
    /// `--role` differs from the role the key is registered with.
    case roleDiffers(signer: String, registered: String, given: String)
    /// The key file is, byte for byte, a registered public key.
    case publicKeyAsPrivateKey(path: String, signer: String)

    package var description: String {
        switch self {
        case .invalidDecision(let decision):
            return "--decision \(decision): expected approve, reject or amend"
        case .missingSigner:
            return "--signer must name who signs"
        case .missingRole(let signer):
            return "--role: \(signer) is not registered with a role; say in which capacity they sign"
        case .rejectionNeedsComment:
            return "a rejection needs a --comment saying why"
        case .nothingToAmend(let period):
            return "nothing to amend: \(period) has no sign-off yet; use --decision approve or reject"
        case .alreadySigned(let signer, let decision, let record, let period):
            return
                "\(signer) already recorded \(decision) on this pack of \(period) (record \(record)); to change it, use --decision amend"
        case .cellSyntax(let argument):
            return "--cell \(argument): expected SERVICE/LANG=DECISION[:RATIONALE]"
        case .unknownCell(let argument, let cell, let cells):
            return
                "--cell \(argument): \(cell) is not a cell of this pack; expected one of \(cells.joined(separator: ", "))"
        case .unknownCellDecision(let argument, let decision, let expected):
            return
                "--cell \(argument): decision \(decision): expected accept or one of \(expected.joined(separator: ", "))"
        case .overrideNeedsRationale(let cell, let recommendation, let decision):
            return
                "\(cell): overriding \(recommendation) with \(decision) needs a rationale: --cell \(cell)=\(decision):WHY"
        case .packFolderChanged(let folder, let issues):
            return
                "\(folder) does not match its manifest, so it is not what was reviewed: "
                + issues.joined(separator: "; ")
        case .notArchived(let folder, let manifest, let archive):
            return
                "\(folder) is not an archived pack (its manifest \(manifest) is in no record of \(archive)); build it first"
        case .matchesNoVersion(let folder, let period):
            return
                "\(folder): its files match no archived version of \(period) (a sign-off file was changed or removed); reportgen verify says which, reportgen restore \(period) writes the current version back"
        case .notCurrent(let folder, let holds, let current, let period):
            return
                "\(folder) holds v\(holds) of \(period), but the month's current version is v\(current); sign the current version (reportgen restore \(period) writes it back)"
        case .keyRequired:
            return
                "no --key: a sign-off is signed with the signer's private key (reportgen keygen makes one); to record it without a signature, pass --unsigned"
        case .keyAndUnsigned:
            return "--key and --unsigned: give one of them"
        case .keyRegisteredToAnotherSigner(let fingerprint, let registeredTo, let signer):
            return
                "key \(fingerprint) is registered to \(registeredTo), not \(signer): each person signs with their own key (reportgen keygen, then reportgen signer add)"
        case .signerHasAnotherKey(let signer, let registered, let given):
            return
                "\(signer) is registered with key \(registered.joined(separator: ", ")), not \(given); sign with that key, or register this one with reportgen signer add"
        case .unregisteredKey(let signer, let fingerprint):
            return
                "\(signer) and key \(fingerprint) are not registered in this archive: register them with reportgen signer add --name \"\(signer)\" --role ROLE --pub FILE.pub, or pass --register to register them with this sign-off"
        case .roleDiffers(let signer, let registered, let given):
            return
                "\(signer) is registered as \(registered), not \(given); leave --role out, or register the new role with reportgen signer add"
        case .publicKeyAsPrivateKey(let path, let signer):
            return "\(path) is the public key registered to \(signer): --key needs the private key file (NAME.key)"
        }
    }

    package var errorDescription: String? { description }
}
