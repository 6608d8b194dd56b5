#!/usr/bin/env bash
# Quality of the fraud model on the CDD validation split, through `portal score` (not part of the
# test command): precision at 5% and 10% of declarations ranked by fraud score, AUC, and
# critical-fraud recall at 10%; plus native scoring throughput.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
DATA="${PORTAL_REFERENCE_DIR:-$ROOT/../shared/data}"
PYTHON="$(train_python)"
cargo build --release --locked -p portal-server
out="$(mktemp)"
start=$(date +%s.%N)
"$CARGO_TARGET_DIR/release/portal" score --model fraud --input "$DATA/cdd/df_syn_valid_eng.csv" --output "$out"
end=$(date +%s.%N)
"$PYTHON" - "$DATA/cdd/df_syn_valid_eng.csv" "$out" "$start" "$end" <<'PY'
import csv, sys
import numpy as np
from sklearn.metrics import roc_auc_score
valid = list(csv.DictReader(open(sys.argv[1])))
scored = list(csv.DictReader(open(sys.argv[2])))
assert [r["Declaration ID"] for r in valid] == [r["Declaration ID"] for r in scored], "order"
y = np.array([r["Fraud"] == "1" for r in valid]); c = np.array([r["Critical Fraud"] == "2" for r in valid])
f = np.array([float(r["fraud_score"]) for r in scored]); k = np.array([float(r["critical_score"]) for r in scored])
def top(s, lab, q):
    o = np.argsort(-s, kind="stable")[: int(round(len(s) * q))]; return lab[o]
secs = float(sys.argv[4]) - float(sys.argv[3])
print(f"rows {len(valid)}  P@5% {top(f, y, .05).mean():.3f} (LightGBM anchor 0.762)  P@10% {top(f, y, .10).mean():.3f} (anchor 0.641)  AUC {roc_auc_score(y, f):.3f}")
print(f"critical-fraud recall at 10%: by critical score {top(k, c, .10).sum() / c.sum():.3f}, by fraud score {top(f, c, .10).sum() / c.sum():.3f}")
print(f"portal score wall time {secs:.2f} s incl. loading ({len(valid) / secs:,.0f} rows/s)")
PY
rm -f "$out"
