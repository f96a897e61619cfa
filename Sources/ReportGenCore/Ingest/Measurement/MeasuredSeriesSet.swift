/// Merges the series of several files (a month split over several range queries, snapshots taken over time) into
/// one series per GPU and quantity, ordered by time, with overlapping samples kept once.
///
/// Series merge when their ``MeasuredSeriesKey`` is equal: the same quantity of the same ``GPUIdentity``, which is
/// read without regard to label case, so `Hostname` and `hostname` series join. Two samples less than a millisecond
/// apart are one sample: the first added is kept, and a note (or a warning when the values differ) says how many
/// were dropped.
struct MeasuredSeriesSet: Sendable {
    private struct Pending: Sendable {
        var samples: [(order: Int, sample: MeasurementSample)] = []
        var sources: Set<String> = []
    }

    private var pending: [MeasuredSeriesKey: Pending] = [:]
    private var order = 0

    /// Two samples closer than this are the same sample, seconds.
    static let sameTimeToleranceSeconds = 0.0005

    init() {}

    /// Adds a series; its samples may overlap or interleave with those already added.
    mutating func add(_ series: MeasuredSeries) {
        var entry = pending[series.key] ?? Pending()
        for sample in series.samples {
            entry.samples.append((order, sample))
            order += 1
        }
        entry.sources.formUnion(series.sources)
        pending[series.key] = entry
    }

    /// Adds every series of one file.
    mutating func add(_ imported: MeasurementImport) {
        for series in imported.series { add(series) }
    }

    /// The merged series, sorted by GPU then quantity, and notes on the overlaps removed.
    /// - Complexity: O(n log n) in the number of samples.
    func merged() -> (series: [MeasuredSeries], diagnostics: [Diagnostic]) {
        var output: [MeasuredSeries] = []
        var diagnostics: [Diagnostic] = []
        for key in pending.keys.sorted() {
            guard let entry = pending[key] else { continue }
            let sorted = entry.samples.sorted { ($0.sample.timeSeconds, $0.order) < ($1.sample.timeSeconds, $1.order) }
            var samples: [MeasurementSample] = []
            samples.reserveCapacity(sorted.count)
            var duplicates = 0
            var conflicts = 0
            var firstConflict: (MeasurementSample, MeasurementSample)?
            for (_, sample) in sorted {
                if let last = samples.last, sample.timeSeconds - last.timeSeconds < Self.sameTimeToleranceSeconds {
                    duplicates += 1
                    if abs(sample.value - last.value) > 1e-12 * max(abs(sample.value), abs(last.value)) {
                        conflicts += 1
                        if firstConflict == nil { firstConflict = (last, sample) }
                    }
                    continue
                }
                samples.append(sample)
            }
            let sources = entry.sources.sorted()
            let series = MeasuredSeries(
                quantity: key.quantity, identity: key.identity, samples: samples, sources: sources)
            let file = sources.first ?? ""
            if duplicates > conflicts {
                diagnostics.append(
                    .note(
                        file,
                        "\(series.name): \(duplicates - conflicts) samples present in more than one of \(sources.joined(separator: ", ")) were kept once"
                    ))
            }
            if let (kept, dropped) = firstConflict {
                diagnostics.append(
                    .warning(
                        file,
                        "\(series.name): \(conflicts) samples at the same time disagree between \(sources.joined(separator: ", ")) (first at \(utcTimestampText(kept.timeSeconds)): \(kept.value) kept, \(dropped.value) dropped); expected equal values for one instant"
                    ))
            }
            output.append(series)
        }
        return (output, diagnostics)
    }
}
