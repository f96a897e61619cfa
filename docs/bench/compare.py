#!/usr/bin/env python3
"""The same work as `reportgen bench`, done by pandas, DuckDB and pymcdm, for docs/performance.md.

usage: compare.py ingest DIR [ROUNDS]  aggregate DIR/usage.jsonl and DIR/emissions.csv per month, service, language
                                      (each DuckDB query ROUNDS times, the median printed; pandas once)
       compare.py mcda [DRAWS]      DRAWS Monte Carlo weight draws over 16 × 5 with WSM, TOPSIS, VIKOR, PROMETHEE II
Comparison only: never a runtime dependency of ReportGen.
"""
import os, resource, statistics, sys, time


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(rounds, query):
    """Runs a DuckDB query `rounds` times, each on a new connection (as each `reportgen build` is a new process),
    the connection's opening timed with it: the last result, the median of the times and every time."""
    import duckdb
    seconds = []
    result = None
    for _ in range(max(rounds, 1)):
        start = time.perf_counter()
        result = duckdb.connect().execute(query).fetchall()
        seconds.append(time.perf_counter() - start)
    return result, statistics.median(seconds), ", ".join(f"{s:.2f}" for s in seconds)


def ingest(folder, rounds=1):
    import pandas as pd
    log = os.path.join(folder, "usage.jsonl")
    cc = os.path.join(folder, "emissions.csv")
    size = os.path.getsize(log) / 1e6
    start = time.time()
    groups = None
    for chunk in pd.read_json(log, lines=True, chunksize=500_000, dtype={"file_id": str}):
        # Months in Europe/Paris, as ReportGen counts them.
        month = pd.to_datetime(chunk["timestamp"], utc=True).dt.tz_convert("Europe/Paris").dt.strftime("%Y-%m")
        part = chunk.assign(month=month).groupby(["month", "service", "language"]).size()
        groups = part if groups is None else groups.add(part, fill_value=0)
    seconds = time.time() - start
    print(f"pandas, usage log: {size:.0f} MB, {len(groups)} groups, {seconds:.2f} s, {size / seconds:.1f} MB/s, peak memory {peak_mb():.0f} MB (process so far)")
    sys.stdout.flush()
    rows, seconds, each = timed(
        rounds,
        f"""SELECT strftime(timezone('Europe/Paris', CAST(timestamp AS TIMESTAMPTZ)), '%Y-%m') AS month, service, language, count(*)
            FROM read_json('{log}', format='newline_delimited') GROUP BY ALL"""
    )
    print(f"DuckDB, usage log: {size:.0f} MB, {len(rows)} groups, median {seconds:.2f} s ({each}), {size / seconds:.1f} MB/s, peak memory {peak_mb():.0f} MB (process so far)")
    # The same file with the sums ReportGen's ledger keeps per month, service, endpoint and language, and the
    # distinct files (ReportGen also checks every request's identity and sums busy time per hour).
    rows, seconds, each = timed(
        rounds,
        f"""SELECT strftime(timezone('Europe/Paris', CAST(timestamp AS TIMESTAMPTZ)), '%Y-%m') AS month, service,
                   endpoint, language, count(*), sum(CASE WHEN status >= 400 THEN 1 ELSE 0 END), sum(duration_ms),
                   sum(audio_seconds), sum(input_chars), sum(input_tokens), sum(output_tokens), sum(gpu_seconds),
                   count(DISTINCT file_id)
            FROM read_json('{log}', format='newline_delimited') GROUP BY ALL"""
    )
    print(f"DuckDB, usage log with ReportGen's sums: {size:.0f} MB, {len(rows)} groups, median {seconds:.2f} s ({each}), {size / seconds:.1f} MB/s")
    size = os.path.getsize(cc) / 1e6
    start = time.time()
    frame = pd.read_csv(cc)
    frame["month"] = frame["timestamp"].str.slice(0, 7)
    groups = frame.groupby(["month", "project_name"])["emissions"].sum()
    seconds = time.time() - start
    print(f"pandas, CodeCarbon: {size:.0f} MB, {len(groups)} groups, {seconds:.2f} s, {size / seconds:.1f} MB/s")
    rows, seconds, each = timed(
        rounds,
        f"SELECT substr(CAST(timestamp AS VARCHAR), 1, 7), project_name, sum(emissions) FROM read_csv('{cc}') GROUP BY ALL"
    )
    print(f"DuckDB, CodeCarbon: {size:.0f} MB, {len(rows)} groups, median {seconds:.2f} s ({each}), {size / seconds:.1f} MB/s, peak memory {peak_mb():.0f} MB (process so far)")
    # The sums ReportGen keeps per month, project, experiment, region and PUE, with the distinct runs.
    rows, seconds, each = timed(
        rounds,
        f"""SELECT substr(CAST(timestamp AS VARCHAR), 1, 7), project_name, experiment_id, region, pue, count(*),
                   count(DISTINCT run_id), sum(duration), sum(emissions), sum(energy_consumed), sum(gpu_energy)
            FROM read_csv('{cc}') GROUP BY ALL"""
    )
    print(f"DuckDB, CodeCarbon with ReportGen's sums: {size:.0f} MB, {len(rows)} groups, median {seconds:.2f} s ({each}), {size / seconds:.1f} MB/s")


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
    if sys.argv[1] == "ingest":
        ingest(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    else:
        mcda(int(sys.argv[2]) if len(sys.argv) > 2 else 10_000)
