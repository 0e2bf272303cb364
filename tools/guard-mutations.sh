#!/usr/bin/env bash
# Shows that the engine guard (EngineGuardTests) catches changed computations: for each patch in
# tools/guard-mutations/ (or the ones named as arguments), a scratch worktree of HEAD gets the patch, is built, and
# runs the guard, which must fail. Prints one line per mutation and exits 1 if any mutation went unnoticed (or did
# not apply or build). Takes a few minutes per mutation on 2 cores; not part of CI.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
patches=("$@")
[ ${#patches[@]} -gt 0 ] || patches=(tools/guard-mutations/*.patch)
scratch=$(mktemp -d /tmp/ofaexp-mutation.XXXXXX)
trap 'git -C "$repo" worktree remove --force "$scratch/tree" >/dev/null 2>&1 || true; rm -rf "$scratch"' EXIT
git worktree add --detach "$scratch/tree" HEAD >/dev/null
unnoticed=0
for patch in "${patches[@]}"; do
  name=$(basename "$patch" .patch)
  git -C "$scratch/tree" checkout -q -- .
  if ! git -C "$scratch/tree" apply "$repo/$patch"; then
    echo "$name: the patch does not apply to HEAD any more; update it"; unnoticed=1; continue
  fi
  if ! dotnet build "$scratch/tree/OfaExp.sln" -c Release -nologo -v q >"$scratch/build.log" 2>&1; then
    echo "$name: does not build (log: $scratch/build.log)"; cat "$scratch/build.log" | tail -20; unnoticed=1; continue
  fi
  start=$(date +%s)
  if dotnet test "$scratch/tree/tests/OfaExp.Cli.Tests" -c Release --no-build -nologo \
      --filter "FullyQualifiedName~EngineGuardTests" >"$scratch/test.log" 2>&1; then
    echo "$name: NOT caught, the guard passed ($(( $(date +%s) - start )) s)"; unnoticed=1
  else
    changed=$(grep -cE '^\s+/' "$scratch/test.log" || true)
    echo "$name: caught, the guard failed with $changed changed values ($(( $(date +%s) - start )) s); first: $(grep -m1 -E '^\s+/' "$scratch/test.log" | sed 's/^ *//')"
  fi
done
exit $unnoticed
