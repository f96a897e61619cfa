"""The SQL rollup (sql/monthly_rollup.sql on DuckDB) gives ReportGen's own monthly figures: compared with a
re-implementation of the Swift importer's rules, and, when the binary exists, with the packs ReportGen builds from the
raw log and from the rollup."""

from __future__ import annotations

import csv
import json
import math
import shutil
import subprocess
from pathlib import Path
from typing import Any

import duckdb
import pytest
from conftest import PACKAGE_ROOT, REPOSITORY
from reportgen_rules import Activity, aggregate

from example.drive import drive

SQL = (PACKAGE_ROOT / "sql" / "monthly_rollup.sql").read_text(encoding="utf-8")
TIME_ZONE = "Europe/Paris"

# Hand-written records at the edges of ReportGen's rules; each says whether ReportGen keeps it.
EDGE_RECORDS: list[tuple[bool, str]] = [
    # 23:30 UTC on 31 March is 01:30 on 1 April in Paris: April.
    (True, '{"timestamp":"2025-03-31T23:30:00Z","service":"generation","endpoint":"/v1/generate","language":"fr",'
           '"status":200,"input_tokens":300,"output_tokens":900,"gpu_seconds":20.5}'),
    # 22:59:59.999 UTC on 28 February is 23:59:59 in Paris (fractions dropped): February.
    (True, '{"timestamp":"2025-02-28T22:59:59.999Z","service":"generation","endpoint":"/v1/generate","language":"FR",'
           '"status":201,"output_tokens":10}'),
    # The night of the change to summer time, a space instead of T, an offset without a colon. These two carry
    # energy_wh on an endpoint of their own, so that every record of their key has it: the rollup CSV has no
    # per-record energy coverage ReportGen reads (it takes all of a row's requests as measured).
    (True, '{"timestamp":"2025-03-30 03:30:00+0200","service":"transcription","endpoint":"/v1/transcribe/measured",'
           '"language":"en","status":"200","audio_seconds":600.25,"energy_wh":2.5,"nested":{"ignored":[1,2]}}'),
    (True, '{"timestamp":"2025-03-30T01:30:00+01:00","service":"transcription","endpoint":"/v1/transcribe/measured",'
           '"language":"en","status":500,"audio_seconds":null,"energy_wh":0.75,"model":"large-v3"}'),
    # A day past the month's end reads as ReportGen's arithmetic does: 2025-02-30 is 2 March.
    (True, '{"timestamp":"2025-02-30T12:00:00+01:00","service":"translation","language":"es","status":404,'
           '"input_chars":1e3}'),
    # An escaped string takes ReportGen's slow path; unknown fields are ignored.
    (True, '{"timestamp":"2025-03-15T10:00:00+01:00","service":"translation","endpoint":"/v1/translate/{job\\u005fid}",'
           '"language":"ar","status":299,"input_chars":120,"request_id":"x","source_language":"fr"}'),
    (False, '{"timestamp":"2025-03-15T10:00:00","service":"translation","language":"fr","status":200}'),
    (False, '{"timestamp":"2025-03-15T10:00:00+01:00","service":"translation","language":"fra","status":200}'),
    (False, '{"timestamp":"2025-03-15T10:00:00+01:00","service":"","language":"fr","status":200}'),
    (False, '{"timestamp":"2025-03-15T10:00:00+01:00","language":"fr","status":200}'),
    (False, '{"timestamp":"2025-03-15T10:00:00+01:00","service":"translation","language":"fr"}'),
    (False, '{"timestamp":"2025-03-15T10:00:00+01:00","service":"translation","language":"fr","status":"ok"}'),
    (False, '{"timestamp":"2025-03-15T10:00:00+01:00","service":"translation","language":"fr","status":200,'
            '"input_chars":"120"}'),
    (False, '{"timestamp":"2025-03-15T10:00:00+01:00","service":"translation","language":"fr","status":200,'
            '"gpu_seconds":true}'),
    (False, '{"timestamp":"2025-13-15T10:00:00+01:00","service":"translation","language":"fr","status":200}'),
    (False, '{"timestamp":"2025-03-15T10:00:00+01","service":"translation","language":"fr","status":200}'),
    (False, '["not", "an", "object"]'),
    (False, "not json at all"),
]


def rollup(paths: list[Path], time_zone: str = TIME_ZONE) -> list[dict[str, Any]]:
    connection = duckdb.connect()
    connection.execute("SET VARIABLE usage_log = $paths", {"paths": [str(p) for p in paths]})
    connection.execute("SET VARIABLE time_zone = $zone", {"zone": time_zone})
    relation = connection.sql(SQL)
    return [dict(zip(relation.columns, row, strict=True)) for row in relation.fetchall()]


def assert_matches(rows: list[dict[str, Any]], expected: dict[tuple[str, str, str, str], Activity]) -> None:
    found = {(r["period"], r["service"], r["endpoint"], r["language"]): r for r in rows}
    assert sorted(found) == sorted(expected)
    for key, activity in expected.items():
        row = found[key]
        assert (row["requests"], row["files"], row["requests_with_energy"]) == (
            activity.requests, activity.files, activity.requests_with_energy,
        ), key
        for name in ("audio_seconds", "input_chars", "input_tokens", "output_tokens", "gpu_seconds"):
            assert math.isclose(row[name], getattr(activity, name), rel_tol=1e-12, abs_tol=1e-9), (key, name)
        if activity.requests_with_energy:
            assert math.isclose(row["energy_wh"], activity.energy_wh, rel_tol=1e-12), key
        else:
            assert row["energy_wh"] is None, key


