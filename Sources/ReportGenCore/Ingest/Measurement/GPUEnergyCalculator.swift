import Foundation

/// Turns merged series (``MeasuredSeriesSet/merged()``) into energy per GPU per UTC hour.
///
/// - A GPU with an energy counter is measured by its differences (``EnergyMethod/counter``); its power series, if
///   any, is then not used. A fall of the counter is a reset (driver reload): the value after it counts from zero,
///   as Prometheus's `increase()` does, and a note names the series and the time.
/// - A GPU with power readings only is measured by their trapezoidal integral (``EnergyMethod/powerIntegral``).
/// - An interval longer than ``MeasurementOptions/gapFactor`` × the series' median interval is a gap: reported with
///   its start and length, not counted, not interpolated. So is an interval implying more than
///   ``MeasurementOptions/maximumPlausibleWatts``.
/// - A counter difference across an hour boundary is split pro rata by time; a power trapezoid along its line.
enum GPUEnergyCalculator {
    /// Computes every GPU's hourly energy.
    /// - Parameters:
    ///   - series: merged series, sorted by time without duplicate times.
    ///   - options: the gap factor and the plausibility bound.
    /// - Returns: one entry per GPU with at least two usable samples, sorted by identity; notes on resets, warnings on
    ///   gaps and set-aside readings.
    /// - Complexity: O(samples + hours covered).
    static func compute(_ series: [MeasuredSeries], options: MeasurementOptions = MeasurementOptions()) -> (
        energy: [GPUHourlyEnergy], diagnostics: [Diagnostic]
    ) {
        var byIdentity: [GPUIdentity: [MeasuredQuantity: MeasuredSeries]] = [:]
        for item in series { byIdentity[item.identity, default: [:]][item.quantity] = item }
        var energy: [GPUHourlyEnergy] = []
        var diagnostics: [Diagnostic] = []
        for identity in byIdentity.keys.sorted() {
            let entries = byIdentity[identity] ?? [:]
            let counter = entries[.energyCounterKWh].flatMap { $0.samples.count >= 2 ? $0 : nil }
            let power = entries[.powerWatts].flatMap { $0.samples.count >= 2 ? $0 : nil }
            if let counter {
                if let power {
                    diagnostics.append(
                        .note(
                            power.sources.first ?? "",
                            "\(power.name): not used, the energy counter of the same GPU is (method counter)"))
                }
                energy.append(fromCounter(counter, options: options, diagnostics: &diagnostics))
            } else if let power {
                energy.append(fromPower(power, options: options, diagnostics: &diagnostics))
            } else {
                for item in entries.values.sorted(by: { $0.quantity < $1.quantity }) {
                    diagnostics.append(
                        .warning(
                            item.sources.first ?? "",
                            "\(item.name): \(item.samples.count) usable sample\(item.samples.count == 1 ? "" : "s"); expected at least two to measure energy (a single snapshot has no duration)"
                        ))
                }
            }
        }
        return (energy, diagnostics)
    }

    /// The median of the intervals between consecutive samples, seconds.
    static func medianInterval(_ samples: [MeasurementSample]) -> Double {
        guard samples.count >= 2 else { return 0 }
        let intervals = zip(samples.dropFirst(), samples).map { $0.timeSeconds - $1.timeSeconds }.sorted()
        let middle = intervals.count / 2
        return intervals.count % 2 == 1 ? intervals[middle] : (intervals[middle - 1] + intervals[middle]) / 2
    }

    private static func gapWarning(_ gap: MeasurementGap, series: MeasuredSeries, threshold: Double, median: Double)
        -> Diagnostic
    {
        let reason =
            gap.reason == .missingSamples
            ? "no sample for \(seconds(gap.durationSeconds)) (more than \(seconds(threshold)), the gap threshold for a median interval of \(seconds(median)))"
            : "an interval of \(seconds(gap.durationSeconds)) would mean more than the plausible power of one GPU"
        return .warning(
            series.sources.first ?? "",
            "\(series.name): \(reason) from \(utcTimestampText(gap.startSeconds)); that time is not measured and not interpolated"
        )
    }

