import Foundation
import Testing

@testable import ReportGenCore

extension MeasurementTests {
    @Suite struct EndToEnd {
        /// Issue 13's "done when": two GPUs, two services, three languages, one counter reset and one scrape gap,
        /// through the query_range reader, the merge, the hourly energy and the allocation, with both idle methods.
        ///
        /// GPU A (vm-fr-01) runs Whisper and NLLB (shared); GPU B (vm-nllb-02) runs NLLB only. Hours h0, h1, h2, h3 =
        /// 2025-03-10 08:00, 09:00, 10:00, 11:00 UTC.
        /// - A draws 36 W throughout; its counter is scraped every minute at :15 s, 07:59:15–11:00:15, in two
        ///   query_range files split at 09:45:15 (that point in both; `Hostname` in the first, `hostname` in the
        ///   second). The driver reloads at 09:29:45: the 09:30:15 sample reads 30 s × 36 W = 1,080,000 mJ, counted
        ///   from zero, so the 30 s before the reload (1,080 J) are lost.
        ///   A: h0 = 36 × 3600 = 129,600 J = 0.036 kWh; h1 = 129,600 − 1,080 = 128,520 J = 0.0357 kWh;
        ///   h2 = 0.036 kWh; h3 = 15 s × 36 W = 540 J = 0.00015 kWh (the last interval's share of h3).
        /// - B draws 72 W, scraped each minute 08:00–11:00 but nothing between 10:10 and 10:30: a 1,200 s gap
        ///   (more than 3 × 60 s), not counted; then 24 W, scraped each minute 11:01–12:00. B: h0 = h1 = 0.072 kWh;
        ///   h2 = 72 × 2,400 = 172,800 J = 0.048 kWh (2,400 s measured); h3 = 24 × 3,600 = 86,400 J = 0.024 kWh.
        /// - Busy seconds: h0 transcription fr 900, translation es 1,200; h1 transcription fr 600 + en 300,
        ///   translation fr 2,400; h2 translation es 1,800; h3 none. Translation's seconds are spread evenly over its
        ///   two GPUs, both measured in each hour.
        ///
        /// Idle methods: B's h3 is measured throughout without work, so B's idle power is 24 W (the median of that
        /// one hour) and an hour's idle is 24 W × its measured seconds × (1 − busy/3600). A has no hour measured
        /// throughout without work (h3 is measured for 15 s only), so A falls back to the time split, named in a note.
        ///
        /// Working:
        /// - A h0: busy 900 + 600 = 1,500 s. transcription fr 0.036 × 900/3600 = 0.009; translation es
        ///   0.036 × 600/3600 = 0.006; idle 0.036 × 2100/3600 = 0.021.
        /// - A h1: busy 600 + 300 + 1,200 = 2,100 s. transcription fr 0.0357 × 600/3600 = 0.00595, en 0.002975;
        ///   translation fr 0.0357 × 1200/3600 = 0.0119; idle 0.0357 × 1500/3600 = 0.014875.
        /// - A h2: translation es 0.036 × 900/3600 = 0.009; idle 0.027. A h3: no work, idle 0.00015.
        /// - A idle 0.021 + 0.014875 + 0.027 + 0.00015 = 0.063025, split by A's busy seconds over the hours:
        ///   transcription 1,800, translation 2,700 of 4,500: 0.02521 and 0.037815.
        /// - B h0: busy 600; idle 24 × 3,000 = 72,000 J; es 259,200 − 72,000 = 187,200 J.
        ///   B h1: busy 1,200; idle 24 × 2,400 = 57,600 J; fr 259,200 − 57,600 = 201,600 J.
        ///   B h2: busy 900; idle 24 × 2,400 × (1 − 900/3600) = 43,200 J; es 172,800 − 43,200 = 129,600 J.
        ///   B h3: idle 86,400 J. B: es 316,800 J = 0.088 kWh, fr 201,600 J = 0.056 kWh, idle 259,200 J = 0.072 kWh.
        /// - transcription fr 0.009 + 0.00595 = 0.01495; en 0.002975; idle 0.02521.
        /// - translation es 0.006 + 0.009 + 0.088 = 0.103; fr 0.0119 + 0.056 = 0.0679; idle 0.037815 + 0.072 =
        ///   0.109815.
        /// - Sum 0.32385 = A 0.10785 + B 0.216.
        @Test func twoGPUsTwoServicesThreeLanguagesWithAResetAndAGapMatchAHandComputation() throws {
            let name = "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION"
            let a = ["UUID": "GPU-aaaaaaaa-0000-0000-0000-00000000000a", "gpu": "0", "modelName": "Tesla T4"]
            let b = ["__name__": name, "Hostname": "vm-nllb-02", "UUID": "GPU-bbbbbbbb-0000-0000-0000-00000000000b"]
            let reload = utc("2025-03-10T09:29:45Z")
            let aPoints =
                counterPoints(
                    from: utc("2025-03-10T07:59:15Z"), to: utc("2025-03-10T09:29:15Z"), step: 60, watts: 36,
                    startMillijoules: 5e9)
                + counterPoints(
                    from: reload + 30, to: utc("2025-03-10T11:00:15Z"), step: 60, watts: 36,
                    startMillijoules: 36_000 * 30)
            let split = utc("2025-03-10T09:45:15Z")
            // B's counter at 11:00: 2e10 mJ + 72 W × (10,800 s − 1,200 s of gap, still counted by the counter).
            let bPoints =
                counterPoints(
                    from: utc("2025-03-10T08:00:00Z"), to: utc("2025-03-10T11:00:00Z"), step: 60, watts: 72,
                    startMillijoules: 2e10
                ).filter { $0.time <= utc("2025-03-10T10:10:00Z") || $0.time >= utc("2025-03-10T10:30:00Z") }
                + counterPoints(
                    from: utc("2025-03-10T11:00:00Z"), to: utc("2025-03-10T12:00:00Z"), step: 60, watts: 24,
                    startMillijoules: 2e10 + 72_000 * 10_800
                ).dropFirst()
            let first = queryRangeResponse([
                (a.merging(["__name__": name, "Hostname": "vm-fr-01"]) { $1 }, aPoints.filter { $0.time <= split }),
                (b, bPoints),
            ])
            let second = queryRangeResponse([
                (a.merging(["__name__": name, "hostname": "vm-fr-01"]) { $1 }, aPoints.filter { $0.time >= split })
            ])
            var set = MeasuredSeriesSet()
            set.add(try PrometheusQueryRangeImporter.read(first, file: "inputs/dcgm-part1.json"))
            set.add(try PrometheusQueryRangeImporter.read(second, file: "inputs/dcgm-part2.json"))
            let (series, mergeNotes) = set.merged()
            #expect(series.count == 2)
            let (energy, energyNotes) = GPUEnergyCalculator.compute(series)

            let h0 = hour("2025-03-10T08:00:00Z")
            var work = HourlyWorkTable(basis: .busySeconds)
            work.add(hour: h0, service: "transcription", language: "fr", amount: 900)
            work.add(hour: h0, service: "translation", language: "es", amount: 1200)
            work.add(hour: h0.advanced(by: 1), service: "transcription", language: "fr", amount: 600)
            work.add(hour: h0.advanced(by: 1), service: "transcription", language: "en", amount: 300)
            work.add(hour: h0.advanced(by: 1), service: "translation", language: "fr", amount: 2400)
            work.add(hour: h0.advanced(by: 2), service: "translation", language: "es", amount: 1800)
            let rules = [
                MeasuredEnergyRule(serviceID: "transcription", hostGlobs: ["vm-fr-*"]),
                MeasuredEnergyRule(serviceID: "translation", hostGlobs: ["vm-fr-*", "vm-nllb-*"]),
            ]
            let result = MeasuredEnergyAllocator.allocate(
                energy: energy, rules: rules, work: work, hours: h0..<h0.advanced(by: 4))

            expectClose(result.energyKWh(service: "transcription", language: "fr"), 0.01495)
            expectClose(result.energyKWh(service: "transcription", language: "en"), 0.002975)
            expectClose(result.idleKWh(service: "transcription"), 0.02521)
            expectClose(result.energyKWh(service: "translation", language: "es"), 0.103)
            expectClose(result.energyKWh(service: "translation", language: "fr"), 0.0679)
            expectClose(result.idleKWh(service: "translation"), 0.109815)
            expectClose(result.totalKWh, 0.32385)
            #expect(result.lines.count == 6)
            #expect(result.unallocatedKWh == 0)
            #expect(result.unmeasuredWork.isEmpty)

            let gpuA = try #require(result.gpus.first { $0.identity.host == "vm-fr-01" })
            let gpuB = try #require(result.gpus.first { $0.identity.host == "vm-nllb-02" })
            #expect(gpuA.services == ["transcription", "translation"] && gpuB.services == ["translation"])
            expectClose(gpuA.energyKWh, 0.10785)
            expectClose(gpuB.energyKWh, 0.216)
            // A: 3 × 3,600 s + 15 s of h3 over 4 hours; B: 4 × 3,600 − 1,200 s.
            expectClose(gpuA.coverage, 10_815.0 / 14_400)
            expectClose(gpuB.coverage, 13_200.0 / 14_400)
            #expect(gpuA.idleMethod == .timeSplit && gpuA.idlePowerWatts == nil)
            #expect(gpuB.idleMethod == .idlePowerFromHoursWithoutWork)
            expectClose(try #require(gpuB.idlePowerWatts), 24)
            #expect(gpuA.resetCount == 1 && gpuA.gapCount == 0)
            #expect(gpuB.resetCount == 0 && gpuB.gapCount == 1)

            let reset = try #require(energyNotes.first { $0.message.contains("counter reset") })
            #expect(reset.message.contains("host=vm-fr-01 uuid=GPU-aaaaaaaa-0000-0000-0000-00000000000a"))
            #expect(reset.message.contains("at 2025-03-10T09:30:15Z"))
            let gap = try #require(energyNotes.first { $0.severity == .warning })
            #expect(gap.message.contains("host=vm-nllb-02") && gap.message.contains("no sample for 1200 s"))
            #expect(gap.message.contains("from 2025-03-10T10:10:00Z"))
            #expect(energyNotes.count == 2)
            #expect(mergeNotes.map(\.severity) == [.note])
            #expect(result.diagnostics.map(\.severity) == [.note, .note])
            #expect(
                result.diagnostics.contains {
                    $0.message.contains("host=vm-nllb-02")
                        && $0.message.contains("idle power 24 W, the median of its 1 hour")
                        && $0.message.contains("method idle power from hours without work")
                })
            #expect(
                result.diagnostics.contains {
                    $0.message.contains("host=vm-fr-01") && $0.message.contains("(method time split)")
                })
        }
    }
}
