import Foundation
import Testing

@testable import ReportGenCore

/// Measured GPU energy (issue 13): the three readers, the hourly energy and the allocation. The suites live in
/// `MeasurementTests+*.swift`.
@Suite struct MeasurementTests {}

/// Seconds since 1970 of an ISO 8601 UTC time written in a test (`2025-03-10T08:00:00Z`).
func utc(_ text: String) -> Double {
    Double(parseISO8601Seconds(text) ?? 0)
}

/// The hour containing an ISO 8601 UTC time written in a test.
func hour(_ text: String) -> UTCHour { UTCHour(hoursSinceEpoch: Int(utc(text)) / 3600) }

let parisZone = TimeZone(identifier: "Europe/Paris") ?? TimeZone(secondsFromGMT: 3600) ?? .current

/// A Prometheus `query_range` response with the given series, compact as Prometheus writes it.
func queryRangeResponse(_ series: [(labels: [String: String], points: [(time: Double, value: String)])]) -> Data {
    let result: [[String: Any]] = series.map { item in
        ["metric": item.labels, "values": item.points.map { [$0.time, $0.value] as [Any] }]
    }
    let root: [String: Any] = ["status": "success", "data": ["resultType": "matrix", "result": result]]
    return (try? JSONSerialization.data(withJSONObject: root, options: [.sortedKeys])) ?? Data()
}

/// Counter points every `step` seconds from `start` to `end` inclusive, the value in mJ as an integer string:
/// `startMillijoules` plus `watts` × 1,000 mJ per second elapsed.
func counterPoints(from start: Double, to end: Double, step: Double, watts: Double, startMillijoules: Double)
    -> [(time: Double, value: String)]
{
    stride(from: start, through: end, by: step).map { time in
        (time, String(format: "%.0f", startMillijoules + watts * 1000 * (time - start)))
    }
}

/// Reads a fixture of `Fixtures/measurement` as bytes.
func measurementFixture(_ name: String) throws -> Data {
    try Data(contentsOf: fixturesDirectory.appendingPathComponent("measurement/" + name))
}

/// Expects two figures to agree to 1e-9 (kWh in these tests).
func expectClose(
    _ actual: Double, _ expected: Double, tolerance: Double = 1e-9, sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(abs(actual - expected) <= tolerance, "\(actual) vs \(expected)", sourceLocation: sourceLocation)
}
