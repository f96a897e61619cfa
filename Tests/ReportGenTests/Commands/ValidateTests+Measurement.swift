import ArgumentParser
import Foundation
import Testing

@testable import ReportGen
@testable import ReportGenCore

extension ValidateTests {
    /// Three broken GPU measurement files (issue 13): each is named with its line (or JSON pointer) and what was
    /// expected, and validation goes on with the others.
    @Test func namesTheLineOrPointerOfBrokenGPUMeasurementFiles() throws {
        let root = try temporaryDirectory()
        try BuiltInData.extract("init/", to: root)
        let inputs = root.appendingPathComponent("inputs")
        // A query_range response for a metric ReportGen does not read (GPU utilisation, not energy or power).
        let unknown = """
            {"status":"success","data":{"resultType":"matrix","result":[
            {"metric":{"__name__":"DCGM_FI_DEV_GPU_UTIL","Hostname":"vm-whisper-fr-01","gpu":"0"},
            "values":[[1740783600,"12"],[1740783660,"40"]]}]}}
            """
        try Data(unknown.utf8).write(to: inputs.appendingPathComponent("dcgm-util.json"))
        // A download cut short inside the second point of the first series.
        let truncated = """
            {"status":"success","data":{"resultType":"matrix","result":[
            {"metric":{"__name__":"DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION","Hostname":"vm-nllb-fr-01"},
            "values":[[1740783600,"17904125090"],[1740783840,"179
            """
        try Data(truncated.utf8).write(to: inputs.appendingPathComponent("dcgm-cut.json"))
        // An nvidia-smi log whose third line lost its last field when the logger was killed.
        let log = """
            timestamp, name, pci.bus_id, uuid, power.draw [W]
            2025/03/01 09:00:00.000, Tesla T4, 00000001:00:00.0, GPU-5b8e1c2a-7f3d-4e91-a6b0-2c4d8e9f1a01, 8.12 W
            2025/03/01 09:00:05.000, Tesla T4, 00000001:00:00.0
            2025/03/01 09:00:10.000, Tesla T4, 00000001:00:00.0, GPU-5b8e1c2a-7f3d-4e91-a6b0-2c4d8e9f1a01, 63.90 W

            """
        try Data(log.utf8).write(to: inputs.appendingPathComponent("gpu-power.csv"))

        let command = try ValidateCommand.parse(["--workspace", root.path])
        let validation = try command.check()
        let diagnostics = validation.diagnostics
        #expect(validation.fileCount == 3)
        let lines = diagnostics.map(\.description)
        // The cut is on line 3 at column 54, byte 204, inside the point /data/result/0/values/1 (its value, [1]).
        #expect(
            lines.contains(
                "inputs/dcgm-cut.json:3:54: error: byte 204 (in /data/result/0/values/1/1): expected a closing \" for the string opened at byte 200, found the end of the file (the document stops here: truncated?)"
            ))
        // The unknown metric's series is set aside by its pointer (line 2, column 11 is its "__name__" value);
        // with no other series, the file measures nothing, which is an error.
        #expect(
            lines.contains(
                "inputs/dcgm-util.json:2:11: warning: /data/result/0/metric/__name__: unknown metric \"DCGM_FI_DEV_GPU_UTIL\"; expected one of DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION, DCGM_FI_DEV_POWER_USAGE (the whole series); set aside"
            ))
        #expect(
            lines.contains {
                $0.hasPrefix("inputs/dcgm-util.json: error: no usable sample of DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION")
            })
        #expect(
            lines.contains(
                "inputs/gpu-power.csv:3: warning: 3 fields, expected 5 as in the header of line 1 (a line cut short when the log stopped?); set aside"
            ))
        #expect(!lines.contains { $0.hasPrefix("inputs/gpu-power.csv") && $0.contains("error") })
        #expect(throws: ExitCode.failure) { try command.run() }
    }
}