@pytest.fixture(scope="module")
def month_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A month of log written by the example app through the middleware (March 2025, Paris)."""
    directory = tmp_path_factory.mktemp("month-log")
    drive(directory, month="2025-03", requests=150, seed=11, time_scale=1e-5, time_zone=TIME_ZONE)
    return directory


def write_edges(directory: Path, *, kept_only: bool) -> Path:
    path = directory / "edges.jsonl"
    lines = [line for kept, line in EDGE_RECORDS if kept or not kept_only]
    path.write_text("\n".join(lines[:3]) + "\n\n  \t\n" + "\n".join(lines[3:]) + "\n", encoding="utf-8")
    return path


def test_the_sql_rollup_equals_reportgens_rules_on_a_written_month(month_log: Path, tmp_path: Path) -> None:
    paths = sorted(month_log.glob("usage-*.jsonl")) + [write_edges(tmp_path, kept_only=False)]
    expected, rejected = aggregate(paths, TIME_ZONE)
    assert rejected == sum(not kept for kept, _ in EDGE_RECORDS)
    assert {key[0] for key in expected} == {"2025-02", "2025-03", "2025-04"}
    assert_matches(rollup(paths), expected)


def test_each_edge_record_is_kept_or_set_aside_as_reportgen_does(tmp_path: Path) -> None:
    for index, (kept, line) in enumerate(EDGE_RECORDS):
        path = tmp_path / f"edge-{index}.jsonl"
        path.write_text(line + "\n", encoding="utf-8")
        expected, rejected = aggregate([path], TIME_ZONE)
        assert (rejected == 0) is kept, line
        rows = rollup([path])
        assert sum(row["requests"] for row in rows) == (1 if kept else 0), line
        assert_matches(rows, expected)


def test_months_follow_the_workspace_time_zone(tmp_path: Path) -> None:
    path = tmp_path / "edge.jsonl"
    path.write_text(EDGE_RECORDS[0][1] + "\n", encoding="utf-8")
    assert [row["period"] for row in rollup([path], "Europe/Paris")] == ["2025-04"]
    assert [row["period"] for row in rollup([path], "America/New_York")] == ["2025-03"]
    assert [row["period"] for row in rollup([path], "UTC")] == ["2025-03"]


def copy_rollup_csv(paths: list[Path], destination: Path) -> None:
    connection = duckdb.connect()
    connection.execute("SET VARIABLE usage_log = $paths", {"paths": [str(p) for p in paths]})
    connection.execute("SET VARIABLE time_zone = $zone", {"zone": TIME_ZONE})
    connection.execute(f"COPY ({SQL}) TO '{destination}' (HEADER)")


def workspace(root: Path, files: list[Path]) -> Path:
    config = (REPOSITORY / "data" / "demo" / "reportgen.yaml").read_text(encoding="utf-8")
    (root / "inputs").mkdir(parents=True)
    (root / "reportgen.yaml").write_text(config + "\nuncertainty:\n  draws: 400\n  seed: 42\n", encoding="utf-8")
    for file in files:
        shutil.copy(file, root / "inputs" / file.name)
    return root


def build(reportgen: Path, root: Path) -> dict[str, Any]:
    result = subprocess.run(
        [str(reportgen), "build", "--workspace", str(root), "--period", "2025-03"],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    pack: dict[str, Any] = json.loads((root / "packs" / "2025-03" / "pack.json").read_text(encoding="utf-8"))
    return pack


def assert_same_figures(a: Any, b: Any, where: str = "pack") -> None:
    if isinstance(a, dict) and isinstance(b, dict):
        assert sorted(a) == sorted(b), where
        for key in a:
            assert_same_figures(a[key], b[key], f"{where}.{key}")
    elif isinstance(a, list) and isinstance(b, list):
        assert len(a) == len(b), where
        for index, (x, y) in enumerate(zip(a, b, strict=True)):
            assert_same_figures(x, y, f"{where}[{index}]")
    elif isinstance(a, float) and isinstance(b, float):
        assert math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12), f"{where}: {a} != {b}"
    else:
        assert a == b, f"{where}: {a!r} != {b!r}"


def test_reportgen_builds_the_same_pack_from_the_raw_log_and_from_the_sql_rollup(
    reportgen: Path, month_log: Path, tmp_path: Path
) -> None:
    raw = sorted(month_log.glob("usage-*.jsonl")) + [write_edges(tmp_path, kept_only=True)]
    rollup_csv = tmp_path / "usage-rollup.csv"
    copy_rollup_csv(raw, rollup_csv)
    from_raw = build(reportgen, workspace(tmp_path / "from-raw", raw))
    from_rollup = build(reportgen, workspace(tmp_path / "from-rollup", [rollup_csv]))

    # ReportGen's own aggregation, as pack.json shows it: files per service and language of the month.
    files: dict[tuple[str, str], float] = {}
    with rollup_csv.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["period"] == "2025-03":
                key = (row["service"], row["language"])
                files[key] = files.get(key, 0) + float(row["files"])
    cells = {(c["service"], c["language"]): c for c in from_raw["cells"] if c["activitySource"] == "usage-log"}
    assert {key: cell["files"] for key, cell in cells.items()} == {k: v for k, v in files.items() if v > 0}

    # Every figure the carbon model and the decisions drew from the activity is the same either way.
    for name in ("cells", "services", "totals", "retained", "modelTotal", "forecast", "plans", "reconciliation"):
        assert_same_figures(from_raw[name], from_rollup[name], name)
