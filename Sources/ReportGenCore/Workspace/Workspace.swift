import Foundation

/// A workspace folder: `reportgen.yaml`, `inputs/`, `packs/`.
package struct Workspace: Sendable {
    package static let configFileName = "reportgen.yaml"

    package let root: URL
    package let config: WorkspaceConfig
    /// The configuration file's bytes, hashed into the manifest.
    package let configData: Data

    /// Loads and validates a workspace's configuration.
    /// - Throws: ``ConfigErrors`` for a broken `reportgen.yaml`, ``IngestError/unreadable(file:reason:)`` when it is
    ///   missing.
    package static func load(_ root: URL) throws -> Workspace {
        let url = root.appendingPathComponent(configFileName)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw IngestError.unreadable(
                file: url.path, reason: "no \(configFileName) here; create a workspace with `reportgen init DIR`")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw IngestError.notUTF8(file: configFileName, byteOffset: firstInvalidUTF8Offset([UInt8](data)))
        }
        let config = try WorkspaceConfig.parse(text, file: configFileName)
        return Workspace(root: root, config: config, configData: data)
    }

    package var inputsDirectory: URL { root.appendingPathComponent("inputs") }
    package var packsDirectory: URL { root.appendingPathComponent("packs") }

    /// The files in `inputs/` (recursively), sorted by path; see ``inputListing(of:)`` for what is not read.
    package func inputFiles() throws -> [InputFile] { try Self.inputListing(of: root).files }

    /// The files in `inputs/` and the entries that are not read, with their reasons.
    package func inputListing() throws -> InputListing { try Self.inputListing(of: root) }

    /// The files in `ROOT/inputs/`, for a workspace whose configuration may be broken.
    package static func inputFiles(of root: URL) throws -> [InputFile] { try inputListing(of: root).files }

    /// Lists `ROOT/inputs/` recursively. Read: regular files. Not read, each listed with its reason: symbolic links
    /// (never followed, so that an input cannot point outside the workspace or at itself), FIFOs, sockets and
    /// devices (reading one could block forever), hidden files and folders (a name starting with a dot), `README*`
    /// files, and backup copies (`*.bak`, which CodeCarbon writes beside `emissions.csv`).
    /// - Throws: ``IngestError/unreadable(file:reason:)`` when there is no `inputs/` folder.
    package static func inputListing(of root: URL) throws -> InputListing {
        let inputsDirectory = root.appendingPathComponent("inputs")
        let manager = FileManager.default
        guard manager.fileExists(atPath: inputsDirectory.path) else {
            throw IngestError.unreadable(file: "inputs/", reason: "the workspace has no inputs/ folder")
        }
        var listing = InputListing()
        func walk(_ directory: URL, relative: String) {
            let names = ((try? manager.contentsOfDirectory(atPath: directory.path)) ?? []).sorted()
            for name in names {
                let url = directory.appendingPathComponent(name)
                let path = relative.isEmpty ? name : relative + "/" + name
                let shown = "inputs/" + path
                let type = (try? manager.attributesOfItem(atPath: url.path)[.type] as? FileAttributeType) ?? nil
                if type == .typeSymbolicLink {
                    listing.skip(shown, .warning, "a symbolic link: not followed; copy the file into inputs/")
                } else if type == .typeDirectory {
                    if name.hasPrefix(".") {
                        listing.skip(shown + "/", .warning, "a hidden folder (its name starts with a dot): not read")
                    } else {
                        walk(url, relative: path)
                    }
                } else if type != .typeRegular {
                    listing.skip(shown, .warning, "not a regular file (a FIFO, socket or device): not read")
                } else if name.hasPrefix(".") {
                    listing.skip(
                        shown, .warning,
                        "a hidden file (its name starts with a dot): not read; rename it if it is an export")
                } else if name.uppercased().hasPrefix("README") {
                    listing.skip(shown, .note, "a README: documentation, not read")
                } else if name.lowercased().hasSuffix(".bak") {
                    listing.skip(
                        shown, .note,
                        "a backup copy (CodeCarbon writes emissions.csv.bak when its columns change): not read")
                } else {
                    listing.files.append(InputFile(name: shown, url: url))
                }
            }
        }
        walk(inputsDirectory, relative: "")
        listing.files.sort { $0.name < $1.name }
        return listing
    }
}
