#!/usr/bin/env bash
# Installs the Debian packages OfaExp needs when they are not there yet: the Fashion-MNIST data set
# (dataset-fashion-mnist) and the font figures are drawn with (fonts-dejavu-core, DejaVu Sans), so figures are the
# same bytes on every machine.
set -euo pipefail
dir=/usr/share/datasets/fashion-mnist
font=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
missing=()
if [ ! -f "$dir/train-images-idx3-ubyte.gz" ] || [ ! -f "$dir/train-labels-idx1-ubyte.gz" ]; then
  missing+=(dataset-fashion-mnist)
fi
if [ ! -f "$font" ]; then
  missing+=(fonts-dejavu-core)
fi
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
"$(dirname "$0")/apt-install.sh" "${missing[@]}"
test -f "$dir/train-images-idx3-ubyte.gz" || { echo "error: dataset-fashion-mnist installed but $dir is missing" >&2; exit 2; }
test -f "$font" || { echo "error: fonts-dejavu-core installed but $font is missing" >&2; exit 2; }
