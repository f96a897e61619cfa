import Foundation
import Testing

@testable import ReportGenCore

extension MeasurementTests {
    @Suite struct QueryRange {
        let energyName = "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION"

        @Test func detectsRangeAndErrorResponsesButNotOtherJSON() throws {
            #expect(
                PrometheusQueryRangeImporter.detects(
                    try measurementFixture("query-range-2025-03-01-part1-Hostname.json")))
            #expect(PrometheusQueryRangeImporter.detects(try measurementFixture("query-range-error.json")))
            #expect(!PrometheusQueryRangeImporter.detects(Data(#"{"value":[{"dateKey":"20250101"}]}"#.utf8)))
            #expect(!PrometheusQueryRangeImporter.detects(Data("timestamp, power.draw [W]\n".utf8)))
            // The key is found on the bytes up to the head's last byte; a prefix of it is not the key.
            #expect(PrometheusQueryRangeImporter.detects(Data(#"{"status":"success","data":{"resultType""#.utf8)))
            #expect(!PrometheusQueryRangeImporter.detects(Data(#"{"status":"success","data":{"resultTyp"#.utf8)))
        }

        @Test func convertsMillijoulesToKilowattHours() throws {
            // 3.6e9 mJ = 3.6e6 J = 1 kWh.
            let data = queryRangeResponse([
                (["__name__": energyName, "UUID": "GPU-1"], [(utc("2025-03-01T00:00:00Z"), "3600000000")])
            ])
            let result = try PrometheusQueryRangeImporter.read(data, file: "inputs/q.json")
            let series = try #require(result.series.first)
            #expect(series.quantity == .energyCounterKWh)
            #expect(series.samples == [MeasurementSample(timeSeconds: utc("2025-03-01T00:00:00Z"), value: 1)])
            #expect(result.diagnostics.isEmpty)
        }

