#!/usr/bin/env bash
# The main job: installs what is missing, builds, runs the shipped leverage comparison (six
# policies on the calibrated EU baseline, sampled uncertainty, replications), prints the ranked
# comparison (gains with both intervals, cost per extra return, time to effect, robustness), and
# leaves output/leverage-comparison.h5, its plots (PNG) and the strategist's report
# (output/leverage-comparison.html, one self-contained page) in output/.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
tools/build.sh release
mkdir -p output
./build/release/returnsim sweep scenarios/leverage-comparison.yaml -o output/leverage-comparison.h5 --force
./build/release/returnsim summary output/leverage-comparison.h5
/usr/bin/python3 tools/plot_leverage.py output/leverage-comparison.h5 --out output
./build/release/returnsim report output/leverage-comparison.h5 -o output/leverage-comparison.html
echo "open the report: output/leverage-comparison.html"
