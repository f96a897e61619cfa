/// The samples of one quantity for one GPU, from one or several files.
struct MeasuredSeries: Sendable, Hashable {
    var quantity: MeasuredQuantity
    var identity: GPUIdentity
    /// Readings; ordered by time and free of duplicate times once they have passed through ``MeasuredSeriesSet``.
    var samples: [MeasurementSample]
    /// The files the samples came from, sorted.
    var sources: [String]

    /// The key series are merged by.
    var key: MeasuredSeriesKey { MeasuredSeriesKey(quantity: quantity, identity: identity) }

    /// `energy-counter host=… uuid=…`, for messages.
    var name: String { "\(quantity.rawValue) \(identity)" }
}

/// What makes two series one: the same quantity of the same GPU.
struct MeasuredSeriesKey: Sendable, Hashable, Comparable {
    var quantity: MeasuredQuantity
    var identity: GPUIdentity

    static func < (a: MeasuredSeriesKey, b: MeasuredSeriesKey) -> Bool {
        (a.identity, a.quantity) < (b.identity, b.quantity)
    }
}
