import Foundation
import Testing

@testable import ReportGenCore

extension MeasurementTests {
    @Suite struct Energy {
        let identity = GPUIdentity(host: "vm-whisper-01", uuid: "GPU-1")

        func counter(_ points: [(String, Double)]) -> MeasuredSeries {
            MeasuredSeries(
                quantity: .energyCounterKWh, identity: identity,
                samples: points.map { MeasurementSample(timeSeconds: utc($0.0), value: $0.1) },
                sources: ["inputs/c.json"])
        }

        @Test func splitsACounterDeltaProRataAcrossAnHourBoundary() throws {
            // 08:59 → 09:01: 0.002 kWh, half in each hour; 09:01 → 09:03: 0.001 kWh, all in 09:00.
            let series = counter([
                ("2025-03-10T08:59:00Z", 0), ("2025-03-10T09:01:00Z", 0.002), ("2025-03-10T09:03:00Z", 0.003),
            ])
            let gpu = try #require(GPUEnergyCalculator.compute([series]).energy.first)
            #expect(gpu.method == .counter)
            expectClose(gpu.energyKWhByHour[hour("2025-03-10T08:00:00Z")] ?? 0, 0.001)
            expectClose(gpu.energyKWhByHour[hour("2025-03-10T09:00:00Z")] ?? 0, 0.002)
            #expect(gpu.coveredSecondsByHour[hour("2025-03-10T08:00:00Z")] == 60)
            #expect(gpu.coveredSecondsByHour[hour("2025-03-10T09:00:00Z")] == 180)
        }

        @Test func countsTheValueAfterAResetFromZeroAndNotesIt() throws {
            // 1.000 → 1.001: 0.001; reset, 1.001 → 0.0004: 0.0004 counted from zero; 0.0004 → 0.0014: 0.001.
            let series = counter([
                ("2025-03-10T08:00:00Z", 1), ("2025-03-10T08:01:00Z", 1.001), ("2025-03-10T08:02:00Z", 0.0004),
                ("2025-03-10T08:03:00Z", 0.0014),
            ])
            let (energy, diagnostics) = GPUEnergyCalculator.compute([series])
            let gpu = try #require(energy.first)
            expectClose(gpu.energyKWhByHour[hour("2025-03-10T08:00:00Z")] ?? 0, 0.0024)
            #expect(gpu.resets.map(\.timeSeconds) == [utc("2025-03-10T08:02:00Z")])
            let note = try #require(diagnostics.first)
            #expect(note.severity == .note)
            #expect(
                note.message.contains(
                    "energy-counter host=vm-whisper-01 uuid=GPU-1: counter reset at 2025-03-10T08:02:00Z"))
            #expect(note.message.contains("fell from 3603600000 to 1440000 mJ"))
        }

