import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The numbered steps at which `build`, `sign` and `restore` change the archive and the pack folder, in the order
/// they run. `REPORTGEN_FAULT_POINT=N` (read once, here) kills the process with SIGKILL when it reaches step N, as a
/// power cut would: the crash-safety tests run each step and check that the archive is whole and that the next
/// run repairs the folder.
///
/// The order is what makes a crash harmless: the archive's transaction commits first (steps 1–3 are inside it, so a
/// kill there leaves nothing), then the folder is staged and renamed into place (steps 4–7); a kill after the commit
/// leaves the folder showing the previous version whole, and the next `build`, `sign` or `restore` of the month
/// writes the archive's current version back.
package enum FaultPoint: Int, CaseIterable, Sendable {
    /// `sign --register`: the signer's key record appended, inside the transaction.
    case keyRecorded = 1
    /// `sign`: the sign-off record appended, inside the transaction.
    case signoffRecorded = 2
    /// The pack record appended (draft, signed or restored version), before COMMIT.
    case packRecorded = 3
    /// The transaction committed; the folder not yet touched.
    case committed = 4
    /// The new folder fully written beside the old one.
    case folderStaged = 5
    /// The old folder moved aside; the new one not yet in place.
    case previousMovedAside = 6
    /// The new folder renamed into place; the old one not yet removed.
    case folderRenamed = 7

    package static let environmentVariable = "REPORTGEN_FAULT_POINT"

    private static let armed: Int? = ProcessInfo.processInfo.environment[environmentVariable].flatMap { Int($0) }

    /// Kills the process when this is the armed step.
    package func reach() {
        guard Self.armed == rawValue else { return }
        kill(getpid(), SIGKILL)
    }

    /// The step of a pack writer's stage.
    package static func reach(_ stage: PackWriter.Stage) {
        switch stage {
        case .staged: FaultPoint.folderStaged.reach()
        case .previousMovedAside: FaultPoint.previousMovedAside.reach()
        case .renamed: FaultPoint.folderRenamed.reach()
        }
    }
}
