#!/usr/bin/env bash
# Installs returnsim's build and analysis dependencies from Debian 12 packages.
# Idempotent: installs only what is missing; needs root (or sudo) when something is missing.
# Usage: tools/setup.sh [--browser]   (--browser: also Debian's chromium, for the report's browser test)
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libboost-graph-dev libtbb-dev libyaml-cpp-dev libhdf5-dev hdf5-tools zlib1g-dev
  catch2 libcli11-dev libspdlog-dev libfmt-dev
  openmpi-bin libopenmpi-dev
  clang libfuzzer-14-dev
  python3 python3-numpy python3-pandas python3-h5py python3-xarray
  python3-h5netcdf python3-netcdf4 python3-matplotlib python3-scipy python3-sklearn
  udunits-bin
)
if [[ "${1:-}" == "--browser" ]]; then
  packages+=(chromium)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi

echo "setup: installing ${#missing[@]} missing packages: ${missing[*]}"
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "setup: need root or sudo to install packages" >&2; exit 1; }
  sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
