import Foundation

/// The files of the repository's `data/` folder, carried inside the binary by the EmbedResources plugin, so that
/// `reportgen demo` and the reference factors work from any current directory.
package enum BuiltInData {
    /// The bytes of `data/<path>`, or `nil`.
    package static func file(_ path: String) -> Data? {
        EmbeddedResources.base64Files["data/" + path].flatMap { Data(base64Encoded: $0) }
    }

    /// Every file under `data/<prefix>`, as (path relative to the prefix, bytes), sorted.
    package static func files(under prefix: String) -> [(path: String, data: Data)] {
        let full = "data/" + prefix
        return EmbeddedResources.base64Files.keys.filter { $0.hasPrefix(full) }.sorted().compactMap { key in
            guard let base64 = EmbeddedResources.base64Files[key], let data = Data(base64Encoded: base64) else {
                return nil
            }
            return (String(key.dropFirst(full.count)), data)
        }
    }

    /// Writes the built-in files under `prefix` into `directory`, creating folders; existing files are replaced.
    package static func extract(_ prefix: String, to directory: URL, skipping: (String) -> Bool = { _ in false }) throws
    {
        let manager = FileManager.default
        for (path, data) in files(under: prefix) where !skipping(path) {
            let url = directory.appendingPathComponent(path)
            try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url, options: .atomic)
        }
    }
}
