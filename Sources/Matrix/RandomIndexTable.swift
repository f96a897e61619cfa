/// A named table of Saaty's random consistency index RI(n), for n = 1…10.
///
/// Libraries disagree on RI, so the table is a named parameter and its name is printed with every CR.
public struct RandomIndexTable: Sendable, Hashable {
    /// The table's name, as printed in the pack.
    public let name: String
    /// RI for n = 3…10 (index 0 is n = 3); RI(1) = RI(2) = 0.
    let valuesFromThree: [Double]

    /// Saaty's table, used by most textbooks and pyDecision.
    public static let saaty = RandomIndexTable(
        name: "Saaty (1980)", valuesFromThree: [0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49])
    /// Tummala & Ling (1998), used by pymcdm.
    public static let tummalaLing = RandomIndexTable(
        name: "Tummala & Ling (1998)",
        valuesFromThree: [0.5799, 0.8921, 1.1159, 1.2358, 1.3322, 1.3952, 1.4537, 1.4882])
    /// Aguarón & Moreno-Jiménez (2003), used by the R package MCDA.
    public static let aguaron = RandomIndexTable(
        name: "Aguarón & Moreno-Jiménez (2003)",
        valuesFromThree: [0.525, 0.882, 1.115, 1.252, 1.341, 1.404, 1.452, 1.484])

    /// The largest matrix size the table covers.
    public var maximumSize: Int { valuesFromThree.count + 2 }

    /// RI(n), or `nil` when the table does not cover n.
    public func randomIndex(size n: Int) -> Double? {
        if n >= 1 && n <= 2 { return 0 }
        guard n >= 3, n <= maximumSize else { return nil }
        return valuesFromThree[n - 3]
    }
}
