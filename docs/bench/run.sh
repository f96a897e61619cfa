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
swift build -c release --product reportgen
bin=.build/release/ReportGenBench
reportgen=.build/release/reportgen
echo "## ingestion ($megabytes MB usage log, $rows CodeCarbon rows) in $data"
# Files kept from an earlier run are read once first, so that every tool below reads them from the page cache (a
# release build just before may have pushed them out of it).
for file in "$data/usage.jsonl" "$data/emissions.csv"; do [ -f "$file" ] && cat "$file" > /dev/null; done
/usr/bin/time -f "reportgen-bench wall %e s, peak RSS %M KB" "$bin" ingest --dir "$data" --megabytes "$megabytes" --codecarbon-rows "$rows"

# `reportgen build` end to end on the demo workspace with each file added (the usage log replacing the demo's), the
# Monte Carlo reduced to 200 draws so that the build's fixed cost (model, decisions, pack) stays small beside the
# reading; the demo alone gives that fixed cost.
workspaces="$data/workspaces"
rm -rf "$workspaces" && mkdir -p "$workspaces"
"$reportgen" demo --out "$workspaces/demo" --quiet > /dev/null
rm -rf "$workspaces/demo/packs" "$workspaces/demo/archive.sqlite"*
printf '\nuncertainty:\n  draws: 200\n' >> "$workspaces/demo/reportgen.yaml"
cp -r "$workspaces/demo" "$workspaces/usage" && cp -r "$workspaces/demo" "$workspaces/codecarbon"
rm "$workspaces/usage/inputs/usage-log-2025-03.jsonl" && cp "$data/usage.jsonl" "$workspaces/usage/inputs/usage-bench.jsonl"
cp "$data/emissions.csv" "$workspaces/codecarbon/inputs/codecarbon-bench.csv"
# Timings here vary by 10 to 25 % from one run to the next, and the machine can slow down for minutes, so each round
# runs the three builds and then each DuckDB query once, $rounds rounds in turn, and the medians are compared (every
# run is printed too). Each build works on a fresh copy of its workspace (files hard-linked outside the timing: a
# build only adds files), so that every run does the same work: the first build of a month into an empty archive.
rounds="${BENCH_ROUNDS:-5}"
[ "$rounds" -ge 1 ] || { echo "BENCH_ROUNDS must be at least 1" >&2; exit 2; }
times="$(mktemp)"
duck="$(mktemp)"
for round in $(seq "$rounds"); do
    for name in demo usage codecarbon; do
        rm -rf "$workspaces/run" && cp -al "$workspaces/$name" "$workspaces/run"
        cat "$workspaces/run/inputs/"* > /dev/null
        /usr/bin/time -o "$times" -a -f "$name %e %U %S %M" \
            "$reportgen" build --workspace "$workspaces/run" --period 2025-03 --quiet > /dev/null
    done
    "$venv/bin/python" docs/bench/compare.py duckdb "$data" >> "$duck"
done
rm -rf "$workspaces/run"
python3 - "$times" "$duck" <<'PY'
import statistics, sys
runs, queries = {}, {}
for line in open(sys.argv[1]):
    name, wall, user, system, rss = line.split()
    runs.setdefault(name, []).append((float(wall), float(user), float(system), int(rss)))
for line in open(sys.argv[2]):
    name, seconds, groups = line.rstrip("\n").split("\t")
    queries.setdefault(name, []).append(float(seconds))
def listed(values):
    return ", ".join(f"{v:.2f}" for v in values)
for name, values in runs.items():
    walls = [v[0] for v in values]
    print(f"reportgen build ({name}): median wall {statistics.median(walls):.2f} s of {len(walls)} runs "
          f"({listed(walls)}), median user {statistics.median(v[1] for v in values):.2f} s, "
          f"sys {statistics.median(v[2] for v in values):.2f} s, highest peak RSS {max(v[3] for v in values)} KB")
for name, values in queries.items():
    print(f"DuckDB, {name}: median {statistics.median(values):.2f} s of {len(values)} runs ({listed(values)})")
usage = statistics.median(v[0] for v in runs["usage"])
codecarbon = statistics.median(v[0] for v in runs["codecarbon"])
print("Against issue 17's targets (medians of the same rounds):")
for label, query in [("the issue's query", "usage log"), ("ReportGen's sums", "usage log with ReportGen's sums")]:
    duck = statistics.median(queries[query])
    print(f"  usage log, {label}: reportgen {usage:.2f} s against DuckDB {duck:.2f} s: "
          f"{'met' if usage <= duck else 'not met'} ({duck / usage:.2f} × DuckDB's speed)")
for label, query in [("the issue's query", "CodeCarbon"), ("ReportGen's sums", "CodeCarbon with ReportGen's sums")]:
    duck = statistics.median(queries[query])
    print(f"  CodeCarbon, {label}: reportgen {codecarbon:.2f} s against twice DuckDB's {duck:.2f} s: "
          f"{'met' if codecarbon <= 2 * duck else 'not met'} ({duck / codecarbon:.2f} × DuckDB's speed)")
PY

/usr/bin/time -f "python wall %e s, peak RSS %M KB" "$venv/bin/python" docs/bench/compare.py pandas "$data"

# Memory on a hostile log: 300 MB whose every line names a new service and endpoint (1.2 million keys, past the
# bound of distinct keys a file may create), in the demo workspace in place of its usage log.
hostile="$workspaces/hostile"
if [ ! -f "$data/usage-hostile.jsonl" ]; then
    python3 - "$data/usage-hostile.jsonl" <<'PY'
import sys
with open(sys.argv[1], "w") as out:
    size, n = 0, 0
    while size < 300_000_000:
        line = ('{"timestamp":"2025-03-%02dT%02d:%02d:00+01:00","service":"svc-%d","endpoint":"/v1/%d","language":"fr",'
                '"status":200,"duration_ms":1000,"audio_seconds":1.0,"input_chars":10,"input_tokens":5,'
                '"output_tokens":5,"gpu_seconds":1.5,"file_id":"f-%d"}\n') % (1 + n % 28, n % 24, n % 60, n, n, n)
        out.write(line)
        size, n = size + len(line), n + 1
PY
fi
rm -rf "$hostile" && cp -r "$workspaces/demo" "$hostile" && rm "$hostile/inputs/usage-log-2025-03.jsonl"
ln "$data/usage-hostile.jsonl" "$hostile/inputs/usage-hostile.jsonl"
/usr/bin/time -f "reportgen build (a new service on every line, 300 MB): wall %e s, peak RSS %M KB" \
    "$reportgen" build --workspace "$hostile" --period 2025-03 --quiet > /dev/null
rm -rf "$hostile"
echo "## MCDA Monte Carlo"
"$bin" mcda --draws 10000
"$venv/bin/python" docs/bench/compare.py mcda 10000
