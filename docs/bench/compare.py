#!/usr/bin/env python3
"""The same work as `reportgen bench`, done by pandas, DuckDB and pymcdm, for docs/performance.md.

usage: compare.py duckdb DIR    aggregate DIR/usage.jsonl and DIR/emissions.csv per month, service, language with
                               DuckDB, each query once (run.sh calls it between ReportGen's builds, round by round)
       compare.py pandas DIR    the same with pandas
       compare.py mcda [DRAWS]      DRAWS Monte Carlo weight draws over 16 × 5 with WSM, TOPSIS, VIKOR, PROMETHEE II
Comparison only: never a runtime dependency of ReportGen.
"""
import os, resource, sys, time


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def duckdb_queries(folder):
    """The DuckDB side of the ingestion benchmark: name, file and query."""
    log = os.path.join(folder, "usage.jsonl")
    cc = os.path.join(folder, "emissions.csv")
    return [
        # The query: lines counted per month (Europe/Paris, as ReportGen counts them), service and language.
        ("usage log", log, f"""SELECT strftime(timezone('Europe/Paris', CAST(timestamp AS TIMESTAMPTZ)), '%Y-%m') AS month,
                   service, language, count(*)
            FROM read_json('{log}', format='newline_delimited') GROUP BY ALL"""),
        # The sums ReportGen's ledger keeps per month, service, endpoint and language, and the distinct files
        # (ReportGen also checks every request's identity, sums busy time per hour and hashes the file).
        ("usage log with ReportGen's sums", log, f"""SELECT strftime(timezone('Europe/Paris', CAST(timestamp AS TIMESTAMPTZ)), '%Y-%m') AS month, service,
                   endpoint, language, count(*), sum(CASE WHEN status >= 400 THEN 1 ELSE 0 END), sum(duration_ms),
                   sum(audio_seconds), sum(input_chars), sum(input_tokens), sum(output_tokens), sum(gpu_seconds),
                   count(DISTINCT file_id)
            FROM read_json('{log}', format='newline_delimited') GROUP BY ALL"""),
        ("CodeCarbon", cc, f"SELECT substr(CAST(timestamp AS VARCHAR), 1, 7), project_name, sum(emissions) FROM read_csv('{cc}') GROUP BY ALL"),
        # The sums ReportGen keeps per month, project, experiment, region and PUE, with the distinct runs.
        ("CodeCarbon with ReportGen's sums", cc, f"""SELECT substr(CAST(timestamp AS VARCHAR), 1, 7), project_name, experiment_id, region, pue, count(*),
                   count(DISTINCT run_id), sum(duration), sum(emissions), sum(energy_consumed), sum(gpu_energy)
            FROM read_csv('{cc}') GROUP BY ALL"""),
    ]


def duckdb_once(folder):
    """Each DuckDB query once, each on a new connection whose opening is timed with it (as each `reportgen build` is
    a new process): one line `name<TAB>seconds<TAB>groups` a query, for docs/bench/run.sh to take the medians of."""
    import duckdb
    for name, _, query in duckdb_queries(folder):
        start = time.perf_counter()
        rows = duckdb.connect().execute(query).fetchall()
        print(f"{name}\t{time.perf_counter() - start:.4f}\t{len(rows)}")
        sys.stdout.flush()


def pandas_once(folder):
    """The same aggregations with pandas, once (tens of seconds a run)."""
    import pandas as pd
    log = os.path.join(folder, "usage.jsonl")
    cc = os.path.join(folder, "emissions.csv")
    size = os.path.getsize(log) / 1e6
    start = time.perf_counter()
    groups = None
    for chunk in pd.read_json(log, lines=True, chunksize=500_000, dtype={"file_id": str}):
        # Months in Europe/Paris, as ReportGen counts them.
        month = pd.to_datetime(chunk["timestamp"], utc=True).dt.tz_convert("Europe/Paris").dt.strftime("%Y-%m")
        part = chunk.assign(month=month).groupby(["month", "service", "language"]).size()
        groups = part if groups is None else groups.add(part, fill_value=0)
    seconds = time.perf_counter() - start
    print(f"pandas, usage log: {size:.0f} MB, {len(groups)} groups, {seconds:.2f} s, {size / seconds:.1f} MB/s, peak memory {peak_mb():.0f} MB (process so far)")
    size = os.path.getsize(cc) / 1e6
    start = time.perf_counter()
    frame = pd.read_csv(cc)
    frame["month"] = frame["timestamp"].str.slice(0, 7)
    groups = frame.groupby(["month", "project_name"])["emissions"].sum()
    seconds = time.perf_counter() - start
    print(f"pandas, CodeCarbon: {size:.0f} MB, {len(groups)} groups, {seconds:.2f} s, {size / seconds:.1f} MB/s")


def mcda(draws):
    import numpy as np
    from pymcdm import methods
    rng = np.random.default_rng(42)
    matrix = 1 + rng.random((16, 5)) * 99
    types = np.array([-1, -1, 1, 1, 1])
    wsm, topsis = methods.WSM(), methods.TOPSIS()
    vikor, promethee = methods.VIKOR(), methods.PROMETHEE_II("usual")
    start = time.time()
    checksum = 0.0
    for _ in range(draws):
        weights = rng.dirichlet(np.ones(5))
        for method in (wsm, topsis, vikor, promethee):
            checksum += method(matrix, weights, types)[0]
    seconds = time.time() - start
    print(f"pymcdm: {draws} draws × 16 × 5, 4 methods: {seconds:.3f} s ({seconds / draws * 1e6:.1f} µs a draw), checksum {checksum:.6f}")


if __name__ == "__main__":
    if sys.argv[1] == "duckdb":
        duckdb_once(sys.argv[2])
    elif sys.argv[1] == "pandas":
        pandas_once(sys.argv[2])
    else:
        mcda(int(sys.argv[2]) if len(sys.argv) > 2 else 10_000)
