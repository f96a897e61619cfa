extension MeasurementConfig {
    /// The host of an nvidia-smi log: the first `nvidia_smi_hosts` glob matching the file's path under the workspace
    /// (`inputs/…`) or its name; `nil` when none does. Here rather than in `Workspace/`, which does not read globs.
    package func nvidiaSMIHost(forFile name: String) -> String? {
        let last = name.split(separator: "/").last.map(String.init) ?? name
        return nvidiaSMIHosts.first { globMatches($0.fileGlob, name) || globMatches($0.fileGlob, last) }?.host
    }

    /// What the importers are given: the host lookup as a function, so that `Ingest/` needs no workspace type.
    package var hostLookup: @Sendable (String) -> String? {
        let config = self
        return { config.nvidiaSMIHost(forFile: $0) }
    }
}
