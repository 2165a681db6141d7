#!/usr/bin/python3
"""The Gambia retrodiction, year by year: return rate (returns / orders to leave in the year) and
mean cooperation index of one origin per policy, pooled over runs, from the output of
scenarios/retro-gambia-2021-comparison.yaml, beside the published figures (docs/sources.md#S-art25a-reports,
docs/sources.md#S-gm-press).
Usage: tools/retro_report.py FILE.h5 [--origin GM]"""
import sys

import h5py
import numpy as np

REPORTED = {"2021": "measures adopted Nov 2021; charter moratorium until Mar 2022",
            "2022": "monthly charters from Mar 2022; fee EUR 120 from Dec 2022",
            "2023": "Commission: substantial and sustained improvement (Sept 2023)",
            "2024": "return rate 37% (2024 Art. 25a report); fee increase repealed Apr 2024"}


def main(args):
    if not args or args[0].startswith("-"):
        print(__doc__, file=sys.stderr)
        return 2
    origin = args[args.index("--origin") + 1] if "--origin" in args else "GM"
    with h5py.File(args[0], "r") as f:
        text = lambda v: [x.decode() if isinstance(x, bytes) else str(x) for x in v]  # noqa: E731
        done = f["completed"][:] == 1
        policy = np.array(text(f["policy"][:]))[done]
        years = np.array([label[:4] for label in text(f["month_label"][:])])
        o = text(f["origin"][:]).index(origin)
        returns = (f["returns_voluntary"][done, :, o, :] + f["returns_forced"][done, :, o, :]).sum(axis=2)
        orders = f["orders_to_leave"][done, :, o, :].sum(axis=2)
        cooperation = f["cooperation_index"][done, :, o]
    print(f"{origin}: return rate in the year (returns / orders to leave) and mean cooperation index")
    print(f"| year | " + " | ".join(f"{p} rate | {p} cooperation" for p in dict.fromkeys(policy)) + " | reported |")
    print("|---|" + "---|---|" * len(dict.fromkeys(policy)) + "---|")
    for y in sorted(set(years)):
        cells = []
        for p in dict.fromkeys(policy):
            runs, months = policy == p, years == y
            rate = returns[runs][:, months].sum() / max(orders[runs][:, months].sum(), 1)
            cells.append(f"{100 * rate:.1f}% | {cooperation[runs][:, months].mean():.3f}")
        print(f"| {y} | " + " | ".join(cells) + f" | {REPORTED.get(y, '')} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
