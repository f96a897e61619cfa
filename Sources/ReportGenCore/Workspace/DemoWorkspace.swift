import Foundation

/// The bundled demo workspace (`data/demo/`), written where `reportgen demo` is asked to.
package enum DemoWorkspace {
    /// Why the demo is not written.
    package enum Failure: Error, Equatable, CustomStringConvertible, LocalizedError {
        /// The folder holds a `reportgen.yaml` that is not the demo's: it was edited, or is another workspace's.
        case editedConfiguration(path: String)

        package var description: String {
            switch self {
            case .editedConfiguration(let path):
                return
                    "\(path) differs from the demo's reportgen.yaml (edited, or another workspace); nothing was written. Pass --force to write the demo over it, or --out DIR for another folder"
            }
        }

        package var errorDescription: String? { description }
    }

    /// Writes the demo's `reportgen.yaml` and `inputs/` under `root` (its packs and archive are left alone).
    /// - Parameter overwritingEdits: write even when `root/reportgen.yaml` exists and differs from the demo's.
    /// - Throws: ``Failure/editedConfiguration(path:)``, or a file-system error.
    package static func write(to root: URL, overwritingEdits: Bool) throws {
        let config = root.appendingPathComponent(Workspace.configFileName)
        if !overwritingEdits, let existing = FileManager.default.contents(atPath: config.path),
            existing != BuiltInData.file("demo/" + Workspace.configFileName)
        {
            throw Failure.editedConfiguration(path: config.path)
        }
        try BuiltInData.extract("demo/", to: root) { $0.hasPrefix("tools/") }
    }
}
