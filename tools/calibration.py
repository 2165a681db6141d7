#!/usr/bin/python3
"""Model against published figures: per-origin and EU-wide return rates, orders to leave,
voluntary share and absconding, from a returnsim output of scenarios/eu-baseline.yaml.
Rates are taken over the last `--window` months (default 24: the first months are a warm-up from
the initial stock), pooled over runs, as Eurostat computes them: returns in the period / orders to
leave in the period. Prints a Markdown table (docs/calibration.md) or, with --json, the numbers.
Usage: tools/calibration.py FILE.h5 [--window MONTHS] [--json]"""
import json
import sys

import h5py
import numpy as np

from make_eu_baseline import ORIGINS  # noqa: E402  (tools/ is this script's directory)

# Published return rates: the baseline's table holds them with their sources (FACTS.md: Art. 25a
# report 2024, secondary; Western Balkans "often above 60%"). Annual orders to leave where FACTS.md
# gives them (midpoints).
PUBLISHED_RATE = {o[0]: o[5] for o in ORIGINS if o[5] is not None}
PUBLISHED_OTL = {"DZ": 40_000, "MA": 30_000, "AL": 22_500, "SY": 36_000, "AF": 24_000, "TR": 26_000, "TN": 16_000}
EU_OTL = (422_400, 484_160)        # FACTS.md EU-wide 2022-2024
EU_RATE = (0.18, 0.24)             # FACTS.md EU-wide 2022-2024 (to non-EU countries)


def measure(path, window):
    with h5py.File(path, "r") as f:
        done = f["completed"][:] == 1
        origins = [o.decode() if isinstance(o, bytes) else o for o in f["origin"][:]]
        names = [o.decode() if isinstance(o, bytes) else o for o in f["origin_name"][:]]
        months = f["month"].shape[0]
        w = slice(max(0, months - window), months)
        def total(name):  # [origin], summed over runs, the window and member states
            return f[name][done, w].sum(axis=(0, 1, 3)).astype(float)
        orders, vol, forced, absc = (total(n) for n in ("orders_to_leave", "returns_voluntary", "returns_forced", "absconded"))
        runs = int(done.sum())
        years = (w.stop - w.start) / 12
    per_origin = []
    for i, oid in enumerate(origins):
        rate = (vol[i] + forced[i]) / orders[i] if orders[i] > 0 else float("nan")
        per_origin.append({"id": oid, "name": names[i], "rate": rate,
                           "otl_per_year": orders[i] / runs / years,
                           "published_rate": PUBLISHED_RATE.get(oid), "published_otl": PUBLISHED_OTL.get(oid)})
    returns = vol.sum() + forced.sum()
    eu = {"rate": returns / orders.sum(), "otl_per_year": orders.sum() / runs / years,
          "voluntary_share": vol.sum() / returns, "absconded_share": absc.sum() / (absc.sum() + returns),
          "runs": runs, "window_months": w.stop - w.start}
    return eu, per_origin


def markdown(eu, per_origin):
    lines = [f"EU-wide over the last {eu['window_months']} months of {eu['runs']} runs:", "",
             "| measure | model | published | ratio |", "|---|---|---|---|",
             f"| orders to leave per year | {eu['otl_per_year']:,.0f} | {EU_OTL[0]:,}-{EU_OTL[1]:,} | "
             f"{eu['otl_per_year'] / np.mean(EU_OTL):.2f} |",
             f"| return rate | {eu['rate']:.1%} | {EU_RATE[0]:.0%}-{EU_RATE[1]:.0%} | {eu['rate'] / np.mean(EU_RATE):.2f} |",
             f"| voluntary share of returns | {eu['voluntary_share']:.1%} | 30-55% (53.8% in 2024) | |",
             f"| absconded share of closed cases | {eu['absconded_share']:.1%} | 50-60% (NL) | |", "",
             "Per origin (published figures: FACTS.md; - where none is given):", "",
             "| origin | model return rate | published | ratio | model OTL/yr | published OTL/yr |",
             "|---|---|---|---|---|---|"]
    for o in per_origin:
        pub = o["published_rate"]
        ratio = f"{o['rate'] / pub:.2f}" if pub else ""
        otl_pub = f"{o['published_otl']:,}" if o["published_otl"] else "-"
        lines.append(f"| {o['name']} ({o['id']}) | {o['rate']:.1%} | {f'{pub:.0%}' if pub else '-'} | {ratio} | "
                     f"{o['otl_per_year']:,.0f} | {otl_pub} |")
    return "\n".join(lines)


if __name__ == "__main__":
    args = sys.argv[1:]
    if not args or args[0].startswith("-"):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    window = int(args[args.index("--window") + 1]) if "--window" in args else 24
    eu, per_origin = measure(args[0], window)
    if "--json" in args:
        print(json.dumps({"eu": eu, "origins": per_origin}, indent=1))
    else:
        print(markdown(eu, per_origin))
