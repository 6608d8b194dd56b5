"""Peer side of benches/queries.rs: runs the same queries in DuckDB over the same Parquet files.

Reads {"data_dir", "runs", "queries": [{"name", "sql"}]} as JSON on stdin, where `{decl}` in the
SQL stands for the import_declaration files; prints {name: {"best_s", "rows"}} as JSON.
"""
import json
import sys
import time

import duckdb

job = json.load(sys.stdin)
con = duckdb.connect()
# `**` reads a flat folder and a partitioned one alike (hive keys off: the same columns).
decl = f"read_parquet('{job['data_dir']}/import_declaration/**/*.parquet', hive_partitioning = false)"
out = {}
for q in job["queries"]:
    sql = q["sql"].replace("{decl}", decl)
    best, rows = float("inf"), 0
    for _ in range(job["runs"]):
        t = time.perf_counter()
        rows = len(con.execute(sql).fetchall())
        best = min(best, time.perf_counter() - t)
    out[q["name"]] = {"best_s": best, "rows": rows}
print(json.dumps(out))
