#!/usr/bin/env bash
# The main job: installs what is missing, builds, runs the shipped scenario, prints the KPI
# table and leaves the HDF5 file in output/.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
tools/build.sh release
mkdir -p output
./build/release/returnsim run scenarios/small.yaml -o output/small.h5 --force
./build/release/returnsim summary output/small.h5
