#!/usr/bin/env bash
# OfaExp's supernet training step against the OFA reference's, side by side: alternates `ofaexp bench train` and
# tools/bench-train/ofa_reference_step.py for ROUNDS rounds of STEPS steps each and prints every figure (max, random
# and min subnet, ms per step). Run it on a quiet machine: other CPU work skews both sides.
#   tools/bench-train/compare.sh REFERENCE_CLONE [ROUNDS=5] [STEPS=20] [THREADS=2]
# REFERENCE_CLONE: a checkout of mit-han-lab/once-for-all (commit f03b2673db313b9167e2a1c2b7a5cad540cc1313);
# needs Debian's python3-torch (apt-get install python3-torch) and the ofaexp tool (tools/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
ref=${1:?usage: tools/bench-train/compare.sh REFERENCE_CLONE [ROUNDS] [STEPS] [THREADS]}
rounds=${2:-5}; steps=${3:-20}; threads=${4:-2}
ofaexp=(${OFAEXP:-dotnet tool run ofaexp})
/usr/bin/python3 -c "import torch" 2>/dev/null || { echo "error: python3-torch is missing: apt-get install python3-torch" >&2; exit 2; }
[ -f "$ref/ofa/imagenet_classification/elastic_nn/networks/ofa_mbv3.py" ] || { echo "error: $ref is not a once-for-all checkout" >&2; exit 2; }
for round in $(seq 1 "$rounds"); do
  echo "== round $round"
  "${ofaexp[@]}" bench train --steps "$steps" --threads "$threads"
  /usr/bin/python3 -B tools/bench-train/ofa_reference_step.py "$ref" --steps "$steps" --threads "$threads"
done
