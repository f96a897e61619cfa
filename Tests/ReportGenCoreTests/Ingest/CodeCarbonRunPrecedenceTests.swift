import Foundation
import Testing

@testable import ReportGenCore

/// CodeCarbon runs summed per group at ingestion, and counted once across the files of a workspace.
@Suite struct CodeCarbonRunPrecedenceTests {
    static let header = "timestamp,project_name,run_id,duration,emissions,energy_consumed,gpu_energy\n"

    /// Ingests `files` (name → text) as one workspace's `inputs/`.
    func ingest(_ files: [String: String]) throws -> IngestionOutcome {
        let root = try temporaryDirectory()
        let inputs = root.appendingPathComponent("inputs")
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        for (name, text) in files {
            let url = inputs.appendingPathComponent(name)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return Ingestion.run(try Workspace.inputListing(of: root), context: paris, hash: streamingSHA256)
    }

    @Test func runsOfOneProjectAndMonthAreOneRecordWithTheirCountLinesAndGPUEnergy() throws {
        let text =
            Self.header
            + "2025-03-01T10:00:00,p,r1,10,0.125,0.5,0.25\n2025-03-02T10:00:00,q,r2,10,1,2,\n"
            + "2025-03-03T10:00:00,p,r3,20,0.25,1,2\n2025-03-04T10:00:00,p,r4,30,0.5,1.5,1\n"
        let (_, result) = try load(try temporaryInput("emissions.csv", text))
        let p = try #require(result.records.first { $0.identifiers.project == "p" })
        // Project p: lines 2, 4 and 5; 0.125 + 0.25 + 0.5 = 0.875 kg and 0.5 + 1 + 1.5 = 3 kWh (exact in binary).
        #expect(result.records.count == 2)
        #expect(p.runCount == 3)
        #expect(p.kgCO2e == 0.875)
        #expect(p.energyKWh == 3)
        #expect(p.provenance.description == "inputs/emissions.csv:2-5")
        // gpu_energy counts where 0 < gpu ≤ energy_consumed: 0.25 (line 2) and 1 (line 5), not 2 > 1 (line 4).
        let summary = try #require(p.identifiers.codeCarbonRuns)
        #expect(summary.gpuRuns == 2)
        #expect(summary.gpuKWh == 1.25)
        #expect(summary.gpuRunsEnergyKWh == 2)
        #expect(summary.durationSeconds == 60)
    }

    @Test func aCopyUnderAnotherNameWithOneMoreRunCountsEachRunOnceWithANote() throws {
        let first = Self.header + "2025-03-01T10:00:00,p,r1,10,0.125,0.5,\n2025-03-01T11:00:00,p,r2,10,0.25,1,\n"
        // The same two runs, then one more: not byte-identical, so read, and its first two runs set aside.
        let second = first + "2025-03-01T12:00:00,p,r3,10,0.5,2,\n"
        let outcome = try ingest(["a-emissions.csv": first, "b-emissions.csv": second])
        let counted = outcome.records.filter(\.isCounted)
        // 0.125 + 0.25 from a, 0.5 from b: 0.875 kg in three runs.
        #expect(runCount(counted) == 3)
        #expect(sumKg(counted) == 0.875)
        let note = try #require(outcome.diagnostics.first { $0.parameters?["reason"] == "same_figure_counted" })
        #expect(note.severity == .note)
        #expect(note.file == "inputs/b-emissions.csv")
        #expect(note.message == "2 records set aside: the same figure is already counted from inputs/a-emissions.csv")
        // The set-aside runs stay visible, summed, with their reason.
        let setAside = try #require(outcome.records.first { !$0.isCounted })
        #expect(setAside.runCount == 2)
        #expect(setAside.kgCO2e == 0.375)
    }

    @Test func theLongestFlushOfOneRunAcrossFilesIsCounted() throws {
        // One run started at 10:00:00: flushed at 60 s in a.csv, at 180 s in b.csv.
        let early = Self.header + "2025-03-01T10:01:00,p,r,60,0.1,1,\n"
        let late = Self.header + "2025-03-01T10:03:00,p,r,180,0.3,3,\n"
        let outcome = try ingest(["a.csv": early, "b.csv": late])
        let counted = outcome.records.filter(\.isCounted)
        #expect(runCount(counted) == 1)
        #expect(counted.first?.kgCO2e == 0.3)
        #expect(counted.first?.provenance.file == "inputs/b.csv")
        #expect(
            outcome.diagnostics.contains {
                $0.file == "inputs/a.csv"
                    && $0.message
                        == "1 record set aside: the same CodeCarbon run appears in inputs/b.csv with a longer duration"
            })
    }