        @Test func reportsAGapLongerThanThreeMedianIntervalsAndDoesNotInterpolateIt() throws {
            // Samples each minute 08:00–08:10 and 08:30–09:00 at 0.001 kWh a minute: the 20-minute hole is a gap
            // (more than 3 × 60 s) and its 0.02 kWh rise is not counted.
            var points: [(String, Double)] = []
            for minute in Array(0...10) + Array(30...60) {
                let text = minute == 60 ? "2025-03-10T09:00:00Z" : String(format: "2025-03-10T08:%02d:00Z", minute)
                points.append((text, Double(minute) * 0.001))
            }
            let (energy, diagnostics) = GPUEnergyCalculator.compute([counter(points)])
            let gpu = try #require(energy.first)
            let eight = hour("2025-03-10T08:00:00Z")
            // 10 + 30 measured minutes: 0.040 kWh; coverage 2,400 s of 3,600.
            expectClose(gpu.energyKWhByHour[eight] ?? 0, 0.040)
            #expect(gpu.coveredSecondsByHour[eight] == 2400)
            expectClose(gpu.coverage(in: eight..<eight.advanced(by: 1)), 2.0 / 3)
            #expect(
                gpu.gaps == [
                    MeasurementGap(
                        identity: identity, quantity: .energyCounterKWh, startSeconds: utc("2025-03-10T08:10:00Z"),
                        durationSeconds: 1200, reason: .missingSamples)
                ])
            let warning = try #require(diagnostics.first)
            #expect(warning.severity == .warning)
            #expect(warning.message.contains("no sample for 1200 s (more than 180 s"))
            #expect(warning.message.contains("from 2025-03-10T08:10:00Z"))
        }

        @Test func honoursAConfiguredGapFactor() throws {
            let series = counter([
                ("2025-03-10T08:00:00Z", 0), ("2025-03-10T08:01:00Z", 0.001), ("2025-03-10T08:02:00Z", 0.002),
                ("2025-03-10T08:05:00Z", 0.005),
            ])
            // The 180 s interval is exactly 3 × the median: kept by default, a gap with a factor of 2.
            #expect(GPUEnergyCalculator.compute([series]).energy.first?.gaps.isEmpty == true)
            #expect(
                GPUEnergyCalculator.compute([series], options: MeasurementOptions(gapFactor: 2)).energy.first?.gaps
                    .count == 1)
        }

        @Test func integratesPowerByTheTrapezoidAlongItsLineAcrossAnHour() throws {
            // 0 W at 08:59 rising to 120 W at 09:01: 60 W at 09:00. Before: (0 + 60) / 2 × 60 s = 1,800 J =
            // 0.0005 kWh; after: (60 + 120) / 2 × 60 s = 5,400 J = 0.0015 kWh; the whole trapezoid 7,200 J.
            let series = MeasuredSeries(
                quantity: .powerWatts, identity: identity,
                samples: [
                    MeasurementSample(timeSeconds: utc("2025-03-10T08:59:00Z"), value: 0),
                    MeasurementSample(timeSeconds: utc("2025-03-10T09:01:00Z"), value: 120),
                ], sources: ["inputs/p.csv"])
            let gpu = try #require(GPUEnergyCalculator.compute([series]).energy.first)
            #expect(gpu.method == .powerIntegral)
            expectClose(gpu.energyKWhByHour[hour("2025-03-10T08:00:00Z")] ?? 0, 0.0005)
            expectClose(gpu.energyKWhByHour[hour("2025-03-10T09:00:00Z")] ?? 0, 0.0015)
        }

        @Test func prefersTheCounterToPowerForTheSameGPU() throws {
            let power = MeasuredSeries(
                quantity: .powerWatts, identity: identity,
                samples: [
                    MeasurementSample(timeSeconds: utc("2025-03-10T08:00:00Z"), value: 500),
                    MeasurementSample(timeSeconds: utc("2025-03-10T08:01:00Z"), value: 500),
                ], sources: ["inputs/p.json"])
            let series = counter([("2025-03-10T08:00:00Z", 0), ("2025-03-10T08:01:00Z", 0.001)])
            let (energy, diagnostics) = GPUEnergyCalculator.compute([power, series])
            #expect(energy.count == 1)
            #expect(energy.first?.method == .counter)
            expectClose(energy.first?.energyKWhByHour[hour("2025-03-10T08:00:00Z")] ?? 0, 0.001)
            #expect(diagnostics.first?.message.contains("not used, the energy counter of the same GPU is") == true)
        }

        @Test func setsAsideAnImplausibleSpikeInsteadOfCountingIt() throws {
            // A corrupt 1e300 reading between 1.001 and 1.002: the jump up and the "reset" after it would mean
            // absurd power, so both intervals are set aside; 0.001 + 0.001 kWh remain.
            let series = counter([
                ("2025-03-10T08:00:00Z", 1), ("2025-03-10T08:01:00Z", 1.001), ("2025-03-10T08:02:00Z", 1e300),
                ("2025-03-10T08:03:00Z", 1.002), ("2025-03-10T08:04:00Z", 1.003),
            ])
            let gpu = try #require(GPUEnergyCalculator.compute([series]).energy.first)
            expectClose(gpu.energyKWhByHour[hour("2025-03-10T08:00:00Z")] ?? 0, 0.002)
            #expect(gpu.gaps.map(\.reason) == [.implausibleIncrease, .implausibleIncrease])
            #expect(gpu.coveredSecondsByHour[hour("2025-03-10T08:00:00Z")] == 120)
        }

        @Test func needsTwoSamplesToMeasureEnergy() {
            let (energy, diagnostics) = GPUEnergyCalculator.compute([counter([("2025-03-10T08:00:00Z", 1)])])
            #expect(energy.isEmpty)
            #expect(diagnostics.first?.message.contains("1 usable sample; expected at least two") == true)
        }

        @Test func countsTheHoursOfAMonthInTheWorkspaceTimeZone() throws {
            // March 2025 in Paris: 2025-03-01T00:00+01:00 = 2025-02-28T23:00Z to 2025-04-01T00:00+02:00 =
            // 2025-03-31T22:00Z, 31 × 24 − 1 = 743 hours (the clocks skip 02:00–03:00 on 30 March).
            let march = UTCHour.hours(of: YearMonth(year: 2025, month: 3), in: parisZone)
            #expect(march.count == 743)
            #expect(march.lowerBound == hour("2025-02-28T23:00:00Z"))
            #expect(march.upperBound == hour("2025-03-31T22:00:00Z"))
            #expect(march.lowerBound.month(in: parisZone) == YearMonth(year: 2025, month: 3))
            #expect(march.lowerBound.advanced(by: -1).month(in: parisZone) == YearMonth(year: 2025, month: 2))
            #expect(march.lowerBound.description == "2025-02-28T23:00Z")
            let utcZone = try #require(TimeZone(identifier: "UTC"))
            #expect(UTCHour.hours(of: YearMonth(year: 2025, month: 3), in: utcZone).count == 744)
        }
    }
}
