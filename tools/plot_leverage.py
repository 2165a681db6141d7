#!/usr/bin/python3
"""Plots of a sweep's output (PNG, matplotlib): a fan chart of the EU-wide return rate per policy
(12-month rolling returns / orders to leave; median and 5-95% band over runs), and cooperation
trajectories of selected origins (median over runs per policy).
Usage: tools/plot_leverage.py FILE.h5 [--out DIR] [--origins GM,IQ,BD,SN,MA,GN]"""
import os
import sys

import h5py
import matplotlib
import numpy as np

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def text(values):
    return [v.decode() if isinstance(v, bytes) else str(v) for v in values]


def rolling_sum(x, window):
    """Sum over the last `window` months along axis 1 (fewer at the start)."""
    c = np.cumsum(x, axis=1)
    out = c.copy()
    out[:, window:] = c[:, window:] - c[:, :-window]
    return out


def main(args):
    if not args or args[0].startswith("-"):
        print(__doc__, file=sys.stderr)
        return 2
    path = args[0]
    out_dir = args[args.index("--out") + 1] if "--out" in args else "output"
    wanted = (args[args.index("--origins") + 1] if "--origins" in args else "GM,IQ,BD,SN,MA,GN").split(",")
    os.makedirs(out_dir, exist_ok=True)
    stem = os.path.splitext(os.path.basename(path))[0]
    with h5py.File(path, "r") as f:
        done = f["completed"][:] == 1
        policy = np.array(text(f["policy"][:]))[done]
        labels = text(f["month_label"][:])
        origins = text(f["origin"][:])
        returns = (f["returns_voluntary"][done].sum(axis=(2, 3)) + f["returns_forced"][done].sum(axis=(2, 3))).astype(float)
        orders = f["orders_to_leave"][done].sum(axis=(2, 3)).astype(float)
        cooperation = f["cooperation_index"][done]
    policies = list(dict.fromkeys(policy))
    months = np.arange(len(labels))
    rate = 100 * rolling_sum(returns, 12) / np.maximum(rolling_sum(orders, 12), 1)
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    ticks = months[::12]

    fig, ax = plt.subplots(figsize=(10, 5.5))
    for i, p in enumerate(policies):
        r = rate[policy == p][:, 11:]
        m = months[11:]
        c = colours[i % len(colours)]
        ax.fill_between(m, np.percentile(r, 5, axis=0), np.percentile(r, 95, axis=0), color=c, alpha=0.18)
        ax.plot(m, np.median(r, axis=0), color=c, label=f"{p} (n={r.shape[0]})")
    ax.set_xticks(ticks, [labels[t] for t in ticks])
    ax.set_ylabel("return rate, % (returns / orders to leave, last 12 months)")
    ax.set_title(f"{stem}: EU-wide return rate per policy (median, 5-95% over runs)")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fan = os.path.join(out_dir, f"{stem}-return-rate.png")
    fig.savefig(fan, dpi=120)
    plt.close(fig)

    shown = [o for o in wanted if o in origins]
    cols = 3
    rows = max(1, (len(shown) + cols - 1) // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(12, 3.4 * rows), squeeze=False, sharey=True)
    for k, o in enumerate(shown):
        ax = axes[k // cols][k % cols]
        j = origins.index(o)
        for i, p in enumerate(policies):
            ax.plot(months, np.median(cooperation[policy == p][:, :, j], axis=0), color=colours[i % len(colours)],
                    label=p)
        ax.set_title(o)
        ax.set_xticks(ticks, [labels[t][:4] for t in ticks])
        ax.grid(alpha=0.3)
    for k in range(len(shown), rows * cols):
        axes[k // cols][k % cols].axis("off")
    axes[0][0].set_ylabel("cooperation index (0..1)")
    axes[0][0].legend(fontsize=7)
    fig.suptitle(f"{stem}: cooperation of selected origins (median over runs)")
    fig.tight_layout()
    coop = os.path.join(out_dir, f"{stem}-cooperation.png")
    fig.savefig(coop, dpi=120)
    plt.close(fig)
    print(f"wrote {fan} and {coop}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
