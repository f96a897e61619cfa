/// A reading as an exporter wrote it, before it is checked and converted to a ``MeasurementSample``.
struct ExportedReading: Sendable {
    /// Seconds since 1970 (already converted from milliseconds where the format uses them).
    var timeSeconds: Double
    /// The value in the exporter's unit.
    var value: Double

    /// Why a reading cannot be kept.
    enum Problem: Error, Equatable, CustomStringConvertible {
        case timeOutOfRange(Double)
        case notFinite(Double)
        case negative(Double)

        var description: String {
            switch self {
            case .timeOutOfRange(let seconds):
                return "time \(seconds) s (\(utcTimestampText(seconds))) is outside 2000–2199; expected a Unix time"
            case .notFinite(let value):
                return "value \(value) is not a finite number; expected a reading"
            case .negative(let value):
                return
                    "value \(value) is negative; expected a reading of at least 0 (energy and power do not go below 0)"
            }
        }
    }

    /// The reading in the internal unit, or why it is set aside.
    /// - Parameter factor: multiplies the exported value into the internal unit (``DCGMMetric/toInternalUnit``).
    func checked(factor: Double) -> Result<MeasurementSample, Problem> {
        guard UTCHour.acceptedSeconds.contains(timeSeconds) else { return .failure(.timeOutOfRange(timeSeconds)) }
        guard value.isFinite else { return .failure(.notFinite(value)) }
        guard value >= 0 else { return .failure(.negative(value)) }
        return .success(MeasurementSample(timeSeconds: timeSeconds, value: value * factor))
    }
}
