#!/usr/bin/env bash
# Sets up OfaExp on a fresh Debian 12 machine with the .NET 10 SDK: the Fashion-MNIST package, the ofaexp tool
# package (packed by MSBuild into artifacts/packages) and the local tool manifest. Safe to run again: it repacks
# only when the source changed.
#   tools/setup.sh          the default CPU build (libtorch-cpu-linux-x64)
#   tools/setup.sh --cuda   the GPU build (-p:OfaExpTorchBackend=cuda: TorchSharp-cuda-linux), versioned with a -cuda suffix
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

backend=cpu
for arg in "$@"; do
  case "$arg" in
    --cuda) backend=cuda ;;
    *) echo "error: unknown option '$arg'; tools/setup.sh takes only --cuda (the GPU build)" >&2; exit 2 ;;
  esac
done

# Printed when the CUDA build's packages cannot be restored; $1 is the restore log.
cuda_restore_failed() {
  echo "error: the CUDA build of ofaexp needs the NuGet package TorchSharp-cuda-linux 0.107.0 (the version of TorchSharp)," >&2
  echo "and it could not be restored from the package sources of nuget.config. Restore said:" >&2
  grep -E 'error NU1[0-9]+' "$1" | sed -e 's/^ *//' -e 's/ \[[^]]*\]$//' | sort -u | sed 's/^/  /' >&2 || true
  echo "TorchSharp-cuda-linux comes from nuget.org and pulls in the libtorch-cuda-12.x-linux-x64 packages, several GB" >&2
  echo "in all: run tools/setup.sh --cuda on a machine with a GPU that reaches nuget.org (or a NuGet mirror serving" >&2
  echo "these packages). Nothing was packed; the CPU build (tools/setup.sh) is unchanged." >&2
}

# The CUDA packages are restored first (into obj/cuda, apart from the CPU build), so that a machine that cannot get
# them learns it before anything else is installed or packed.
if [ "$backend" = cuda ]; then
  log=$(mktemp)
  if ! dotnet restore src/OfaExp.Cli -p:OfaExpTorchBackend=cuda -v q -nologo >"$log" 2>&1; then
    if grep -qiE 'TorchSharp-cuda-linux|libtorch-cuda' "$log"; then cuda_restore_failed "$log"; else cat "$log" >&2; fi
    rm -f "$log"
    exit 1
  fi
  rm -f "$log"
fi

tools/install-dataset.sh

# NuGet caches a package by id+version forever, so the version carries a hash of everything that builds the tool.
hash=$(find src build Directory.Build.props Directory.Build.targets Directory.Packages.props nuget.config \
         -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.targets' -o -name '*.config' \) \
         -not -path '*/bin/*' -not -path '*/obj/*' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-12)
version="0.1.0-src.$hash"
cuda_property=""
if [ "$backend" = cuda ]; then
  version="$version-cuda"   # a CUDA build never shares a version, and so NuGet's cache entry, with a CPU build
  cuda_property="-p:OfaExpTorchBackend=cuda"
fi
mkdir -p artifacts/packages
if [ ! -f "artifacts/packages/ofaexp.$version.nupkg" ]; then
  echo "Packing the ofaexp tool $version (first time: about a minute)..."
  if [ "$backend" = cuda ]; then
    find artifacts/packages -name 'ofaexp.*-cuda.nupkg' -delete
  else
    find artifacts/packages -name 'ofaexp.*.nupkg' ! -name '*-cuda.nupkg' -delete
  fi
  dotnet pack src/OfaExp.Cli -c Release -p:Version="$version" ${cuda_property} -o artifacts/packages -v q -nologo
fi

mkdir -p .config
cat > .config/dotnet-tools.json <<JSON
{
  "version": 1,
  "isRoot": true,
  "tools": {
    "ofaexp": {
      "version": "$version",
      "commands": ["ofaexp"],
      "rollForward": false
    }
  }
}
JSON
dotnet tool restore -v q >/dev/null
echo "ofaexp $version is ready: dotnet tool run ofaexp -- --help (or dotnet ofaexp --help)"
