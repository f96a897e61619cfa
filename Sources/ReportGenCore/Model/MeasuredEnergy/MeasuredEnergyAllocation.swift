/// Measured GPU energy split into service × language cells, each service's idle line and the unallocated line.
///
/// The lines add up to the energy of every measured GPU over the hours allocated: nothing is dropped, nothing is
/// interpolated.
struct MeasuredEnergyAllocation: Sendable, Equatable {
    /// One line of the result. Units: kWh; `workAmount` in the table's basis (seconds or requests).
    struct Line: Sendable, Hashable {
        /// What a line holds.
        enum Kind: String, Sendable, Hashable {
            /// Energy of the service's work in one language.
            case work
            /// Energy of its GPUs while they did none of the services' work.
            case idle
            /// Energy of GPUs that no rule maps to a service.
            case unallocated
        }

        var kind: Kind
        /// The service id; ``ServiceMapping/unallocated`` for the unallocated line.
        var service: String
        /// The language code of a work line, ``MeasuredEnergyAllocation/idleLanguage`` for an idle line, `nil` for
        /// the unallocated line.
        var language: String?
        var energyKWh: Double
        /// The work that carried the energy here (measured hours only); 0 for idle and unallocated lines.
        var workAmount: Double
    }

    /// One GPU's share of the result.
    struct GPUSummary: Sendable, Hashable {
        var identity: GPUIdentity
        var method: EnergyMethod
        /// The services its rules name, sorted; empty when it is unallocated.
        var services: [String]
        var energyKWh: Double
        var idleKWh: Double
        /// How its idle energy was told apart from its work; `nil` when it is unallocated.
        var idleMethod: IdleMethod?
        /// The idle power estimated from its hours without work, W; `nil` with another method.
        var idlePowerWatts: Double?
        /// Share of the allocated hours' wall clock the measurement covers, 0 to 1.
        var coverage: Double
        var gapCount: Int
        var resetCount: Int
    }

    /// How a GPU's idle energy is told apart from its work in the hours it worked.
    enum IdleMethod: String, Sendable, Hashable {
        /// Idle power (the median power of its hours measured throughout without work) × the idle seconds.
        case idlePowerFromHoursWithoutWork = "idle power from hours without work"
        /// The share of the hour without busy seconds: the fallback when no hour without work was measured.
        case timeSplit = "time split"
        /// Request counts carry no duration: an hour with requests is all work, one without all idle.
        case hoursWithoutRequests = "hours without requests"
    }

    /// The language column of idle lines.
    static let idleLanguage = "idle"

    var basis: HourlyWorkTable.Basis
    /// Work lines per service and language, then the service's idle line; the unallocated line last.
    var lines: [Line]
    var gpus: [GPUSummary]
    /// Per service, work done in hours when none of its GPUs was measured (seconds or requests): it got no measured
    /// energy.
    var unmeasuredWork: [String: Double]
    /// Per hour, summed over the GPUs: the energy of the work, of idle (mapped GPUs), of unmapped GPUs. kWh.
    var hourlyWorkKWh: [UTCHour: Double] = [:]
    var hourlyIdleKWh: [UTCHour: Double] = [:]
    var hourlyUnallocatedKWh: [UTCHour: Double] = [:]
    var diagnostics: [Diagnostic]

    /// The energy of a work line, or 0.
    func energyKWh(service: String, language: String) -> Double {
        lines.first { $0.kind == .work && $0.service == service && $0.language == language }?.energyKWh ?? 0
    }

    /// The energy of a service's idle line, or 0.
    func idleKWh(service: String) -> Double {
        lines.first { $0.kind == .idle && $0.service == service }?.energyKWh ?? 0
    }

    /// The energy of the unallocated line, or 0.
    var unallocatedKWh: Double { lines.first { $0.kind == .unallocated }?.energyKWh ?? 0 }

    /// Every line's energy, kWh.
    var totalKWh: Double { lines.reduce(0) { $0 + $1.energyKWh } }
}
