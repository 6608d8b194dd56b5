#!/usr/bin/env bash
# Retrains the models in models/ from the reference data: one command.
#   models/train.sh            (needs ../shared/data; installs the pinned Python packages once)
# Fraud and price: a `portal` subcommand exports the matrices from the portal's own encoder (the
# fraud script runs `portal features` itself, once per rolling-origin fold), then
# models/<name>/train.py trains, compiles to ONNX, checks it in onnxruntime and writes the card.
# HS: `portal hs-build` writes the index's tables, `portal hs-features` the re-ranker's features
# of the training pairs (models/hs/train), models/hs/train_rerank.py fits the re-ranker, a second
# `hs-build` puts it into the tables, `portal hs-eval` writes the figures on the evaluation set.
# High-risk: after HS and fraud (its features use the HS model; its card compares with fraud).
# Supply-chain: on the high-risk generations (its card compares with the fraud model).
# Rerouting: exporters of two larger generations (its card compares with the rule-only baseline).
# Delinquency and tax-risk: the companies of the rerouting generations (models/company_risk.py;
# their cards compare with the compliance grade alone and the arrears history alone).
# Deterministic: the same data gives the same files.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/env.sh"
cd "$ROOT"
DATA="${PORTAL_REFERENCE_DIR:-$ROOT/../shared/data}"
[ -f "$DATA/cdd/df_syn_train_eng.csv" ] || { echo "error: no CDD data under $DATA" >&2; exit 1; }
PYTHON="$(train_python)"
cargo build --release --locked -p portal-server
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
log "fraud: rolling-origin selection, refit, report (features from the portal's encoder)"
"$PYTHON" models/fraud/train.py "$CARGO_TARGET_DIR/release/portal" models/fraud \
    "$DATA/cdd/df_syn_train_eng.csv" "$DATA/cdd/df_syn_valid_eng.csv" "$work/fraud"
log "hs: the BM25F index's tables, the re-ranker fitted on the training pairs, then the evaluation"
hs_build() {
    "$CARGO_TARGET_DIR/release/portal" hs-build --hs "$DATA/hs/harmonized-system.csv" \
        --sections "$DATA/hs/hs-sections.csv" --glossary models/hs/glossary.csv "$@"
}
mkdir -p "$work/bm25/hs"
hs_build --out "$work/bm25/hs/tables.json"
for set in models/hs/train/pairs.csv models/hs/eval/dev.csv; do
    "$CARGO_TARGET_DIR/release/portal" hs-features --queries "$set" --models-dir "$work/bm25" \
        --out "$work/hs-$(basename "$set" .csv).features.csv" >/dev/null
done
"$PYTHON" models/hs/train_rerank.py models/hs \
    "$work/hs-pairs.features.csv" "$work/hs-dev.features.csv"
hs_build --rerank models/hs/rerank.json --out models/hs/tables.json
"$CARGO_TARGET_DIR/release/portal" hs-eval --queries models/hs/eval/queries.csv \
    --models-dir models --json models/hs/eval/figures.json
log "price: generating training and validation declarations (two seeds)"
PRICE_TRAIN="portal generate --declarations 1000000 --seed 101"
PRICE_VALID="portal generate --declarations 100000 --seed 202"
"$CARGO_TARGET_DIR/release/portal" generate --declarations 1000000 --seed 101 --out "$work/gen-train" >/dev/null
"$CARGO_TARGET_DIR/release/portal" generate --declarations 100000 --seed 202 --out "$work/gen-valid" >/dev/null
"$CARGO_TARGET_DIR/release/portal" price-features --train "$work/gen-train" \
    --valid "$work/gen-valid" --out "$work/price"
log "price: training"
"$PYTHON" models/price/train.py "$work/price" models/price "$PRICE_TRAIN" "$PRICE_VALID"
cp "$work/price/tables.json" models/price/tables.json
log "high-risk: a training generation and a report generation with a seed no training uses"
HR_TRAIN="portal generate --declarations 300000 --seed 101"
HR_REPORT="portal generate --declarations 100000 --seed 303"
"$CARGO_TARGET_DIR/release/portal" generate --declarations 300000 --seed 101 --out "$work/hr-train" >/dev/null
"$CARGO_TARGET_DIR/release/portal" generate --declarations 100000 --seed 303 --out "$work/hr-report" >/dev/null
"$CARGO_TARGET_DIR/release/portal" high-risk-features --train "$work/hr-train" \
    --valid "$work/hr-report" --models-dir models --out "$work/high-risk"
"$PYTHON" models/high-risk/train.py "$work/high-risk" models/high-risk "$HR_TRAIN" "$HR_REPORT"
cp "$work/high-risk/tables.json" models/high-risk/tables.json
log "supply-chain: shipment histories of a training and a report generation (seeds 101, 303)"
SC_TRAIN="portal generate --declarations 300000 --seed 101"
SC_REPORT="portal generate --declarations 100000 --seed 303"
"$CARGO_TARGET_DIR/release/portal" supply-chain-features --train "$work/hr-train" \
    --valid "$work/hr-report" --models-dir models --out "$work/supply-chain"
"$PYTHON" models/supply-chain/train.py "$work/supply-chain" models/supply-chain \
    "$SC_TRAIN" "$SC_REPORT"
log "rerouting: exporters of a training and a report generation (seeds 101, 303)"
RR_TRAIN="portal generate --declarations 2000000 --seed 101"
RR_REPORT="portal generate --declarations 5000000 --seed 303"
"$CARGO_TARGET_DIR/release/portal" generate --declarations 2000000 --seed 101 --out "$work/rr-train" >/dev/null
"$CARGO_TARGET_DIR/release/portal" generate --declarations 5000000 --seed 303 --out "$work/rr-report" >/dev/null
"$CARGO_TARGET_DIR/release/portal" rerouting-features --train "$work/rr-train" \
    --valid "$work/rr-report" --out "$work/rerouting"
"$PYTHON" models/rerouting/train.py "$work/rerouting" models/rerouting "$RR_TRAIN" "$RR_REPORT"
log "delinquency and tax-risk: companies of the same generations, cut-offs 2020-06-30 and 2020-12-31"
"$CARGO_TARGET_DIR/release/portal" company-features --train "$work/rr-train" \
    --valid "$work/rr-report" --out "$work/company"
for kind in delinquency tax-risk; do
    mkdir -p "models/$kind"
    "$PYTHON" models/company_risk.py "$kind" "$work/company" "models/$kind" \
        "$RR_TRAIN" "$RR_REPORT"
done
log "models written to models/fraud, models/hs, models/price, models/high-risk, models/supply-chain, models/rerouting, models/delinquency and models/tax-risk"
