import Foundation
import Testing

@testable import ReportGenCore

extension MeasurementTests {
    @Suite struct Allocation {
        let nine = hour("2025-03-10T09:00:00Z")

        /// A GPU measured over whole hours with the given energy (kWh).
        func gpu(host: String, uuid: String, pod: String? = nil, _ energy: [UTCHour: Double]) -> GPUHourlyEnergy {
            GPUHourlyEnergy(
                identity: GPUIdentity(host: host, uuid: uuid, pod: pod), method: .counter, energyKWhByHour: energy,
                coveredSecondsByHour: energy.mapValues { _ in 3600 }, medianIntervalSeconds: 60, gaps: [], resets: [],
                sources: ["inputs/dcgm.json"])
        }

        @Test func matchesARuleWhenEveryListItHasMatches() {
            let identity = GPUIdentity(host: "aks-gpupool-1", uuid: "GPU-ABC", pod: "generation-ollama-0")
            #expect(MeasuredEnergyRule(serviceID: "g", hostGlobs: ["aks-gpupool-*"]).matches(identity))
            #expect(
                MeasuredEnergyRule(serviceID: "g", hostGlobs: ["AKS-*"], podGlobs: ["generation-*"]).matches(identity))
            #expect(
                !MeasuredEnergyRule(serviceID: "g", hostGlobs: ["aks-*"], podGlobs: ["translation-*"]).matches(identity)
            )
            #expect(MeasuredEnergyRule(serviceID: "g", gpuUUIDGlobs: ["gpu-abc"]).matches(identity))
            #expect(!MeasuredEnergyRule(serviceID: "g", podGlobs: ["*"]).matches(GPUIdentity(host: "vm-1")))
            #expect(!MeasuredEnergyRule(serviceID: "g").matches(identity))
        }

        @Test func splitsByTimeAndSaysSoWhenAGPUHasNoHourWithoutWork() {
            // The only hour has work, so there is no idle power to estimate: the time split. 0.036 kWh in the hour;
            // 900 s fr + 300 s en busy = 1,200 s of 3,600. fr 0.036 × 900/3600 = 0.009, en 0.036 × 300/3600 = 0.003,
            // idle 0.036 × 2400/3600 = 0.024.
            var work = HourlyWorkTable(basis: .busySeconds)
            work.add(hour: nine, service: "transcription", language: "fr", amount: 900)
            work.add(hour: nine, service: "transcription", language: "en", amount: 300)
            let result = MeasuredEnergyAllocator.allocate(
                energy: [gpu(host: "vm-whisper-01", uuid: "GPU-1", [nine: 0.036])],
                rules: [MeasuredEnergyRule(serviceID: "transcription", hostGlobs: ["vm-whisper-*"])], work: work,
                hours: nine..<nine.advanced(by: 1))
            expectClose(result.energyKWh(service: "transcription", language: "fr"), 0.009)
            expectClose(result.energyKWh(service: "transcription", language: "en"), 0.003)
            expectClose(result.idleKWh(service: "transcription"), 0.024)
            #expect(
                result.lines.map { "\($0.service)/\($0.language ?? "-")" } == [
                    "transcription/en", "transcription/fr", "transcription/idle",
                ])
            #expect(result.lines.first?.workAmount == 300)
            #expect(result.diagnostics.map(\.severity) == [.note])
            #expect(result.diagnostics.first?.message.contains("(method time split)") == true)
            #expect(result.gpus.first?.idleMethod == .timeSplit)
            #expect(result.basis == .busySeconds)
        }

        @Test func countsIdleAtTheIdlePowerOfHoursWithoutWorkAndGivesTheRestToTheWork() throws {
            // Hours h0, h1, h2 without work draw 8, 10 and 9 W (0.008, 0.010, 0.009 kWh): idle power is their
            // median, 9 W. h3 draws 0.04 kWh with 900 s fr + 300 s en busy: idle 9 W × 2,400 s = 21,600 J = 0.006
            // kWh; work 0.04 − 0.006 = 0.034 kWh, fr 0.034 × 900/1200 = 0.0255, en 0.0085. Idle in all: 0.008 +
            // 0.010 + 0.009 + 0.006 = 0.033.
            let h = (0..<4).map { nine.advanced(by: $0) }
            var work = HourlyWorkTable(basis: .busySeconds)
            work.add(hour: h[3], service: "transcription", language: "fr", amount: 900)
            work.add(hour: h[3], service: "transcription", language: "en", amount: 300)
            let result = MeasuredEnergyAllocator.allocate(
                energy: [
                    gpu(host: "vm-whisper-01", uuid: "GPU-1", [h[0]: 0.008, h[1]: 0.010, h[2]: 0.009, h[3]: 0.04])
                ],
                rules: [MeasuredEnergyRule(serviceID: "transcription", hostGlobs: ["vm-whisper-*"])], work: work,
                hours: h[0]..<h[3].advanced(by: 1))
            expectClose(result.energyKWh(service: "transcription", language: "fr"), 0.0255)
            expectClose(result.energyKWh(service: "transcription", language: "en"), 0.0085)
            expectClose(result.idleKWh(service: "transcription"), 0.033)
            #expect(result.gpus.first?.idleMethod == .idlePowerFromHoursWithoutWork)
            expectClose(try #require(result.gpus.first?.idlePowerWatts), 9)
            #expect(result.diagnostics.first?.message.contains("idle power 9 W, the median of its 3 hours") == true)
            // Hourly series for the chart: h3 is 0.034 work + 0.006 idle.
            expectClose(result.hourlyWorkKWh[h[3]] ?? -1, 0.034)
            expectClose(result.hourlyIdleKWh[h[3]] ?? -1, 0.006)
            expectClose(result.hourlyIdleKWh[h[0]] ?? -1, 0.008)
        }

        @Test func clampsTheIdleEstimateToTheHoursEnergyWithAWarning() {
            // Idle power 20 W (the one hour without work, 0.02 kWh); the next hour drew 0.01 kWh with 600 s busy:
            // 20 W × 3,000 s = 0.0167 kWh > 0.01, so idle takes the whole 0.01 and the work none, never negative.
            var work = HourlyWorkTable(basis: .busySeconds)
            work.add(hour: nine.advanced(by: 1), service: "transcription", language: "fr", amount: 600)
            let result = MeasuredEnergyAllocator.allocate(
                energy: [gpu(host: "vm-whisper-01", uuid: "GPU-1", [nine: 0.02, nine.advanced(by: 1): 0.01])],
                rules: [MeasuredEnergyRule(serviceID: "transcription", hostGlobs: ["vm-whisper-*"])], work: work,
                hours: nine..<nine.advanced(by: 2))
            #expect(result.energyKWh(service: "transcription", language: "fr") == 0)
            expectClose(result.idleKWh(service: "transcription"), 0.03)
            let warning = result.diagnostics.first { $0.severity == .warning }
            #expect(warning?.message.contains("in 1 hour (first 2025-03-10T10:00Z) its idle power 20 W") == true)
        }

        @Test func givesAGPUToAServicesOwnRuleBeforeASharedResources() {
            // Tier 0 (a service's match) wins over tier 1 (a shared resource's); a GPU only the shared resource
            // matches is split between its services.
            let rules = [
                MeasuredEnergyRule(serviceID: "transcription", hostGlobs: ["vm-whisper-*"]),
                MeasuredEnergyRule(serviceID: "transcription", hostGlobs: ["vm-*"], tier: 1),
                MeasuredEnergyRule(serviceID: "translation", hostGlobs: ["vm-*"], tier: 1),
            ]
            let result = MeasuredEnergyAllocator.allocate(
                energy: [
                    gpu(host: "vm-whisper-01", uuid: "GPU-1", [nine: 0.01]),
                    gpu(host: "vm-shared-01", uuid: "GPU-2", [nine: 0.02]),
                ], rules: rules, work: HourlyWorkTable(basis: .busySeconds), hours: nine..<nine.advanced(by: 1))
            let expected: [[String]] = [["transcription", "translation"], ["transcription"]]
            #expect(result.gpus.map(\.services) == expected)
            expectClose(result.idleKWh(service: "transcription"), 0.01 + 0.01)
            expectClose(result.idleKWh(service: "translation"), 0.01)
        }

        @Test func sendsAGPUThatNoRuleMapsToTheUnallocatedLine() {
            let result = MeasuredEnergyAllocator.allocate(
                energy: [
                    gpu(host: "vm-whisper-01", uuid: "GPU-1", [nine: 0.01]),
                    gpu(host: "vm-forgotten-07", uuid: "GPU-7", [nine: 0.05]),
                ],
                rules: [MeasuredEnergyRule(serviceID: "transcription", hostGlobs: ["vm-whisper-*"])],
                work: HourlyWorkTable(basis: .busySeconds), hours: nine..<nine.advanced(by: 1))
            #expect(result.unallocatedKWh == 0.05)
            expectClose(result.idleKWh(service: "transcription"), 0.01)
            expectClose(result.totalKWh, 0.06)
            #expect(result.lines.last?.service == "unallocated" && result.lines.last?.language == nil)
            #expect(result.gpus.first { $0.identity.host == "vm-forgotten-07" }?.services == [])
            #expect(
                result.diagnostics.contains {
                    $0.message.contains("host=vm-forgotten-07 uuid=GPU-7 matches no service")
                })
        }

        @Test func splitsASharedGPUsIdleEquallyWhenNoneOfItsServicesWorked() {
            let rules = [
                MeasuredEnergyRule(serviceID: "transcription", hostGlobs: ["vm-fr-01"]),
                MeasuredEnergyRule(serviceID: "translation", hostGlobs: ["vm-fr-01"]),
            ]
            let result = MeasuredEnergyAllocator.allocate(
                energy: [gpu(host: "vm-fr-01", uuid: "GPU-1", [nine: 0.01])], rules: rules,
                work: HourlyWorkTable(basis: .busySeconds), hours: nine..<nine.advanced(by: 1))
            expectClose(result.idleKWh(service: "transcription"), 0.005)
            expectClose(result.idleKWh(service: "translation"), 0.005)
            #expect(result.diagnostics.contains { $0.message.contains("its idle energy is split equally") })
        }

        @Test func fallsBackToRequestCountsAndNamesTheBasis() {
            // Requests carry no duration: an hour with requests is all work, split 3 : 1; an hour without is idle.
            var work = HourlyWorkTable(basis: .requestCount)
            work.add(hour: nine, service: "generation", language: "fr", amount: 3)
            work.add(hour: nine, service: "generation", language: "en", amount: 1)
            let ten = nine.advanced(by: 1)
            let result = MeasuredEnergyAllocator.allocate(
                energy: [gpu(host: "aks-1", uuid: "GPU-3", pod: "generation-ollama-0", [nine: 0.01, ten: 0.01])],
                rules: [MeasuredEnergyRule(serviceID: "generation", podGlobs: ["generation-*"])], work: work,
                hours: nine..<ten.advanced(by: 1))
            #expect(result.basis == .requestCount)
            expectClose(result.energyKWh(service: "generation", language: "fr"), 0.0075)
            expectClose(result.energyKWh(service: "generation", language: "en"), 0.0025)
            expectClose(result.idleKWh(service: "generation"), 0.01)
        }

        @Test func warnsWhenBusyTimeExceedsTheWallClockAndLeavesNoIdle() {
            var work = HourlyWorkTable(basis: .busySeconds)
            work.add(hour: nine, service: "transcription", language: "fr", amount: 4000)
            let result = MeasuredEnergyAllocator.allocate(
                energy: [gpu(host: "vm-whisper-01", uuid: "GPU-1", [nine: 0.02])],
                rules: [MeasuredEnergyRule(serviceID: "transcription", hostGlobs: ["vm-whisper-*"])], work: work,
                hours: nine..<nine.advanced(by: 1))
            expectClose(result.energyKWh(service: "transcription", language: "fr"), 0.02)
            expectClose(result.idleKWh(service: "transcription"), 0)
            let warning = result.diagnostics.first { $0.severity == .warning }
            #expect(warning?.message.contains("busy GPU time exceeds the wall clock of its 1 GPU in 1 hour") == true)
        }

        @Test func reportsWorkDoneWhileNoGPUOfItsServiceWasMeasured() {
            var work = HourlyWorkTable(basis: .busySeconds)
            work.add(hour: nine, service: "transcription", language: "fr", amount: 600)
            work.add(hour: nine.advanced(by: 1), service: "transcription", language: "fr", amount: 300)
            work.add(hour: nine, service: "translation", language: "es", amount: 100)
            let result = MeasuredEnergyAllocator.allocate(
                energy: [gpu(host: "vm-whisper-01", uuid: "GPU-1", [nine: 0.036])],
                rules: [MeasuredEnergyRule(serviceID: "transcription", hostGlobs: ["vm-whisper-*"])], work: work,
                hours: nine..<nine.advanced(by: 2))
            #expect(result.unmeasuredWork == ["transcription": 300, "translation": 100])
            expectClose(result.energyKWh(service: "transcription", language: "fr"), 0.006)
            #expect(result.diagnostics.contains { $0.message.contains("service translation has work") })
        }
    }
}

extension MeasurementTests.Allocation {
    @Test func splitsARequestsBusyTimeOverTheHoursItSpans() {
        // 132 s from 08:58:30Z: 90 s in the 08:00 hour, 42 s in the 09:00 hour.
        var work = HourlyWorkTable(basis: .busySeconds)
        work.addBusyInterval(
            startSeconds: utc("2025-03-01T08:58:30Z"), busySeconds: 132, service: "transcription", language: "en")
        work.addBusyInterval(startSeconds: utc("2025-03-01T08:00:00Z"), busySeconds: .nan, service: "t", language: "fr")
        #expect(work.work(hour: hour("2025-03-01T08:00:00Z"), service: "transcription") == ["en": 90])
        #expect(work.work(hour: hour("2025-03-01T09:00:00Z"), service: "transcription") == ["en": 42])
        #expect(work.services == ["transcription"])
    }
}
