"""Peer side of benches/network.rs: runs SQL in DuckDB over the generated Parquet files.

Reads {"data_dir", "runs", "queries": [{"name", "sql"}]} as JSON on stdin, with views named as
the datasets; prints {name: {"best_s", "rows": [[text, ...], ...]}} as JSON (every cell as text,
dates as YYYY-MM-DD).
"""
import json
import sys
import time

import duckdb

job = json.load(sys.stdin)
con = duckdb.connect()
for t in ("cargo_manifest", "import_declaration", "inspection"):
    con.execute(f"CREATE VIEW {t} AS SELECT * FROM read_parquet('{job['data_dir']}/{t}/**/*.parquet', hive_partitioning = false)")
out = {}
for q in job["queries"]:
    best, rows = float("inf"), []
    for _ in range(job["runs"]):
        t = time.perf_counter()
        rows = con.execute(q["sql"]).fetchall()
        best = min(best, time.perf_counter() - t)
    out[q["name"]] = {"best_s": best,
                      "rows": [[v if isinstance(v, (int, float)) else str(v) for v in r]
                               for r in rows]}
print(json.dumps(out))
