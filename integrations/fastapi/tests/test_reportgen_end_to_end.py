"""End to end with the ReportGen binary: the log the middleware writes is valid input, and a month driven through
the example API builds a pack whose volumes are the requests sent."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from example.drive import drive, main, write_workspace


def run(reportgen: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(reportgen), *arguments], capture_output=True, text=True, timeout=120, check=False
    )


def test_reportgen_validate_accepts_the_written_log(reportgen: Path, tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    inputs = write_workspace(workspace, "2025-03", draws=None)  # the demo's reportgen.yaml
    drive(inputs, month="2025-03", requests=80, seed=3, time_scale=1e-5)
    assert len(list(inputs.glob("usage-2025-03.*.jsonl"))) == 1
    result = run(reportgen, "validate", "--workspace", str(workspace))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 errors, 0 warnings in 1 input file" in result.stdout


def test_a_driven_month_builds_a_pack_with_the_files_sent(reportgen: Path, tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    assert main(["--workspace", str(workspace), "--requests", "120", "--seed", "5", "--time-scale", "1e-5",
                 "--draws", "300"]) == 0
    # The same run again, to know what was sent (the driver is deterministic for a seed).
    sent = drive(tmp_path / "again", month="2025-03", requests=120, seed=5, time_scale=1e-5)
    result = run(reportgen, "build", "--workspace", str(workspace))
    assert result.returncode == 0, result.stdout + result.stderr
    pack = json.loads((workspace / "packs" / "2025-03" / "pack.json").read_text(encoding="utf-8"))
    from_log = {(c["service"], c["language"]): c["files"] for c in pack["cells"] if c["activitySource"] == "usage-log"}
    assert from_log == {key: float(count) for key, count in sent.files.items() if count}
    assert {language for _, language in from_log} == {"fr", "en", "es"}
