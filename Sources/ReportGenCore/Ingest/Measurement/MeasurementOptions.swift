/// Settings of the energy computation.
struct MeasurementOptions: Sendable, Hashable {
    /// An interval longer than this multiple of the series' median scrape interval is a gap: reported, and neither
    /// counted nor interpolated.
    var gapFactor: Double = 3
    /// More average power than this between two samples is not physical for one GPU (an H100 SXM is rated 700 W, a
    /// B200 1,000 W): the interval is set aside as implausible, and power readings above it too. W.
    var maximumPlausibleWatts: Double = 2_000

    init(gapFactor: Double = 3, maximumPlausibleWatts: Double = 2_000) {
        self.gapFactor = gapFactor
        self.maximumPlausibleWatts = maximumPlausibleWatts
    }
}
