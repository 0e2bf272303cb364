#!/usr/bin/env bash
# Installs the Debian packages named on the command line with apt-get, as root or through sudo; shared by
# tools/install-dataset.sh (what OfaExp needs) and tools/test.sh (what only the tests need: chromium).
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: tools/apt-install.sh PACKAGE..." >&2; exit 2; }
echo "Installing $* (Debian packages)..."
sudo=""
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null || { echo "error: need root or sudo to apt-get install $*" >&2; exit 2; }
  sudo=sudo
fi
export DEBIAN_FRONTEND=noninteractive
# A fresh machine's package lists may be stale or empty; update only when the first try fails.
if ! $sudo apt-get install -y -q "$@" >/dev/null 2>&1; then
  $sudo apt-get update -q >/dev/null
  $sudo apt-get install -y -q "$@" >/dev/null
fi
