#!/usr/bin/env bash
# Fuzzes the scenario and sweep loaders with libFuzzer (clang, AddressSanitizer, UBSan).
# Usage: tools/fuzz.sh [SECONDS]   (default 60; the test suite runs 60, a real hunt an hour or more)
# Seeds: tests/data/*.yaml, scenarios/*.yaml and the regression cases in tests/fuzz/regressions/
# (each a past finding, replayed first). The growing corpus lives in build/fuzz/corpus/. A finding
# is written as build/fuzz/crash-* / timeout-* / oom-* and the script exits 1: fix it and add the
# file to tests/fuzz/regressions/ (the unit suite replays that folder too).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --target returnsim_fuzz_loaders -j "$(nproc)"
mkdir -p build/fuzz/corpus build/fuzz/seeds/data build/fuzz/seeds/scenarios
cp tests/data/*.yaml build/fuzz/seeds/data/
cp scenarios/*.yaml build/fuzz/seeds/scenarios/
cd build/fuzz
# -rss_limit_mb: a loader that needs more than 1 GB on some input is a finding (SPEC §8: bounded
# memory on any input); -timeout: 10 s on one input is a hang; -max_len: the loaders refuse files
# over 8 MiB outright, so longer inputs teach nothing; a small ASan quarantine keeps the fuzzer's
# own resident memory (not the loaders') from reaching the limit over thousands of inputs.
ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1:quarantine_size_mb=64 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ./tests/fuzz/returnsim_fuzz_loaders -max_total_time="$seconds" -timeout=10 -rss_limit_mb=1024 \
  -max_len=65536 -dict=../../tests/fuzz/yaml.dict -print_final_stats=1 \
  corpus seeds/data seeds/scenarios ../../tests/fuzz/regressions
