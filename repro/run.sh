#!/usr/bin/env bash
# Reproduces the loopholes skeptic2 found; run from anywhere after
#   swift build --scratch-path .build-skeptic2
# Each section prints what the tool says; see the report for what it should say.
set -uo pipefail
cd "$(dirname "$0")"
N=${NNPARITY:-../.build-skeptic2/debug/nnparity}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
python3 - "$work" <<'PY'
import json, sys
c = json.load(open("mine.json")); c["dtype"] = "float64"
json.dump(c, open(sys.argv[1] + "/mine1.json", "w"))
c["x"] = [[-1, 2, -3], [4, -5, 6]]
json.dump(c, open(sys.argv[1] + "/mine2.json", "w"))
PY

echo "== 1. --only-cases without NumPy: a grossly wrong subject PASSES (nothing compared)"
NNPARITY_PYTHON=none $N audit --only-cases --case mine.json --subject "python3 wrong_subject.py" --quiet
echo "exit=$?"

echo "== 2. --save-failures: two failing cases named alike share one file (the first's reproduce points at the second's case)"
$N audit --only-cases --case "$work/mine1.json" --case "$work/mine2.json" --subject "python3 nudge.py" \
  --save-failures "$work/saved" --quiet | grep -E "reproduce|^FAILED"
ls "$work/saved"

echo "== 3. a failing golden's reproduce command drops --golden-dir, and passes"
cp -r ../reference/golden "$work/g"
python3 - "$work/g/edge-batch-1.json" <<'PY'
import json, sys
g = json.load(open(sys.argv[1])); g["expected"]["loss"] *= 1 + 1e-5; json.dump(g, open(sys.argv[1], "w"))
PY
NNPARITY_PYTHON=none $N audit --golden-dir "$work/g" --random 0 --filter edge-batch-1 --quiet | grep -E "reproduce: |^FAILED"
echo "-- running that reproduce command:"
NNPARITY_PYTHON=none $N audit --filter 'edge-batch-1' --random 0 --save-failures "$work/DIR" --quiet; echo "exit=$?"

echo "== 4. tools/html-check's pixel test passes a report whose plots have no dots at all"
NNPARITY_PYTHON=none $N audit --random 0 --filter edge --format html > "$work/full.html"
python3 - "$work/full.html" "$work/nodots.html" <<'PY'
import re, sys
open(sys.argv[2], "w").write(re.sub(r"<circle.*?</circle>", "", open(sys.argv[1]).read(), flags=re.S))
PY
echo "circles left: $(grep -c '<circle' "$work/nodots.html")"
./check_given.sh "$work/nodots.html"; echo "exit=$?"

echo "== 5. JUnit: a subject's failure is headed 'Swift differs'; invariants that ran on no case are green test cases"
NNPARITY_PYTHON=none $N audit --random 0 --filter edge-dropout-zero --subject false --format junit \
  | grep -E 'failure message|name="SGD keeps' | cut -c1-140

echo "== 6. a filter can select only ill-conditioned tensors: grad_w1 all zeros and loss 0 PASS"
NNPARITY_PYTHON=none $N audit --random 0 --filter edge-probs-near-one-eps-float32 --subject "python3 zero_grads.py" \
  | grep -E "^(loss|grad_w1) |^PASSED|^FAILED"
