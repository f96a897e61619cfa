import Foundation

/// Turns zone-less local times (nvidia-smi's `2025/03/01 09:12:44.123`) into UTC instants in an IANA time zone,
/// resolving the two daylight-saving edge cases explicitly:
/// - a time that occurs twice (the hour repeated in autumn) takes the earliest reading not before the previous
///   sample, so a log that runs through the change stays in order;
/// - a time that does not exist (the hour skipped in spring) is read with the offset in force before the change.
///
/// Offsets are cached per quarter hour of local time (every offset change in the tz database falls on one).
struct LocalTimeResolver {
    /// How a local time mapped to UTC.
    enum Resolution: Sendable, Equatable {
        case unique
        /// The local time occurred twice; the reading chosen is said.
        case ambiguous
        /// The local time did not occur (clocks jumped over it).
        case skipped
    }

    let timeZone: TimeZone
    /// Per quarter hour of local time: the valid offsets, earliest instant first, or the offset used for a
    /// skipped time.
    private var cache: [Int: (offsets: [Int], isSkipped: Bool)] = [:]

    init(timeZone: TimeZone) { self.timeZone = timeZone }

    /// The UTC instant of a local time.
    /// - Parameters:
    ///   - localSeconds: the local wall-clock time counted as if it were UTC seconds since 1970 (fractions kept).
    ///   - notBefore: the previous sample's UTC time, if any: picks the reading of an ambiguous time.
    /// - Returns: seconds since 1970 UTC, and how it was resolved.
    mutating func utcSeconds(localSeconds: Double, notBefore: Double?) -> (seconds: Double, resolution: Resolution) {
        let whole = Int(localSeconds.rounded(.down))
        let block = whole >= 0 ? whole / 900 : (whole - 899) / 900
        let entry: (offsets: [Int], isSkipped: Bool)
        if let cached = cache[block] {
            entry = cached
        } else {
            let probe = block * 900
            func offset(at seconds: Int) -> Int {
                timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(seconds)))
            }
            let around = Set([offset(at: probe - 86_400), offset(at: probe), offset(at: probe + 86_400)])
            // An offset is valid for this local time when the instant it gives has that offset itself. Larger
            // offsets give earlier instants: sorted descending, the earliest reading comes first.
            let valid = around.filter { offset(at: probe - $0) == $0 }.sorted(by: >)
            entry = valid.isEmpty ? ([offset(at: probe - 86_400)], true) : (valid, false)
            cache[block] = entry
        }
        let instants = entry.offsets.map { localSeconds - Double($0) }
        if entry.isSkipped { return (instants.first ?? localSeconds, .skipped) }
        guard instants.count > 1 else { return (instants.first ?? localSeconds, .unique) }
        if let notBefore, let pick = instants.first(where: { $0 >= notBefore - 0.001 }) { return (pick, .ambiguous) }
        return (instants.first ?? localSeconds, .ambiguous)
    }
}
