import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why a folder cannot be used as a pack folder.
package enum PackFolderError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// No `manifest.json` of ReportGen's there.
    case notAPack(path: String, reason: String)
    /// `build --out` (or `restore --out`) names a folder that holds something other than a pack.
    case notEmpty(path: String)
    /// A file, not a folder, is where the pack would go.
    case notAFolder(path: String)
    /// The pack folder holds files the pack does not list, which replacing the folder would delete.
    case unlistedFiles(path: String, names: [String])
    /// The pack's archive is in none of the places it could be.
    case archiveNotFound(folder: String, searched: [String])
    /// The archive given or found is not the one the pack was archived in.
    case otherArchive(folder: String, archive: String, expected: String, found: String)

    package var description: String {
        switch self {
        case .notAPack(let path, let reason):
            return "\(path): not a ReportGen pack folder: \(reason)"
        case .notEmpty(let path):
            return
                "\(path) is not empty and is not a ReportGen pack: refusing to replace it; choose an empty or new folder, or a pack folder"
        case .notAFolder(let path):
            return "\(path) is a file, not a folder"
        case .unlistedFiles(let path, let names):
            return
                "\(path) holds files the pack does not list (\(names.joined(separator: ", "))); replacing the folder would delete them: move them out first"
        case .archiveNotFound(let folder, let searched):
            return
                "\(folder): cannot find the pack's archive (looked for \(searched.joined(separator: ", "))); pass --archive FILE or --workspace DIR"
        case .otherArchive(let folder, let archive, let expected, let found):
            return
                "\(folder) was archived in archive \(expected), but \(archive) is archive \(found); pass the pack's own --archive"
        }
    }

    package var errorDescription: String? { description }
}

/// A pack folder as found on disk: its manifest, its sign-off files, and every file's SHA-256.
package struct PackFolder: Sendable {
    /// The folder, symbolic links resolved.
    package let url: URL
    package let manifestData: Data
    package let manifest: PackManifest
    /// `signoff.json`, when the folder holds a signed version.
    package let signoffData: Data?
    package let signoff: SignoffDocument?
    /// Every file in the folder (paths relative to it) → SHA-256.
    package let found: [String: String]

    package var manifestSHA256: String { sha256Hex(manifestData) }

    /// Reads a folder.
    /// - Throws: ``PackFolderError/notAPack(path:reason:)`` without a ReportGen `manifest.json`.
    package static func read(_ folder: URL) throws -> PackFolder {
        let url = resolved(folder)
        let manifestURL = url.appendingPathComponent("manifest.json")
        guard let data = FileManager.default.contents(atPath: manifestURL.path) else {
            throw PackFolderError.notAPack(path: url.path, reason: "it has no manifest.json")
        }
        guard let manifest = try? JSONDecoder().decode(PackManifest.self, from: data), manifest.tool == "ReportGen"
        else {
            throw PackFolderError.notAPack(path: url.path, reason: "its manifest.json is not a ReportGen manifest")
        }
        var found: [String: String] = [:]
        let base = url.path
        if let walker = FileManager.default.enumerator(atPath: base) {
            while let relative = walker.nextObject() as? String {
                let path = base + "/" + relative
                var info = stat()
                guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) != S_IFDIR else { continue }
                found[relative] = FileManager.default.contents(atPath: path).map(sha256Hex) ?? "unreadable"
            }
        }
        let signoffData = FileManager.default.contents(
            atPath: url.appendingPathComponent(SignoffDocument.fileName).path)
        return PackFolder(
            url: url, manifestData: data, manifest: manifest, signoffData: signoffData,
            signoff: signoffData.flatMap { try? JSONDecoder().decode(SignoffDocument.self, from: $0) }, found: found)
    }

    /// Whether `folder` holds a ReportGen pack (its manifest parses).
    package static func isPack(_ folder: URL) -> Bool { (try? read(folder)) != nil }

    /// The folder with every symbolic link resolved (`realpath(3)`), or as given when it does not exist.
    package static func resolved(_ folder: URL) -> URL {
        guard let path = realpath(folder.standardizedFileURL.path, nil) else {
            // A folder still to be made: resolve its parent.
            let parent = folder.standardizedFileURL.deletingLastPathComponent()
            guard parent.path != folder.standardizedFileURL.path, let resolvedParent = realpath(parent.path, nil)
            else { return folder.standardizedFileURL }
            defer { free(resolvedParent) }
            return URL(fileURLWithPath: String(cString: resolvedParent), isDirectory: true)
                .appendingPathComponent(folder.lastPathComponent)
        }
        defer { free(path) }
        return URL(fileURLWithPath: String(cString: path), isDirectory: true)
    }

    /// The files this folder shows as a pack version: the manifest's files, the manifest, and the sign-off files
    /// when there is a `signoff.json` (name → SHA-256 as found; an absent file is left out).
    package var shown: [String: String] {
        var names = Set(manifest.files.keys).union(["manifest.json"])
        if signoffData != nil { names.formUnion(SignoffDocument.fileNames) }
        return found.filter { names.contains($0.key) }
    }

    /// Files in the folder that neither the manifest nor a sign-off lists.
    package var unlisted: [String] {
        var names = Set(manifest.files.keys).union(["manifest.json"])
        if signoffData != nil { names.formUnion(SignoffDocument.fileNames) }
        return found.keys.filter { !names.contains($0) }.sorted()
    }

    /// Every listed file that is missing or whose SHA-256 differs from the manifest's.
    package var mismatches: [VerificationIssue] {
        manifest.files.keys.sorted().compactMap { name in
            let path = url.appendingPathComponent(name).path
            guard let sha = found[name] else {
                return VerificationIssue(location: path, message: "listed in the manifest but missing")
            }
            let expected = manifest.files[name] ?? ""
            return sha == expected
                ? nil : VerificationIssue(location: path, message: "SHA-256 expected \(expected), found \(sha)")
        }
    }
}
