#!/usr/bin/env bash
# The main job: installs what is missing, builds, runs the shipped leverage comparison (six
# policies on the calibrated EU baseline, sampled uncertainty, replications), prints the ranked
# KPI table, and leaves output/leverage-comparison.h5 and its plots (PNG) in output/.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
tools/build.sh release
mkdir -p output
./build/release/returnsim sweep scenarios/leverage-comparison.yaml -o output/leverage-comparison.h5 --force
./build/release/returnsim summary output/leverage-comparison.h5
/usr/bin/python3 tools/plot_leverage.py output/leverage-comparison.h5 --out output
