#!/usr/bin/env bash
# Installs Fashion-MNIST from Debian's dataset-fashion-mnist package when it is not there yet.
set -euo pipefail
dir=/usr/share/datasets/fashion-mnist
if [ -f "$dir/train-images-idx3-ubyte.gz" ] && [ -f "$dir/train-labels-idx1-ubyte.gz" ]; then
  exit 0
fi
echo "Installing Fashion-MNIST (Debian package dataset-fashion-mnist)..."
sudo=""
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null || { echo "error: need root or sudo to apt-get install dataset-fashion-mnist" >&2; exit 2; }
  sudo=sudo
fi
export DEBIAN_FRONTEND=noninteractive
if ! $sudo apt-get install -y -q dataset-fashion-mnist >/dev/null 2>&1; then
  $sudo apt-get update -q >/dev/null
  $sudo apt-get install -y -q dataset-fashion-mnist >/dev/null
fi
test -f "$dir/train-images-idx3-ubyte.gz" || { echo "error: dataset-fashion-mnist installed but $dir is missing" >&2; exit 2; }
