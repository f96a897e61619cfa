import Foundation

/// The message codes of what the GPU measurement importers and the measured-energy allocation say (issue 13):
/// series set aside or merged, gaps, implausible readings, and how the energy was split.
extension DiagnosticCatalog {
    /// What a measurement check expected, by its English text (the report renders `diag_expected_<code>`).
    static let measurementPhrases: [String: String] = [
        "a timestamp in seconds": "timestamp_seconds", "a timestamp in milliseconds": "timestamp_milliseconds",
        "watts or milliwatts": "watts_units", "joules or millijoules": "joules_units",
        "a string label value": "label_string",
    ]

    static let measurementPatterns: [Pattern] = [
        pattern(
            "measured_conflicting_samples",
            #"(.*): (\d+) samples at the same time disagree between (.*) \(first at (\S+): (\S+) kept, (\S+) dropped\); expected equal values for one instant"#,
            ["series", "samples", "sources", "time", "kept", "dropped"]),
        pattern(
            "prometheus_label_not_string",
            #"(.*): expected a string label value, found (.*) \(the whole series\)(?:; set aside)?"#,
            ["pointer", "found"]),
        pattern(
            "prometheus_no_name",
            #"(.*)/metric/__name__: expected one of (.*), found nothing \(a query with a function or an aggregation drops the name: query the raw metric\) \(the whole series\)(?:; set aside)?"#,
            ["pointer", "accepted"]),
        pattern(
            "prometheus_unknown_metric",
            #"(.*)/metric/__name__: unknown metric "(.*)"; expected one of (.*) \(the whole series\)(?:; set aside)?"#,
            ["pointer", "name", "accepted"]),
        pattern(
            "prometheus_bad_point",
            #"(.*): expected a point \[<unix seconds>, "<number>"\], found (.*?)(?:; set aside)?"#,
            ["pointer", "found"]),
        pattern(
            "prometheus_no_gpu_label",
            #"(\d+) series without a GPU label \(UUID, hostname, gpu, pod, instance\), the first here: kept, but such series cannot be told apart and merge into one"#,
            ["count"]),
        pattern(
            "prometheus_unit",
            #"(.*): # UNIT (.*) is not converted; expected (watts or milliwatts|joules or millijoules)(?:; set aside)?"#,
            ["series", "unit", "expected"]),
        pattern(
            "prometheus_untimed",
            #"(\d+) samples have no timestamp and no scrape time was given; expected a timestamp per sample or the snapshot's time \(for example in the file name, dcgm-2025-03-01T09-00-00Z\.prom\); set aside"#,
            ["count"]),
        pattern("prometheus_notice", #"Prometheus (\S+): (.*)"#, ["kind", "detail"]),
        pattern(
            "reading_time_range",
            #"(.*?): time (\S+) s \((.*?)\) is outside 2000–2199; expected a Unix time(?:; (?:row )?set aside)?"#,
            ["where", "seconds", "time"]),
        pattern(
            "reading_not_finite",
            #"(.*?): value (\S+) is not a finite number; expected a reading(?:; (?:row )?set aside)?"#,
            ["where", "value"]),
        pattern(
            "reading_negative",
            #"(.*?): value (\S+) is negative; expected a reading of at least 0 \(energy and power do not go below 0\)(?:; (?:row )?set aside)?"#,
            ["where", "value"]),
        pattern(
            "measured_no_usable_sample",
            #"no usable sample of (.*) \(or nvidia-smi power\.draw\); expected at least one series of GPU energy or power"#,
            ["accepted"]),
        pattern("measured_more", #"(\d+) more set-aside samples, rows or series not listed"#, ["count"]),
        pattern(
            "measured_power_unused", #"(.*): not used, the energy counter of the same GPU is \(method counter\)"#,
            ["series"]),
        pattern(
            "measured_too_few_samples",
            #"(.*): (\d+) usable samples?; expected at least two to measure energy \(a single snapshot has no duration\)"#,
            ["series", "count"]),
        pattern(
            "measured_gap_missing",
            #"(.*): no sample for (.*?) \(more than (.*?), the gap threshold for a median interval of (.*?)\) from (\S+); that time is not measured and not interpolated"#,
            ["series", "duration", "threshold", "median", "time"]),
        pattern(
            "measured_gap_implausible",
            #"(.*): an interval of (.*?) would mean more than the plausible power of one GPU from (\S+); that time is not measured and not interpolated"#,
            ["series", "duration", "time"]),
        pattern(
            "measured_implausible",
            #"(.*): (\d+) readings above (\S+) W \(first (\S+) W at (\S+)\); expected at most the plausible power of one GPU; set aside"#,
            ["series", "count", "watts", "peak", "time"]),
        pattern(
            "measured_no_requests",
            #"(\d{4}-\d{2}): no per-request usage log has requests in the month(?: \(a monthly rollup has no hours\))?; its measured GPU energy cannot be split by work and is all idle: measured allocation covers only months with a per-request log"#,
            ["month"]),
        pattern(
            "measured_no_gpu_seconds",
            #"(\d{4}-\d{2}): the usage log has no gpu_seconds; measured GPU energy is split by request counts \(an hour with requests is all work\)"#,
            ["month"]),
        pattern(
            "measured_service_without_gpu",
            #"service (.*) has work in the usage log but no measured GPU is mapped to it \(services\[\]\.match hosts, gpu_uuids, pods\); its work gets no measured energy"#,
            ["service"]),
        pattern(
            "measured_busy_exceeds",
            #"service (.*): busy GPU time exceeds the wall clock of its (\d+) GPUs? in (\d+) hours? \(first (.*?): (\S+) s for (\d+) s\); those hours' energy is all work, none idle"#,
            ["service", "gpus", "count", "hour", "busy", "wall"]),
        pattern(
            "measured_gpu_unmatched",
            #"GPU (.*) matches no service's hosts, gpu_uuids or pods; its (\S+) kWh go to the unallocated line"#,
            ["gpu", "kwh"]),
        pattern(
            "measured_idle_clamped",
            #"GPU (.*): in (\d+) hours? \(first (.*?)\) its idle power (\S+) W × the idle seconds exceeds the energy measured; expected at most the hour's energy; idle takes the whole hour and the work none \(clamped, never negative\)"#,
            ["gpu", "count", "hour", "watts"]),
        pattern(
            "measured_shared_overfull",
            #"shared GPU (.*): the busy time of (.*) exceeds 3600 s in (\d+) hours? \(first (.*?)\); those hours' energy is all work, none idle"#,
            ["gpu", "services", "count", "hour"]),
        pattern(
            "measured_shared_idle_split",
            #"shared GPU (.*): none of (.*) worked in the hours allocated; its idle energy is split equally"#,
            ["gpu", "services"]),
    ].compactMap { $0 }
}
