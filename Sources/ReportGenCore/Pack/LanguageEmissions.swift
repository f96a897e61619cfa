/// Emissions by language and month, for information: each service's retained figure of a month (the one the chart
/// by service shows) split between languages by the busy GPU time the usage log records for that service and month,
/// by files where it records no busy time, by requests where it records neither. What no usage covers (a shared
/// resource, the unallocated records, a month without usage for that service) stays in its own row, never spread.
/// The rows therefore add up, month by month, to the total of the chart by service.
///
/// This is an allocation, not a consequence: stopping a language avoids its avoidable carbon (the decision matrix),
/// not its share here.
package struct LanguageEmissions: Sendable, Equatable {
    /// The key a service's figure of one month was split by.
    package enum SplitKey: String, Sendable, Equatable, Codable {
        case busyGPUSeconds = "busy_gpu_seconds"
        case files
        case requests
    }

    /// The months, in order: the chart by service's.
    package let months: [YearMonth]
    /// The languages with a row: the configured ones in configuration order, then any other the usage log names.
    package let languages: [String]
    /// kgCO2e per language (outer, as ``languages``) and month (inner, as ``months``).
    package let kg: [[Double]]
    /// kgCO2e per month that no usage covers.
    package let unattributed: [Double]
    /// The key each service's figure was split by, per month; absent where the service had no usage that month.
    package let keys: [String: [YearMonth: SplitKey]]

    /// Splits `retained(service, month)` of every service by its usage in that month.
    package init(
        months: [YearMonth], services: [String], configuredLanguages: [String],
        activity: [String: [String: [YearMonth: Activity]]], retained: (String, YearMonth) -> Double
    ) {
        let extra = Set(activity.values.flatMap(\.keys)).subtracting(configuredLanguages).sorted()
        let languages = configuredLanguages + extra
        let row = Dictionary(uniqueKeysWithValues: languages.enumerated().map { ($1, $0) })
        var kg = Array(repeating: Array(repeating: 0.0, count: months.count), count: languages.count)
        var unattributed = Array(repeating: 0.0, count: months.count)
        var keys: [String: [YearMonth: SplitKey]] = [:]
        for (column, month) in months.enumerated() {
            for service in services {
                let total = retained(service, month)
                guard total != 0 else { continue }
                // Languages in row order, so that the sums are made in one fixed order (byte-identical packs).
                let usage = languages.compactMap { language in
                    activity[service]?[language]?[month].map { (language, $0) }
                }
                let split: (SplitKey, [Double])? = [
                    (SplitKey.busyGPUSeconds, usage.map { $0.1.gpuSeconds }),
                    (.files, usage.map { Double($0.1.files) }), (.requests, usage.map { Double($0.1.requests) }),
                ].first { $0.1.reduce(0, +) > 0 }
                guard let (key, weights) = split else {
                    unattributed[column] += total
                    continue
                }
                keys[service, default: [:]][month] = key
                let sum = weights.reduce(0, +)
                for (index, weight) in weights.enumerated() {
                    if let language = row[usage[index].0] { kg[language][column] += total * weight / sum }
                }
            }
        }
        self.months = months
        self.languages = languages
        self.kg = kg
        self.unattributed = unattributed
        self.keys = keys
    }
}
