#!/usr/bin/python3
"""Plots of a sweep's output (PNG, matplotlib): the paired gain of each policy over the first
(reference) policy in the EU-wide return rate of the last 12 months (returns / orders to leave),
run by run over common random numbers (mean and 5-95% band over the paired runs; the status quo is
the zero line; the first 11 months, before a full 12-month window exists, are marked), and the
cooperation of selected origins per policy (median and 25-75% band over runs; the reference drawn
in black). Only the reported horizon is in the file: the burn-in never appears.
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
    with h5py.File(path, "r") as f:
        sample = f["sample"][:][done]
        replication = f["replication"][:][done]
    months = np.arange(len(labels))
    rate = 100 * rolling_sum(returns, 12) / np.maximum(rolling_sum(orders, 12), 1)
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    ticks = months[::12]
    reference = policies[0]
    key = {(s_, r_): i for i, (p_, s_, r_) in enumerate(zip(policy, sample, replication)) if p_ == reference}

    fig, ax = plt.subplots(figsize=(10, 5.5))
    ax.axhline(0, color="black", linewidth=1.4, label=f"{reference} (reference)")
    ax.axvspan(-0.5, 10.5, color="#dddddd", alpha=0.5, label="first 11 months: no full 12-month window")
    for i, p in enumerate(policies[1:]):
        rows = [(j, key[(sample[j], replication[j])]) for j in np.where(policy == p)[0]
                if (sample[j], replication[j]) in key]
        if not rows:
            continue
        gain = np.array([rate[j] - rate[k] for j, k in rows])
        c = colours[i % len(colours)]
        ax.fill_between(months[11:], np.percentile(gain[:, 11:], 5, axis=0), np.percentile(gain[:, 11:], 95, axis=0),
                        color=c, alpha=0.15)
        ax.plot(months[11:], gain[:, 11:].mean(axis=0), color=c, label=f"{p} (n={len(rows)} pairs)")
    ax.set_xticks(ticks, [labels[t] for t in ticks])
    ax.set_xlim(-0.5, len(labels) - 0.5)
    ax.set_ylabel("gain in return rate over the reference, points (last 12 months)")
    ax.set_title(f"{stem}: paired gain per policy (mean, 5-95% over paired runs)")
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
            c = "black" if p == reference else colours[(i - 1) % len(colours)]
            values = cooperation[policy == p][:, :, j]
            ax.fill_between(months, np.percentile(values, 25, axis=0), np.percentile(values, 75, axis=0), color=c,
                            alpha=0.12)
            ax.plot(months, np.median(values, axis=0), color=c, label=p, linewidth=2.2 if p == reference else 1.2,
                    zorder=3 if p == reference else 2)
        ax.set_title(o)
        ax.set_xticks(ticks, [labels[t][:4] for t in ticks])
        ax.grid(alpha=0.3)
    for k in range(len(shown), rows * cols):
        axes[k // cols][k % cols].axis("off")
    axes[0][0].set_ylabel("cooperation index (0..1)")
    axes[0][0].legend(fontsize=7)
    fig.suptitle(f"{stem}: cooperation of selected origins (median and 25-75% over runs; {reference} in black)")
    fig.tight_layout()
    coop = os.path.join(out_dir, f"{stem}-cooperation.png")
    fig.savefig(coop, dpi=120)
    plt.close(fig)
    print(f"wrote {fan} and {coop}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
