import Foundation
import PackagePlugin

/// Embeds the repository's single copy of `templates/` (into `Templates`) and `data/` (into `ReportGenCore`),
/// so the binary carries its defaults and works from any current directory.
@main
struct EmbedResourcesPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) async throws -> [Command] {
        let directories: [String]
        switch target.name {
        case "Templates": directories = ["templates"]
        case "ReportGenCore": directories = ["data"]
        default: return []
        }
        let root = context.package.directoryURL
        var inputs: [URL] = []
        for directory in directories {
            let base = root.appendingPathComponent(directory)
            // SwiftPM plans plugin commands when the package graph changes: after adding or removing a file
            // under data/ or templates/, `touch Package.swift` (edits to existing files are tracked).
            if let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) {
                for case let url as URL in walker where !url.hasDirectoryPath { inputs.append(url) }
            }
        }
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("EmbeddedResources.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(directories.joined(separator: ", ")) into \(target.name)",
                executable: try context.tool(named: "embed-resources").url,
                arguments: [output.path, "EmbeddedResources", root.path] + directories,
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}
