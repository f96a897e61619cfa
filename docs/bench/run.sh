#!/usr/bin/env bash
# Runs the on-demand benchmarks of docs/performance.md: ReportGen (release build) beside pandas, DuckDB and pymcdm
# on the same files, in the same run. Usage: docs/bench/run.sh [MEGABYTES] [CODECARBON_ROWS]
set -euo pipefail
cd "$(dirname "$0")/../.."
megabytes="${1:-1000}"
rows="${2:-1000000}"
data="${BENCH_DATA:-$(mktemp -d)/bench-data}"
venv="${BENCH_VENV:-/tmp/reportgen-bench-venv}"
[ -x "$venv/bin/python" ] || { python3 -m venv "$venv" && "$venv/bin/pip" install -q pandas duckdb pymcdm numpy; }
swift build -c release --product ReportGenBench
bin=.build/release/ReportGenBench
echo "## ingestion ($megabytes MB usage log, $rows CodeCarbon rows) in $data"
/usr/bin/time -f "reportgen wall %e s, peak RSS %M KB" "$bin" ingest --dir "$data" --megabytes "$megabytes" --codecarbon-rows "$rows"
/usr/bin/time -f "python wall %e s, peak RSS %M KB" "$venv/bin/python" docs/bench/compare.py ingest "$data"
echo "## MCDA Monte Carlo"
"$bin" mcda --draws 10000
"$venv/bin/python" docs/bench/compare.py mcda 10000
