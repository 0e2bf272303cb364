#!/usr/bin/env bash
# ofaexp's image_folder pipeline against torchvision's ImageFolder + DataLoader, side by side on the same files:
# writes (or reuses) N synthetic 500 x 375 JPEGs under artifacts/bench-data/, then alternates the two loaders for
# ROUNDS rounds and prints every figure. Run it on a quiet machine: other CPU work skews both sides.
#   tools/bench-data/compare.sh [N=1000] [RESOLUTION=224] [THREADS=2] [ROUNDS=3]
# Needs python3-torchvision (apt-get install python3-torchvision) and the ofaexp tool (tools/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-1000}; res=${2:-224}; threads=${3:-2}; rounds=${4:-3}
root=artifacts/bench-data/synthetic-$n
ofaexp=(${OFAEXP:-dotnet tool run ofaexp})
/usr/bin/python3 -c "import torchvision" 2>/dev/null || { echo "error: python3-torchvision is missing: apt-get install python3-torchvision" >&2; exit 2; }
"${ofaexp[@]}" bench data --synthetic "$n" --keep "$root" --resolution 32 --threads "$threads" >/dev/null
for round in $(seq 1 "$rounds"); do
  echo "== round $round"
  "${ofaexp[@]}" bench data --root "$root" --resolution "$res" --threads "$threads"
  /usr/bin/python3 -B tools/bench-data/torchvision_bench.py "$root" --resolution "$res" --threads "$threads"
done