    /// kWh as whole millijoules, the counter's own unit.
    private static func millijoules(_ kWh: Double) -> String {
        let value = kWh * 3.6e9
        return String(format: abs(value) < 1e15 ? "%.0f" : "%g", value)
    }

    private static func seconds(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? "\(Int(value)) s" : "\(value) s"
    }

    private static func fromCounter(
        _ series: MeasuredSeries, options: MeasurementOptions, diagnostics: inout [Diagnostic]
    ) -> GPUHourlyEnergy {
        let median = medianInterval(series.samples)
        let threshold = options.gapFactor * median
        var accumulator = HourlyAccumulator()
        var gaps: [MeasurementGap] = []
        var resets: [CounterReset] = []
        let file = series.sources.first ?? ""
        for (before, after) in zip(series.samples, series.samples.dropFirst()) {
            let interval = after.timeSeconds - before.timeSeconds
            guard interval > 0 else { continue }
            let isReset = after.value < before.value
            let delta = isReset ? after.value : after.value - before.value
            if isReset {
                resets.append(
                    CounterReset(
                        identity: series.identity, timeSeconds: after.timeSeconds, valueBeforeKWh: before.value,
                        valueAfterKWh: after.value))
                diagnostics.append(
                    .note(
                        file,
                        "\(series.name): counter reset at \(utcTimestampText(after.timeSeconds)) (it fell from \(millijoules(before.value)) to \(millijoules(after.value)) mJ: driver reloaded?); the value after it is counted from zero"
                    ))
            }
            var gap: MeasurementGap.Reason?
            if interval > threshold {
                gap = .missingSamples
            } else if delta * 3.6e6 / interval > options.maximumPlausibleWatts {
                gap = .implausibleIncrease
            }
            if let gap {
                let item = MeasurementGap(
                    identity: series.identity, quantity: series.quantity, startSeconds: before.timeSeconds,
                    durationSeconds: interval, reason: gap)
                gaps.append(item)
                diagnostics.append(gapWarning(item, series: series, threshold: threshold, median: median))
                continue
            }
            accumulator.addUniform(start: before.timeSeconds, end: after.timeSeconds, energyKWh: delta)
        }
        return GPUHourlyEnergy(
            identity: series.identity, method: .counter, energyKWhByHour: accumulator.energyKWh,
            coveredSecondsByHour: accumulator.coveredSeconds, medianIntervalSeconds: median, gaps: gaps,
            resets: resets, sources: series.sources)
    }

    private static func fromPower(
        _ series: MeasuredSeries, options: MeasurementOptions, diagnostics: inout [Diagnostic]
    ) -> GPUHourlyEnergy {
        let plausible = series.samples.filter { $0.value <= options.maximumPlausibleWatts }
        if plausible.count < series.samples.count {
            let first = series.samples.first { $0.value > options.maximumPlausibleWatts }
            diagnostics.append(
                .warning(
                    series.sources.first ?? "",
                    "\(series.name): \(series.samples.count - plausible.count) readings above \(options.maximumPlausibleWatts) W (first \(first?.value ?? 0) W at \(utcTimestampText(first?.timeSeconds ?? 0))); expected at most the plausible power of one GPU; set aside"
                ))
        }
        let median = medianInterval(plausible)
        let threshold = options.gapFactor * median
        var accumulator = HourlyAccumulator()
        var gaps: [MeasurementGap] = []
        for (before, after) in zip(plausible, plausible.dropFirst()) {
            let interval = after.timeSeconds - before.timeSeconds
            guard interval > 0 else { continue }
            guard interval <= threshold else {
                let item = MeasurementGap(
                    identity: series.identity, quantity: series.quantity, startSeconds: before.timeSeconds,
                    durationSeconds: interval, reason: .missingSamples)
                gaps.append(item)
                diagnostics.append(gapWarning(item, series: series, threshold: threshold, median: median))
                continue
            }
            accumulator.addLinearPower(
                start: before.timeSeconds, end: after.timeSeconds, startWatts: before.value, endWatts: after.value)
        }
        return GPUHourlyEnergy(
            identity: series.identity, method: .powerIntegral, energyKWhByHour: accumulator.energyKWh,
            coveredSecondsByHour: accumulator.coveredSeconds, medianIntervalSeconds: median, gaps: gaps, resets: [],
            sources: series.sources)
    }
}
