"""Answers SQL over Parquet with DuckDB, for the portal's differential test.

Reads {"tables": {name: parquet_glob}, "queries": [sql, ...]} as JSON on stdin and writes one
JSON list on stdout: for each query {"rows": [[value, ...], ...]} or {"error": text}. Dates are
written as YYYY-MM-DD, decimals and huge integers as numbers.
"""
import datetime
import decimal
import json
import sys

import duckdb


def cell(v):
    if isinstance(v, (datetime.date, datetime.datetime)):
        return v.isoformat()[:10]
    if isinstance(v, decimal.Decimal):
        return float(v)
    if isinstance(v, bool):
        return int(v)
    return v


def main():
    job = json.load(sys.stdin)
    con = duckdb.connect()
    con.execute("SET threads TO 2")
    for name, glob in job["tables"].items():
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{glob}')")
    out = []
    for sql in job["queries"]:
        try:
            rows = con.execute(sql).fetchall()
            out.append({"rows": [[cell(v) for v in r] for r in rows]})
        except Exception as e:  # reported per query, compared by the caller
            out.append({"error": str(e)})
    json.dump(out, sys.stdout)


main()
