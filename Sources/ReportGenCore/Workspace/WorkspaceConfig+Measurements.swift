import Foundation
import Yams

/// `measurements:` of `reportgen.yaml`: how GPU measurements (DCGM, nvidia-smi) are read.
package struct MeasurementConfig: Sendable, Hashable {
    /// Which host wrote an nvidia-smi log (nvidia-smi does not record it), by a glob on the file's name.
    package struct NvidiaSMIHost: Sendable, Hashable {
        package var fileGlob: String
        package var host: String
    }

    /// An interval longer than this multiple of a series' median scrape interval is a gap.
    package var gapFactor = 3.0
    /// Average power above this between two samples is not physical for one GPU, W.
    package var maximumPlausibleWatts = 2_000.0
    /// In the order written; the first glob that matches the file's path (`inputs/…`) or its name wins.
    package var nvidiaSMIHosts: [NvidiaSMIHost] = []

    package init() {}

    /// The calculator's options.
    var options: MeasurementOptions {
        MeasurementOptions(gapFactor: gapFactor, maximumPlausibleWatts: maximumPlausibleWatts)
    }
}

extension WorkspaceConfig {
    /// Reads `measurements:`; every problem is reported with its line.
    package static func parseMeasurements(_ node: Node?, reader: YAMLReader) -> MeasurementConfig {
        var config = MeasurementConfig()
        let entries = reader.mapping(
            node, "measurements", allowed: ["gap_factor", "max_plausible_watts", "nvidia_smi_hosts"])
        config.gapFactor =
            reader.number(
                reader.value(entries, "gap_factor"), "measurements.gap_factor", range: 1.5...1000,
                expected: "a multiple of the scrape interval from 1.5 to 1000") ?? 3
        config.maximumPlausibleWatts =
            reader.number(
                reader.value(entries, "max_plausible_watts"), "measurements.max_plausible_watts", range: 1...100_000,
                expected: "watts from 1 to 100000") ?? 2_000
        for (glob, value) in reader.mapping(reader.value(entries, "nvidia_smi_hosts"), "measurements.nvidia_smi_hosts")
        {
            guard let host = reader.string(value, "measurements.nvidia_smi_hosts.\(glob)") else { continue }
            if host.isEmpty || host.contains(where: \.isWhitespace) {
                reader.fail(
                    value, "measurements.nvidia_smi_hosts.\(glob)",
                    "expected a host name without spaces, found \"\(host)\"")
                continue
            }
            config.nvidiaSMIHosts.append(.init(fileGlob: glob, host: host))
        }
        return config
    }
}
