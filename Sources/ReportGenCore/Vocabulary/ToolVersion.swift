/// The tool's version, printed by `--version` and recorded in every pack and sign-off.
package enum ToolVersion {
    package static let current = "0.1.0"
}
