/// How a service runs in a plan: as today, with a lever (a variant of the carbon model), or not at all.
///
/// Options are exclusive per service; scale-to-zero combines with the model, quantisation and region levers.
package struct ServiceOption: Sendable, Hashable, Codable {
    /// One change to how a service runs.
    package enum Lever: String, Sendable, Hashable, Codable, CaseIterable {
        /// Reserved hours follow busy hours × (1 + `decisions.scale_to_zero_margin`) instead of 730 h a VM.
        case scaleToZero = "scale_to_zero"
        /// A smaller model of the same family (energy per unit from its own reference factor).
        case smallerModel = "smaller_model"
        /// Energy and busy time × the quantised ÷ full-precision real-time factor.
        case quantisation
        /// The service moves to another Azure region (its grid factor and PUE).
        case regionMove = "region_move"
        /// The service is switched off: no VM, no file.
        case drop
    }

    /// The levers applied, in ``Lever`` order; empty for "as today".
    package var levers: [Lever] = []
    /// The model after a `smallerModel` lever.
    package var model: String?
    /// The region after a `regionMove` lever.
    package var region: String?
    /// Energy and busy-time multiplier of a `quantisation` lever (1 otherwise).
    package var energyScale = 1.0
    /// What changes, in words: `whisper-large-v3 → whisper-large-v3-turbo; 730 h → 1.5 × busy h`.
    package var detail = ""

    /// The service as it runs today.
    package static let asIs = ServiceOption()
    /// The service switched off.
    package static let dropped = ServiceOption(levers: [.drop], detail: "off")

    /// `as_is`, `drop`, or the levers joined by `+`: `smaller_model+scale_to_zero`.
    package var id: String { levers.isEmpty ? "as_is" : levers.map(\.rawValue).joined(separator: "+") }
    package var isAsIs: Bool { levers.isEmpty }
    package var isDropped: Bool { levers.contains(.drop) }
    package var scalesToZero: Bool { levers.contains(.scaleToZero) }
}
