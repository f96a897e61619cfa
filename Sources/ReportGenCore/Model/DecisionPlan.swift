/// A plan: one option per service and, per cell, the share of its forecast files kept (1, 0.75, 0.5, 0.25, 0) or a
/// cap in files a month.
package struct DecisionPlan: Sendable, Hashable {
    /// A cell's volume in a plan.
    package enum Cap: Sendable, Hashable {
        /// This share of the forecast files, every month.
        case share(Double)
        /// At most this many files a month.
        case filesPerMonth(Double)
    }

    /// Service id → option; a service not listed runs as today.
    package var options: [String: ServiceOption] = [:]
    /// Cell → cap; a cell not listed keeps its whole forecast.
    package var caps: [CellKey: Cap] = [:]

    /// Everything as forecast.
    package static let baseline = DecisionPlan()

    package func option(_ service: String) -> ServiceOption { options[service] ?? .asIs }
    package func cap(_ cell: CellKey) -> Cap { caps[cell] ?? .share(1) }
}
