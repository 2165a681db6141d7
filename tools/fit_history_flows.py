#!/usr/bin/python3
"""Fits the yearly flow factors of scenarios/history-2019-2024.yaml (schedules flows-YYYY and
irregular-YYYY) so that the model's orders to leave per year match the Eurostat series (migr_eiord,
docs/sources.md#S-eurostat-eiord; 2021 midway between 2020 and 2022, an assumption). Fixed-point iteration: each round runs
the history (4 runs) and multiplies each year's factor by published / model orders. Rewrites the
factors in the scenario file in place and prints the last round's table.
Usage: tools/fit_history_flows.py [--rounds 3] [--binary build/release/returnsim]"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

import h5py
import numpy as np

SCENARIO = "scenarios/history-2019-2024.yaml"
PUBLISHED = {2019: 491200, 2020: 396400, 2021: (396400 + 422400) / 2, 2022: 422400, 2023: 484160, 2024: 453380}


def orders_per_year(binary, scenario):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "history.h5")
        subprocess.run([binary, "run", scenario, "-o", out, "--quiet"], check=True)
        with h5py.File(out, "r") as f:
            orders = f["orders_to_leave"][:].sum(axis=(2, 3)).mean(axis=0)  # per month, mean over runs
    return {year: orders[12 * k:12 * (k + 1)].sum() for k, year in enumerate(sorted(PUBLISHED))}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--binary", default="build/release/returnsim")
    args = parser.parse_args()
    text = open(SCENARIO).read()
    for round_ in range(args.rounds):
        model = orders_per_year(args.binary, SCENARIO)
        print(f"round {round_ + 1}: " + ", ".join(f"{y} {model[y] / PUBLISHED[y]:.3f}" for y in sorted(model)))
        for year, orders in model.items():
            pattern = re.compile(rf"(name: (?:flows|irregular)-{year},[^\n]*factor: )([0-9.]+)")
            factor = float(pattern.search(text).group(2)) * PUBLISHED[year] / orders
            text = pattern.sub(lambda m, f=factor: m.group(1) + f"{f:.3f}", text)
        open(SCENARIO, "w").write(text)
    model = orders_per_year(args.binary, SCENARIO)
    print("| year | published | model | ratio |\n|---|---|---|---|")
    for year in sorted(model):
        print(f"| {year} | {PUBLISHED[year]:,.0f} | {model[year]:,.0f} | {model[year] / PUBLISHED[year]:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