        @Test func joinsHostnameAndLowercaseHostnameSeriesAcrossTwoFiles() throws {
            // dcgm-exporter #655 renamed Hostname to hostname; part 2 also gains a driver-version label. One GPU.
            var set = MeasuredSeriesSet()
            for name in ["query-range-2025-03-01-part1-Hostname.json", "query-range-2025-03-01-part2-hostname.json"] {
                set.add(try PrometheusQueryRangeImporter.read(try measurementFixture(name), file: "inputs/" + name))
            }
            let (series, diagnostics) = set.merged()
            let merged = try #require(series.first)
            #expect(series.count == 1)
            #expect(merged.identity.host == "vm-whisper-01")
            #expect(merged.identity.uuid == "GPU-11111111-2222-3333-4444-555555555555")
            #expect(merged.identity.modelName == "Tesla T4")
            // 3 + 3 points, the one at 00:02 in both files kept once.
            #expect(
                merged.samples.map(\.timeSeconds)
                    == stride(from: 1_740_787_200.0, through: 1_740_787_440, by: 60).map { $0 })
            #expect(merged.sources.count == 2)
            #expect(
                diagnostics.contains {
                    $0.severity == .note && $0.message.contains("1 samples present in more than one")
                })
            // 72 W for 240 s = 17,280 J = 17,280,000 mJ = 0.0048 kWh.
            let (energy, _) = GPUEnergyCalculator.compute(series)
            expectClose(
                try #require(energy.first).energyKWh(in: hour("2025-03-01T00:00:00Z")..<hour("2025-03-01T01:00:00Z")),
                0.0048)
        }

        @Test func mergesAMonthSplitAcrossTwoFilesAndKeepsOverlappingSamplesOnce() throws {
            // A month at a 240 s step is 11,160 points per series, over Prometheus's 11,000: two queries. Each ends
            // or starts on 2025-03-16T12:00Z, so that point is in both files.
            let start = utc("2025-03-01T00:00:00Z")
            let middle = utc("2025-03-16T12:00:00Z")
            let end = utc("2025-04-01T00:00:00Z") - 240
            let labels = ["__name__": energyName, "Hostname": "vm-nllb-01", "UUID": "GPU-2"]
            let all = counterPoints(from: start, to: end, step: 240, watts: 10, startMillijoules: 5e9)
            let first = queryRangeResponse([(labels, all.filter { $0.time <= middle })])
            let second = queryRangeResponse([(labels, all.filter { $0.time >= middle })])
            var set = MeasuredSeriesSet()
            set.add(try PrometheusQueryRangeImporter.read(first, file: "inputs/part1.json"))
            set.add(try PrometheusQueryRangeImporter.read(second, file: "inputs/part2.json"))
            let (series, _) = set.merged()
            #expect(series.count == 1)
            #expect(series.first?.samples.count == 11_160)
            let (energy, diagnostics) = GPUEnergyCalculator.compute(series)
            #expect(!diagnostics.contains { $0.severity == .warning })
            // 10 W over 31 days less the last 240 s: 10 × (2,678,400 − 240) J / 3.6e6 = 7.4393333… kWh.
            let march = UTCHour.hours(of: YearMonth(year: 2025, month: 3), in: TimeZone(identifier: "UTC") ?? parisZone)
            expectClose(try #require(energy.first).energyKWh(in: march), 10 * (2_678_400 - 240) / 3.6e6)
        }

        @Test func setsAsideAnUnknownMetricWithItsJSONPointer() throws {
            let data = queryRangeResponse([
                (["__name__": "DCGM_FI_DEV_GPU_UTIL", "UUID": "GPU-1"], [(utc("2025-03-01T00:00:00Z"), "42")]),
                (["__name__": "DCGM_FI_DEV_POWER_USAGE", "UUID": "GPU-1"], [(utc("2025-03-01T00:00:00Z"), "42")]),
            ])
            let result = try PrometheusQueryRangeImporter.read(data, file: "inputs/q.json")
            #expect(result.series.map(\.quantity) == [.powerWatts])
            let warning = try #require(result.diagnostics.first)
            #expect(warning.severity == .warning)
            #expect(warning.message.contains("/data/result/0/metric/__name__: unknown metric \"DCGM_FI_DEV_GPU_UTIL\""))
            #expect(
                warning.message.contains(
                    "expected one of DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION, DCGM_FI_DEV_POWER_USAGE"))
            #expect(warning.line == 1)
        }

        @Test func setsAsideASeriesWhoseQueryDroppedTheMetricName() throws {
            let data = queryRangeResponse([(["UUID": "GPU-1"], [(utc("2025-03-01T00:00:00Z"), "42")])])
            let result = try PrometheusQueryRangeImporter.read(data, file: "inputs/q.json")
            #expect(result.series.isEmpty)
            #expect(result.diagnostics.first?.message.contains("query the raw metric") == true)
        }

        @Test func reportsAnErrorResponseWithItsTypeAndMessage() throws {
            #expect(
                throws: MeasurementError.prometheusError(
                    file: "inputs/e.json", errorType: "bad_data",
                    message:
                        "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)"
                )
            ) {
                try PrometheusQueryRangeImporter.read(
                    try measurementFixture("query-range-error.json"), file: "inputs/e.json")
            }
        }

        @Test func namesTheByteLineAndColumnWhereATruncatedFileStops() throws {
            let data = try measurementFixture("query-range-truncated.json")
            let lastLine = "               [ 1740787260, \"10043"
            do {
                _ = try PrometheusQueryRangeImporter.read(data, file: "inputs/t.json")
                Issue.record("a truncated file was read")
            } catch {
                guard case .malformedJSON(let file, let line, let column, let offset, let pointer, let found, _) = error
                else {
                    Issue.record("unexpected error \(error)")
                    return
                }
                #expect(file == "inputs/t.json")
                #expect(line == 10)
                #expect(column == lastLine.count + 1)
                #expect(offset == data.count)
                #expect(pointer == "/data/result/0/values/1/1")
                #expect(found.contains("end of the file"))
                #expect(error.diagnostic.line == 10)
            }
        }

        @Test func setsAsideHostileValuesWithoutTrapping() throws {
            let t = utc("2025-03-01T00:00:00Z")
            let json = """
                {"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"\(energyName)",\
                "UUID":"GPU-1"},"values":[[\(t),"NaN"],[\(t + 60),"+Inf"],[\(t + 120),"-5"],[1e300,"1"],\
                [\(t + 180),"abc"],[\(t + 240),"1e400"],[\(t + 300)],[\(t + 360),"3600000000"]]}]}}
                """
            let result = try PrometheusQueryRangeImporter.read(Data(json.utf8), file: "inputs/h.json")
            #expect(result.series.first?.samples == [MeasurementSample(timeSeconds: t + 360, value: 1)])
            let messages = result.diagnostics.map(\.message)
            #expect(messages.count == 7)
            #expect(messages[0].contains("/data/result/0/values/0") && messages[0].contains("not a finite number"))
            #expect(messages[2].contains("negative"))
            #expect(messages[3].contains("outside 2000–2199"))
            #expect(messages[4].contains("expected a point [<unix seconds>, \"<number>\"]"))
        }

        @Test func refusesDeepNestingWithAnErrorInsteadOfOverflowingTheStack() {
            let data = Data((String(repeating: "[", count: 100_000)).utf8)
            #expect(throws: MeasurementError.self) {
                try PrometheusQueryRangeImporter.read(data, file: "inputs/d.json")
            }
        }

        @Test func readsAnInstantVector() throws {
            let json = """
                {"status":"success","warnings":["results truncated"],"data":{"resultType":"vector","result":[\
                {"metric":{"__name__":"DCGM_FI_DEV_POWER_USAGE","hostname":"h","gpu":"0"},"value":[1740787200.5,"70.25"]}]}}
                """
            let result = try PrometheusQueryRangeImporter.read(Data(json.utf8), file: "inputs/v.json")
            #expect(result.series.first?.samples == [MeasurementSample(timeSeconds: 1_740_787_200.5, value: 70.25)])
            #expect(result.diagnostics.map(\.message) == ["Prometheus warning: results truncated"])
        }

        @Test func refusesAScalarResult() {
            let json = #"{"status":"success","data":{"resultType":"scalar","result":[1740787200,"1"]}}"#
            #expect(
                throws: MeasurementError.unexpectedJSON(
                    file: "inputs/s.json", line: 1, column: 42, pointer: "/data/resultType",
                    found: "the string \"scalar\"",
                    expected: "\"matrix\" (query_range) or \"vector\" (query)")
            ) { try PrometheusQueryRangeImporter.read(Data(json.utf8), file: "inputs/s.json") }
        }
    }
}

extension MeasurementTests.QueryRange {
    @Test func listsTheFirstFiftyBadSamplesOfAMonthAndCountsTheRest() throws {
        // A month at one minute, every value NaN: 44,640 set aside, 50 listed, one line for the other 44,590.
        let start = utc("2025-03-01T00:00:00Z")
        let points = (0..<44_640).map { (time: start + Double($0) * 60, value: "NaN") }
        let data = queryRangeResponse([(["__name__": energyName, "UUID": "GPU-1"], points)])
        let result = try PrometheusQueryRangeImporter.read(data, file: "inputs/nan.json")
        #expect(result.sampleCount == 0)
        #expect(result.diagnostics.count == 51)
        #expect(result.diagnostics.last?.message == "44590 more set-aside samples, rows or series not listed")
    }
}
