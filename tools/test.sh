#!/usr/bin/env bash
# Sets up what the tests need (Fashion-MNIST; Debian's chromium, in which the report's pages are opened; the Slurm
# test installs and starts its single-node Slurm itself, with tools/slurm-local.sh) and runs the whole test suite. Snapshot tests are strict in CI (a missing snapshot fails); set SNAPSHOOTER_STRICT_MODE=off
# locally to record new ones.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export SNAPSHOOTER_STRICT_MODE="${SNAPSHOOTER_STRICT_MODE:-on}"

tools/install-dataset.sh
command -v chromium >/dev/null || tools/apt-install.sh chromium
dotnet build OfaExp.sln -c Release -nologo -v q
dotnet test OfaExp.sln -c Release --no-build -nologo --logger "console;verbosity=minimal" "$@"

# The tests that compare trained numbers with committed values (trait Category=PinsNumbers) again, with the kernels
# of another CPU: libtorch's AVX2 oneDNN kernels and ATen's plain ones instead of what this CPU offers. A pin that
# only holds on the machine that recorded it fails here, not on a user's machine (docs/development.md, "Tests that
# pin numbers"). Skipped when arguments narrow the run above.
if [ "$#" -eq 0 ]; then
  echo "Tests that pin numbers, again with other CPU kernels (ONEDNN_MAX_CPU_ISA=AVX2 ATEN_CPU_CAPABILITY=default):"
  ONEDNN_MAX_CPU_ISA=AVX2 ATEN_CPU_CAPABILITY=default \
    dotnet test OfaExp.sln -c Release --no-build -nologo --logger "console;verbosity=minimal" --filter "Category=PinsNumbers"
fi