    @Test func aRunFlushedAgainAfterTheRunRuleForgotItIsCountedOnce() throws {
        // Run "long" starts at 10:00:00 and is flushed at 60 s (line 2, 0.25 kg); 8,193 other runs follow (0.125 kg
        // each), so the run rule forgets "long" (more than 8,192 keys, not seen in the last 4,096 rows), then "long"
        // is flushed at 120 s (0.5 kg). The same run (run_id, start within 10 s) is counted once, at its longest:
        // 8,193 × 0.125 + 0.5 = 1,024.125 + 0.5 = 1,024.625 kg in 8,194 runs (not 1,024.875 kg in 8,195).
        var text = Self.header + "2025-03-01T10:01:00,p,long,60,0.25,1,\n"
        for index in 0...(2 * CodeCarbonRunRule.windowRows) {
            text += "2025-03-01T11:00:00,p,r\(index),10,0.125,1,\n"
        }
        text += "2025-03-01T10:02:00,p,long,120,0.5,2,\n"
        let outcome = try ingest(["emissions.csv": text])
        let counted = outcome.records.filter(\.isCounted)
        #expect(runCount(counted) == 8_194)
        #expect(sumKg(counted) == 1_024.625)
        #expect(
            outcome.diagnostics.contains {
                $0.message
                    == "1 record set aside: the same CodeCarbon run appears in inputs/emissions.csv with a longer duration"
            })
    }

    @Test func twoRunsOfOneRunIdEightSecondsApartInOneFileAreBothCounted() throws {
        // run_id r reused: started at 09:59:56 (10:00:00 − 4 s) and at 10:00:04 (10:00:10 − 6 s), 8 s apart, more than
        // the flush rule's 5 s: two runs, although both starts round to the same 10 s. 0.25 + 0.5 = 0.75 kg.
        let text = Self.header + "2025-03-01T10:00:00,p,r,4,0.25,1,\n2025-03-01T10:00:10,p,r,6,0.5,1,\n"
        let outcome = try ingest(["emissions.csv": text])
        let counted = outcome.records.filter(\.isCounted)
        #expect(runCount(counted) == 2)
        #expect(sumKg(counted) == 0.75)
        // The start's offset that tells them apart fits in the run's 64 bytes.
        #expect(MemoryLayout<CodeCarbonRun>.stride == 64)
    }

    @Test func aPerTaskFileReadBeforeItsRunLevelFileIsSetAsideWhateverTheOrder() throws {
        let tasks =
            "timestamp,project_name,run_id,task_name,duration,emissions,energy_consumed\n"
            + "2025-03-01T10:00:10,p,run-7,load,10,0.01,0.1\n2025-03-01T10:00:30,p,run-7,train,20,0.02,0.2\n"
        let run = Self.header + "2025-03-01T10:01:00,p,run-7,60,0.05,0.5,\n"
        // "a-tasks.csv" sorts before "b-run.csv": the run level is still the one counted.
        let outcome = try ingest(["a-tasks.csv": tasks, "b-run.csv": run])
        let counted = outcome.records.filter(\.isCounted)
        #expect(runCount(counted) == 1)
        #expect(counted.first?.kgCO2e == 0.05)
        let note = try #require(outcome.diagnostics.first { $0.parameters?["reason"] == "codecarbon_task_rows" })
        #expect(note.file == "inputs/a-tasks.csv")
        #expect(note.parameters?["run"] == "run-7")
        #expect(note.parameters?["count"] == "2")
    }

    @Test func aFilePastTheBoundOnGroupsSetsAsideTheRowsThatWouldAddOne() throws {
        // 10,001 projects in one month: the 10,001st is set aside with its line (10,002), the others kept.
        var text = Self.header
        for index in 0...CodeCarbonRunTable.maximumGroups {
            text += "2025-03-01T10:00:00,project-\(index),r\(index),10,1,1,\n"
        }
        let (_, result) = try load(try temporaryInput("emissions.csv", text))
        #expect(runCount(result.records) == CodeCarbonRunTable.maximumGroups)
        let warning = try #require(result.diagnostics.first { $0.message.hasPrefix("more than 10,000 distinct") })
        #expect(warning.line == CodeCarbonRunTable.maximumGroups + 2)
        #expect(result.diagnostics.contains { $0.message == "1 record set aside" })
    }

    @Test func runsPastTheBudgetAreCountedOnceTheirFlushRuleIsDoneWithAWarning() throws {
        // A budget of 2 runs: r1 and r2 are kept for the checks across files; r3 (flushed at 60 s, then 120 s) and r4
        // are summed without them. Kept: 0.125 + 0.25 + r3's longest 0.5 + 1 = 1.875 kg in 4 runs.
        let text =
            Self.header
            + "2025-03-01T10:00:00,p,r1,10,0.125,1,\n2025-03-01T11:00:00,p,r2,10,0.25,1,\n"
            + "2025-03-01T12:01:00,p,r3,60,0.375,1,\n2025-03-01T12:02:00,p,r3,120,0.5,1,\n"
            + "2025-03-01T13:00:00,p,r4,10,1,1,\n"
        var context = paris
        context.codeCarbonRunBudget = CodeCarbonRunBudget(runs: 2)
        let (_, result) = try importFile(try temporaryInput("emissions.csv", text), context: context)
        #expect(runCount(result.records) == 4)
        #expect(sumKg(result.records) == 1.875)
        #expect(result.codeCarbon?.runs.count == 2)
        let warning = try #require(result.diagnostics.first { $0.message.hasPrefix("runs from this line on") })
        #expect(warning.line == 4)
        #expect(result.diagnostics.contains { $0.message.hasPrefix("run r3 was written more than once") })
    }

    @Test func aPerTaskFilePastTheBudgetKeepsNoRunIdTextForRunsNotChecked() throws {
        // A budget of 2 runs and a per-task file of 5 runs: only the 2 runs kept for the checks across files need
        // their run_id text (a task-rows note names it); the 3 others are summed unchecked, so 2 texts, not 5, and
        // the memory stays bounded by the budget whatever the file's length. All 5 are counted: 5 × 0.125 = 0.625 kg.
        var text = "timestamp,project_name,run_id,task_name,duration,emissions,energy_consumed\n"
        for index in 0..<5 {
            text += "2025-03-01T1\(index):00:00,p,run-\(index),train,10,0.125,1\n"
        }
        var context = paris
        context.codeCarbonRunBudget = CodeCarbonRunBudget(runs: 2)
        let (_, result) = try importFile(try temporaryInput("tasks.csv", text), context: context)
        #expect(runCount(result.records) == 5)
        #expect(sumKg(result.records) == 0.625)
        #expect(result.codeCarbon?.runs.count == 2)
        #expect(result.codeCarbon?.runIdTexts.count == 2)
    }

    @Test func flushesOfMoreThanFiftyRunsNameFiftyAndCountTheRest() throws {
        // 51 runs each written twice (30 s, then 60 s): 50 notes name a run, one counts the 51st's flush row.
        var text = Self.header
        for index in 0..<51 {
            let hour = String(format: "%02d", index % 24)
            let day = String(format: "%02d", 1 + index / 24)
            text +=
                "2025-03-\(day)T\(hour):00:30,p,r\(index),30,0.1,1,\n2025-03-\(day)T\(hour):01:00,p,r\(index),60,0.2,1,\n"
        }
        let (_, result) = try load(try temporaryInput("emissions.csv", text))
        #expect(runCount(result.records) == 51)
        #expect(result.diagnostics.filter { $0.message.hasSuffix("only its longest row is kept") }.count == 50)
        #expect(
            result.diagnostics.contains {
                $0.message == "flush rows of other runs, not listed one by one: 1; only each run's longest row is kept"
            })
    }

    @Test func aByteIdenticalCopyIsHashedAsItIsReadAndCountedOnce() throws {
        let text = Self.header + "2025-03-01T10:00:00,p,r1,10,0.125,0.5,\n2025-03-01T11:00:00,p,r2,10,0.25,1,\n"
        let outcome = try ingest(["a.csv": text, "copy/a.csv": text])
        // 0.125 + 0.25 kg once; the copy's runs go back to the budget of runs checked across files.
        #expect(sumKg(outcome.records.filter(\.isCounted)) == 0.375)
        #expect(
            outcome.diagnostics.contains {
                $0.file == "inputs/copy/a.csv"
                    && $0.message == "byte-identical to inputs/a.csv: not counted again, so its figures count once"
            })
        // The digest taken while reading is the file's SHA-256.
        let input = try #require(outcome.inputs.first { $0.name == "inputs/a.csv" })
        let file = try temporaryInput("a.csv", text)
        #expect(input.sha256 == (try streamingSHA256(file)).sha256)
        #expect(input.bytes == text.utf8.count)
    }
}
