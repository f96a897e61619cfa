/// The Okabe–Ito palette (Okabe & Ito 2008, "Color Universal Design"), distinguishable with every common form of
/// colour-vision deficiency. Series take colours in this order.
public enum Palette {
    /// The eight Okabe–Ito colours, in the order series take them.
    public static let series = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]

    /// The colour of series `index`, cycling.
    public static func colour(_ index: Int) -> String { series[index % series.count] }
}
