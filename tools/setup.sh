#!/usr/bin/env bash
# Sets up OfaExp on a fresh Debian 12 machine with the .NET 10 SDK: the Fashion-MNIST package, the ofaexp tool
# package (packed by MSBuild into artifacts/packages) and the local tool manifest. Safe to run again: it repacks
# only when the source changed.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

tools/install-dataset.sh

# NuGet caches a package by id+version forever, so the version carries a hash of everything that builds the tool.
hash=$(find src build Directory.Build.props Directory.Build.targets Directory.Packages.props nuget.config \
         -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.targets' -o -name '*.config' \) \
         -not -path '*/bin/*' -not -path '*/obj/*' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-12)
version="0.1.0-src.$hash"
mkdir -p artifacts/packages
if [ ! -f "artifacts/packages/ofaexp.$version.nupkg" ]; then
  echo "Packing the ofaexp tool $version (first time: about a minute)..."
  find artifacts/packages -name 'ofaexp.*.nupkg' -delete
  dotnet pack src/OfaExp.Cli -c Release -p:Version="$version" -o artifacts/packages -v q -nologo
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
echo "ofaexp $version is ready: dotnet tool run ofaexp --help"
