#!/usr/bin/python3
"""Model against published figures: per-origin and EU-wide return rates, orders to leave, the
voluntary share, absconding, requests and travel documents, from a returnsim output of
scenarios/eu-baseline.yaml (docs/calibration.md). Rates are Eurostat's: returns in the window /
orders to leave in the window, over the last `--window` reported months (default 24), pooled over
runs. Prints Markdown tables, or with --json the numbers.
Usage: tools/calibration.py FILE.h5 [--window MONTHS] [--json]"""
import json
import sys

import h5py
import numpy as np

from calibrate_baseline import RATE_TARGET, TARGET_SOURCE  # noqa: E402  (tools/ is this script's directory)
from make_eu_baseline import ORIGINS  # noqa: E402

# Published orders to leave a year (midpoints; docs/sources.md#S-eurostat-eiord, docs/sources.md#S-eurostat-quarterly)
# and held-out per-origin figures (docs/sources.md#S-com-sn-2022, docs/sources.md#S-art25a-reports).
PUBLISHED_OTL = {"DZ": 40_000, "MA": 30_000, "AL": 22_500, "SY": 36_000, "AF": 24_000, "TR": 26_000, "TN": 16_000}
HELD_OUT_RATE = {"SN": "7.3% (2019), 8% (2021)", "TN": "11% (2023)"}
HELD_OUT_ISSUANCE = {"MA": 0.16, "SN": 0.21, "DZ": 0.23, "TN": 0.35}
EU_OTL = (422_400, 484_160)        # Eurostat EU-wide 2022-2024, docs/sources.md#S-eurostat-eiord
EU_RATE = (0.18, 0.24)             # Eurostat EU-wide 2022-2024 (to non-EU countries), docs/sources.md#S-eurostat-eirtn
CLASS = {o[0]: o[2] for o in ORIGINS}


def measure(path, window):
    with h5py.File(path, "r") as f:
        done = f["completed"][:] == 1
        origins = [o.decode() if isinstance(o, bytes) else o for o in f["origin"][:]]
        names = [o.decode() if isinstance(o, bytes) else o for o in f["origin_name"][:]]
        states = [s.decode() if isinstance(s, bytes) else s for s in f["member_state"][:]]
        months = f["month"].shape[0]
        w = slice(max(0, months - window), months)

        def total(name):  # [origin, state], summed over runs and the window
            return f[name][done, w].sum(axis=(0, 1)).astype(float)
        orders, vol, forced, absc = (total(n) for n in ("orders_to_leave", "returns_voluntary", "returns_forced", "absconded"))
        requests, documents = total("identification_requests"), total("travel_documents_issued")
        failed = total("removals_failed")
        runs = int(done.sum())
        years = (w.stop - w.start) / 12
    per_origin = []
    for i, oid in enumerate(origins):
        o = orders[i].sum()
        per_origin.append({"id": oid, "name": names[i], "class": CLASS.get(oid), "rate": (vol[i].sum() + forced[i].sum()) / o if o else float("nan"),
                           "target": RATE_TARGET.get(oid), "target_source": TARGET_SOURCE.get(oid, "not fitted (no forced return)"),
                           "otl_per_year": o / runs / years, "published_otl": PUBLISHED_OTL.get(oid),
                           "requests_per_order": requests[i].sum() / o if o else float("nan"),
                           "documents_per_request": documents[i].sum() / requests[i].sum() if requests[i].sum() else float("nan")})
    returns = vol.sum() + forced.sum()
    nl = states.index("NL")
    eu = {"rate": returns / orders.sum(), "otl_per_year": orders.sum() / runs / years,
          "voluntary_share": vol.sum() / returns, "absconded_share": absc.sum() / (absc.sum() + returns),
          "nl_absconded_share": absc[:, nl].sum() / (absc[:, nl].sum() + vol[:, nl].sum() + forced[:, nl].sum()),
          "nl_failed_share": failed[:, nl].sum() / (failed[:, nl].sum() + forced[:, nl].sum()),
          "runs": runs, "window_months": w.stop - w.start}
    return eu, per_origin


def markdown(eu, per_origin):
    lines = [f"EU-wide over the last {eu['window_months']} months of {eu['runs']} runs:", "",
             "| measure | model | published | status |", "|---|---|---|---|",
             f"| orders to leave per year | {eu['otl_per_year']:,.0f} | {EU_OTL[0]:,}-{EU_OTL[1]:,} | fitted (first-order share) |",
             f"| return rate | {eu['rate']:.1%} | {EU_RATE[0]:.0%}-{EU_RATE[1]:.0%} | follows from the per-origin fits |",
             f"| voluntary share of returns | {eu['voluntary_share']:.1%} | 53.8% (2024) | fitted (stick behind the door) |",
             f"| absconded share of closed cases, EU | {eu['absconded_share']:.1%} | - | |",
             f"| absconded share of closed cases, NL | {eu['nl_absconded_share']:.1%} | 50-60% (DT&V) | held out: disagrees |",
             f"| failed removals, NL | {eu['nl_failed_share']:.1%} | 58% (2018) | input (removal_failure_at_liberty) |", "",
             "Per origin (targets: the published rates ([sources](sources.md#S-art25a-reports)) where there are some; "
             "else the class median, see above):", "",
             "| origin | class | model return rate | target | target from | ratio | requests per order | documents per request | OTL/yr |",
             "|---|---|---|---|---|---|---|---|---|"]
    for o in per_origin:
        t = o["target"]
        ratio = f"{o['rate'] / t:.2f}" if t else ""
        dpr = o["documents_per_request"]
        issuance = f"{dpr:.1%}" if dpr == dpr else "-"
        if o["id"] in HELD_OUT_ISSUANCE:
            issuance += f" (published {HELD_OUT_ISSUANCE[o['id']]:.0%})"
        target = f"{t:.1%}" if t else "-"
        held = f"; held out {HELD_OUT_RATE[o['id']]}" if o["id"] in HELD_OUT_RATE else ""
        rpo = o["requests_per_order"]
        lines.append(f"| {o['name']} ({o['id']}) | {o['class']} | {o['rate']:.1%} | {target} | {o['target_source']}{held} | {ratio} | "
                     f"{rpo:.1%} | {issuance} | {o['otl_per_year']:,.0f} |")
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
