/// The grain of usage activity: one month, one API service, one endpoint, one language.
package struct ActivityKey: Sendable, Hashable, Codable, Comparable {
    package var period: YearMonth
    /// The `service` field of the usage log, before mapping to a ReportGen service.
    package var service: String
    package var endpoint: String
    package var language: String

    package static func < (a: ActivityKey, b: ActivityKey) -> Bool {
        (a.period, a.service, a.endpoint, a.language) < (b.period, b.service, b.endpoint, b.language)
    }
}

/// Summed request activity for one ``ActivityKey``. Units: seconds, characters, tokens, kWh.
package struct Activity: Sendable, Hashable, Codable {
    package var requests = 0
    /// Requests that succeeded (HTTP 2xx): each is one file processed by that service.
    package var files = 0
    package var failedRequests = 0
    package var audioSeconds = 0.0
    package var inputChars = 0.0
    package var inputTokens = 0.0
    package var outputTokens = 0.0
    package var durationSeconds = 0.0
    package var gpuSeconds = 0.0
    /// Measured energy, summed over the requests that carried `energy_wh`.
    package var energyKWh = 0.0
    package var requestsWithEnergy = 0
    /// The days of the month (bit d − 1 for day d, in the workspace's time zone) with at least one request; 0 when
    /// the source does not say (a monthly rollup).
    package var activeDays: UInt32 = 0
    /// What the failed requests (non-2xx) carried: their audio and characters are not work done, their GPU time is.
    package var failedAudioSeconds = 0.0
    package var failedInputChars = 0.0
    package var failedGPUSeconds = 0.0
    /// The file and line range the activity was read from.
    package var provenance: [String: ClosedRange<Int>] = [:]

    package mutating func add(_ other: Activity) {
        requests += other.requests
        files += other.files
        failedRequests += other.failedRequests
        audioSeconds += other.audioSeconds
        inputChars += other.inputChars
        inputTokens += other.inputTokens
        outputTokens += other.outputTokens
        durationSeconds += other.durationSeconds
        gpuSeconds += other.gpuSeconds
        energyKWh += other.energyKWh
        requestsWithEnergy += other.requestsWithEnergy
        activeDays |= other.activeDays
        failedAudioSeconds += other.failedAudioSeconds
        failedInputChars += other.failedInputChars
        failedGPUSeconds += other.failedGPUSeconds
        for (file, range) in other.provenance { note(file: file, lines: range) }
    }

    package mutating func note(file: String, lines: ClosedRange<Int>) {
        if let existing = provenance[file] {
            provenance[file] = min(existing.lowerBound, lines.lowerBound)...max(existing.upperBound, lines.upperBound)
        } else {
            provenance[file] = lines
        }
    }
}

/// Usage activity summed as it streams in, so memory depends on the number of keys, not of requests.
package struct ActivityLedger: Sendable, Codable {
    package private(set) var totals: [ActivityKey: Activity] = [:]

    package mutating func add(_ activity: Activity, for key: ActivityKey) {
        totals[key, default: Activity()].add(activity)
    }

    package mutating func merge(_ other: ActivityLedger) {
        for (key, activity) in other.totals { add(activity, for: key) }
    }

    /// Keys in a stable order.
    package var sortedKeys: [ActivityKey] { totals.keys.sorted() }

    package var isEmpty: Bool { totals.isEmpty }
}
