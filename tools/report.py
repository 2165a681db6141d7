#!/usr/bin/python3
"""The strategist's report of a sweep: one self-contained HTML page (images embedded, no network)
with the ranking, the gains with both intervals, the gain over time, the gains per origin, the
cost per extra return, the time to effect, robustness and the deciding factors, the model's
calibration status and known limits, and how to reproduce it.

The numbers come from `returnsim summary --format json` (one implementation, in C++); this script
adds the charts and the deciding factors (a random forest over the sampled worlds' factors,
scikit-learn).

Usage: tools/report.py FILE.h5 -o FILE.html [--returnsim build/release/returnsim]
(`returnsim report FILE.h5 -o FILE.html` calls it.)"""
import argparse
import base64
import html
import io
import json
import os
import re
import subprocess
import sys

import h5py
import matplotlib
import numpy as np

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def summary_json(binary, path, by=None):
    command = [binary, "summary", path, "--format", "json"] + (["--by", by] if by else [])
    r = subprocess.run(command, capture_output=True, text=True)
    if r.returncode != 0:
        sys.stderr.write(r.stderr)
        sys.exit(r.returncode)
    return json.loads(r.stdout)


def png(fig):
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def text(values):
    return [v.decode() if isinstance(v, bytes) else str(v) for v in values]


def fmt(x, digits=2, sign=True):
    if x is None or (isinstance(x, float) and not np.isfinite(x)):
        return "–"
    return f"{x:+.{digits}f}" if sign else f"{x:,.{digits}f}"


def figure(x):
    """A published or modelled figure: whole numbers above 1,000, else 3-4 significant digits."""
    return f"{x:,.0f}" if abs(x) >= 1000 else f"{x:.3g}"


def interval(e, digits=2):
    return f"{fmt(e['ci95_low'], digits)} to {fmt(e['ci95_high'], digits)}"


def spread(e, digits=2):
    return f"{fmt(e['worlds_p05'], digits)} to {fmt(e['worlds_p95'], digits)}"


# --- charts ---------------------------------------------------------------------------------

COLOURS = plt.rcParams["axes.prop_cycle"].by_key()["color"]


def ranking_chart(policies, reference):
    rows = [p for p in policies if p["policy"] != reference]
    fig, ax = plt.subplots(figsize=(8.5, 0.55 * len(rows) + 1.2))
    y = np.arange(len(rows))[::-1]
    for yi, p in zip(y, rows):
        g = p["gain"]
        ax.plot([g["worlds_p05"], g["worlds_p95"]], [yi, yi], color="#bbbbbb", linewidth=9, solid_capstyle="butt",
                label="spread over worlds (5-95%)" if yi == y[0] else None)
        ax.errorbar(g["mean"], yi, xerr=[[g["mean"] - g["ci95_low"]], [g["ci95_high"] - g["mean"]]], fmt="o",
                    color="#1f4e79", capsize=4, label="mean, 95% CI of the mean" if yi == y[0] else None)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_yticks(y, [p["policy"] for p in rows])
    ax.set_xlabel(f"gain in return rate over {reference} (percentage points, paired)")
    ax.legend(loc="lower right", fontsize=8)
    ax.grid(axis="x", alpha=0.3)
    return png(fig)


def gain_over_time_chart(policies, reference, labels):
    fig, ax = plt.subplots(figsize=(9, 4.6))
    months = np.arange(len(labels))
    ax.axhline(0, color="black", linewidth=1.2, label=f"{reference} (reference)")
    for i, p in enumerate([p for p in policies if p["policy"] != reference]):
        series = np.array([[np.nan if v is None else v for v in row] for row in p["gain_by_month"]], dtype=float)
        c = COLOURS[i % len(COLOURS)]
        ax.fill_between(months, series[:, 1], series[:, 2], color=c, alpha=0.15)
        ax.plot(months, series[:, 0], color=c, label=p["policy"])
        if p["time_to_effect_month"] is not None:
            ax.plot(p["time_to_effect_month"], series[p["time_to_effect_month"], 0], "v", color=c, markersize=7)
    ticks = months[::12]
    ax.set_xticks(ticks, [labels[t] for t in ticks])
    ax.set_ylabel("gain in return rate since the start (points)")
    ax.set_title("Gain accumulated since the policies start (bands: 95% CI of the mean; ▼ time to effect)", fontsize=9)
    ax.legend(fontsize=8, ncol=2)
    ax.grid(alpha=0.3)
    return png(fig)


def origin_heatmap(by_entity, policies, reference):
    names = [p["policy"] for p in policies if p["policy"] != reference]
    entities = list(dict.fromkeys(e["entity"] for e in by_entity))
    grid = np.full((len(names), len(entities)), np.nan)
    reach = np.zeros_like(grid, dtype=bool)
    for e in by_entity:
        i, j = names.index(e["policy"]), entities.index(e["entity"])
        grid[i, j] = e["gain"]["mean"] if e["gain"]["mean"] is not None else np.nan
        reach[i, j] = e["in_reach"]
    limit = np.nanmax(np.abs(grid)) if np.isfinite(grid).any() else 1.0
    fig, ax = plt.subplots(figsize=(max(8, 0.24 * len(entities) + 2), 0.5 * len(names) + 1.6))
    image = ax.imshow(grid, cmap="RdBu", vmin=-limit, vmax=limit, aspect="auto")
    for i in range(len(names)):
        for j in range(len(entities)):
            if reach[i, j]:
                ax.add_patch(plt.Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, edgecolor="black", linewidth=1.1))
    ax.set_yticks(range(len(names)), names)
    ax.set_xticks(range(len(entities)), entities, rotation=90, fontsize=7)
    fig.colorbar(image, ax=ax, label="gain in the origin's return rate (points)", shrink=0.8)
    ax.set_title("Gain per origin (outlined: named by the policy)", fontsize=9)
    return png(fig)


def cost_chart(policies, reference):
    rows = [p for p in policies if p["policy"] != reference]
    fig, ax = plt.subplots(figsize=(8.5, 0.5 * len(rows) + 1.2))
    y = np.arange(len(rows))[::-1]
    for yi, p in zip(y, rows):
        c = p["cost_per_extra_return_eur"]
        if c is None:
            ax.text(0, yi, "  not defined: extra returns not distinguishable from 0", va="center", fontsize=8)
            continue
        ax.errorbar(c["mean"], yi, xerr=[[c["mean"] - c["ci95_low"]], [c["ci95_high"] - c["mean"]]], fmt="s",
                    color="#7a3b00", capsize=4)
    ax.set_yticks(y, [p["policy"] for p in rows])
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlabel("extra cost per extra return (EUR; 95% CI)")
    ax.grid(axis="x", alpha=0.3)
    return png(fig)


# --- deciding factors -------------------------------------------------------------------------

def deciding_factors(path, reference, policies, factor_paths):
    """Per policy: which sampled factors decide the sign of its gain over the reference, world by
    world (random forest feature importances; Spearman's rank correlation for the direction)."""
    if not factor_paths:
        return {}, "The sweep samples no uncertain factors: there is nothing to score."
    with h5py.File(path, "r") as f:
        done = f["completed"][:] == 1
        policy = np.array(text(f["policy"][:]))
        sample = f["sample"][:]
        returns = (f["returns_voluntary"][:].sum(axis=(1, 2, 3)) + f["returns_forced"][:].sum(axis=(1, 2, 3))).astype(float)
        orders = f["orders_to_leave"][:].sum(axis=(1, 2, 3)).astype(float)
        columns = [k for k in f.keys() if k.startswith("factor_")]
        by_path = {f[k].attrs["path"].decode() if isinstance(f[k].attrs["path"], bytes) else f[k].attrs["path"]: f[k][:]
                   for k in columns}
    rate = np.where(orders > 0, returns / np.maximum(orders, 1), np.nan)
    worlds = sorted(set(sample[done]))
    factors = np.array([[by_path[p][np.where(sample == w)[0][0]] for p in factor_paths] for w in worlds])

    def world_rate(p):
        return np.array([np.nanmean(rate[done & (policy == p) & (sample == w)]) for w in worlds])

    base = world_rate(reference)
    out = {}
    from scipy.stats import spearmanr
    from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor
    for p in policies:
        if p == reference:
            continue
        gain = 100 * (world_rate(p) - base)
        positive = gain > 0
        rows = []
        if positive.all() or (~positive).all():
            model = RandomForestRegressor(n_estimators=300, random_state=0, min_samples_leaf=1).fit(factors, gain)
            verdict = f"positive in all {len(worlds)} worlds" if positive.all() else f"negative in all {len(worlds)} worlds"
        else:
            model = RandomForestClassifier(n_estimators=300, random_state=0).fit(factors, positive)
            verdict = f"positive in {positive.sum()} of {len(worlds)} worlds"
        for j, path_ in enumerate(factor_paths):
            rho = spearmanr(factors[:, j], gain).correlation if np.ptp(factors[:, j]) > 0 else np.nan
            rows.append((path_, float(model.feature_importances_[j]), rho))
        rows.sort(key=lambda r: -r[1])
        out[p] = (verdict, rows)
    note = (f"Scored over {len(worlds)} sampled worlds (the worlds' mean gain over replications). With few worlds the "
            "scores are indicative only.")
    return out, note


# --- calibration status and limits -------------------------------------------------------------

def sweep_yaml_of(path):
    """The sweep's effective YAML (the provenance group; older files: a root attribute)."""
    with h5py.File(path, "r") as f:
        text = f["provenance/sweep_yaml"][()] if "provenance/sweep_yaml" in f else f.attrs.get("sweep_yaml", "")
    return text.decode() if isinstance(text, bytes) else str(text)


def calibration_status(path):
    """The posterior the sweep drew its worlds from, if any: parameters and held-out checks."""
    sweep_yaml = sweep_yaml_of(path)
    match = re.search(r"^\s*file:\s*(.+)$", sweep_yaml, re.M)
    if "design: posterior" not in sweep_yaml or not match:
        return None
    candidates = [match.group(1).strip().strip("\"'"), os.path.join(ROOT, "scenarios", match.group(1).strip().strip("\"'"))]
    posterior = next((c for c in candidates if os.path.exists(c)), None)
    if posterior is None:
        return {"file": match.group(1).strip(), "missing": True}
    with h5py.File(posterior, "r") as c:
        status = {
            "file": posterior, "missing": False,
            "stop": c.attrs["stop_reason"], "runs": int(c["runs_total"][-1]), "generations": int(c["tolerance"].shape[0]),
            "tolerance": float(c["tolerance"][-1]),
            "parameters": list(zip(text(c["parameter"][:]), c["posterior_mean"][:], c["posterior_p05"][:],
                                   c["posterior_p95"][:], c["prior_low"][:], c["prior_high"][:])),
            "held_out": [],
        }
        if "held_out" in c:
            for name, observed, low, high, mean in zip(text(c["held_out"][:]), c["held_out_observed"][:],
                                                      c["held_out_predictive_p05"][:], c["held_out_predictive_p95"][:],
                                                      c["held_out_predictive_mean"][:]):
                status["held_out"].append((name, observed, mean, low, high, low <= observed <= high))
    return status


def known_limits():
    """The bullets under '## Limitations' in docs/calibration.md."""
    try:
        text_ = open(os.path.join(ROOT, "docs", "calibration.md"), encoding="utf-8").read()
    except OSError:
        return []
    section = text_.split("## Limitations", 1)[-1].split("\n## ", 1)[0]
    bullets, current = [], None
    for line in section.splitlines():
        if line.startswith("- "):
            current = line[2:].strip()
            bullets.append(current)
        elif line.startswith("  ") and bullets:
            bullets[-1] += " " + line.strip()
    return bullets


# --- page --------------------------------------------------------------------------------------

STYLE = """
body { font-family: "DejaVu Sans", Arial, sans-serif; max-width: 1100px; margin: 1.5em auto; padding: 0 1em;
       color: #1b1b1b; line-height: 1.4; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { font-size: 1.2em; border-bottom: 1px solid #ccc; margin-top: 1.6em; }
table { border-collapse: collapse; font-size: 0.85em; margin: 0.6em 0; }
th, td { border: 1px solid #d0d0d0; padding: 0.25em 0.5em; text-align: right; }
th { background: #f0f3f7; } td.name, th.name { text-align: left; }
tr.reference td { color: #777; } .muted { color: #666; font-size: 0.85em; }
.reach { font-weight: bold; } img { max-width: 100%; height: auto; }
.box { background: #f7f7f2; border-left: 4px solid #b59f3b; padding: 0.5em 1em; }
code, pre { font-size: 0.85em; background: #f4f4f4; }
pre { padding: 0.6em; overflow-x: auto; white-space: pre-wrap; }
@media print { body { max-width: none; font-size: 10pt; } h2 { page-break-after: avoid; }
               img, table { page-break-inside: avoid; } }
"""


def page(args, overall, by_origin, factors, factors_note, status, limits, charts):
    e = html.escape
    reference = overall["reference"]
    policies = overall["policies"]
    best = [p for p in policies if p["policy"] != reference][0]
    out = ["<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
           f"<title>returnsim: {e(overall['scenario'])}</title><style>{STYLE}</style></head><body>",
           f"<h1>Which lever works? {e(overall['scenario'])}</h1>",
           f"<p class='muted'>{e(os.path.basename(overall['file']))}: {len(policies)} policies, {overall['worlds']} "
           f"sampled worlds x {overall['replications']} replications ({overall['runs_completed']} of "
           f"{overall['runs_planned']} runs), design <b>{e(overall['design'] or 'none')}</b>. Gains are paired against "
           f"<b>{e(reference)}</b> over common random numbers.</p>"]
    g = best["gain"]
    out.append(f"<div class='box'><b>In short.</b> {e(best['policy'])} ranks first: {fmt(g['mean'])} points of return "
               f"rate over {e(reference)} (95% CI of the mean {interval(g)}; across the sampled worlds {spread(g)}), "
               f"best in {100 * best['share_worlds_best']:.0f}% of the worlds. Read the intervals before the ranks: "
               "where two policies' intervals overlap, the sweep does not tell them apart.</div>")
    # Ranking.
    out.append("<h2>Ranking</h2><img alt='ranking chart' src='" + charts["ranking"] + "'>")
    out.append("<table><tr><th>rank</th><th class='name'>policy</th><th>gain (points)</th><th>95% CI of the mean</th>"
               "<th>spread over worlds (5-95%)</th><th>extra returns</th><th>extra cost (EUR M)</th>"
               "<th>EUR per extra return</th><th>time to effect</th><th>best in</th><th>regret mean / max</th></tr>")
    for p in policies:
        ref = p["policy"] == reference
        cost = p["cost_per_extra_return_eur"]
        if ref:
            cost_cell = "–"
        elif cost is None:
            cost_cell = "not defined"
        else:
            cost_cell = f"{cost['mean']:,.0f} ({cost['ci95_low']:,.0f} to {cost['ci95_high']:,.0f})"
        effect = "–" if ref else (p["time_to_effect"] or "not within the horizon")
        out.append(
            f"<tr class='{'reference' if ref else ''}'><td>{p['rank']}</td><td class='name'>{e(p['policy'])}"
            f"{' (reference)' if ref else ''}</td><td>{fmt(p['gain']['mean'])}</td>"
            f"<td>{'–' if ref else interval(p['gain'])}</td><td>{'–' if ref else spread(p['gain'])}</td>"
            f"<td>{fmt(p['extra_returns']['mean'], 0)}</td><td>{fmt(p['extra_cost_eur']['mean'] / 1e6, 1)}</td>"
            f"<td>{cost_cell}</td><td>{effect}</td>"
            f"<td>{100 * p['share_worlds_best']:.0f}%</td><td>{p['regret_mean_pp']:.2f} / {p['regret_max_pp']:.2f}</td></tr>")
    out.append("</table><p class='muted'>95% CI of the mean: two-stage bootstrap over worlds and replications "
               f"({overall['bootstrap_resamples']} resamples): how well the sweep pins the average gain. Spread over "
               "worlds: the 5th-95th percentile of the worlds' mean gains: what the uncertainty about the world "
               "allows. Extra cost: operations (removals, detention, casework, voluntary returns and support) "
               "and instruments, over the horizon; EUR per extra return is extra cost / extra returns, not defined "
               "when the extra returns' interval includes 0. Time to effect: the first month from which the gain "
               "accumulated since the start stays outside zero (95% CI). Regret: the best policy's return rate "
               "minus this one's, world by world (points).</p>")
    # Over time.
    out.append("<h2>When: the gain over time</h2><img alt='gain over time' src='" + charts["time"] + "'>")
    # Per origin.
    out.append("<h2>Where: gains per origin</h2><img alt='gain per origin' src='" + charts["heatmap"] + "'>")
    names = [p["policy"] for p in policies if p["policy"] != reference]
    entities = list(dict.fromkeys(x["entity"] for x in by_origin["by_entity"]))
    cell = {(x["policy"], x["entity"]): x for x in by_origin["by_entity"]}
    out.append("<table id='origins'><tr><th class='name'>origin</th><th>status-quo rate</th>" +
               "".join(f"<th>{e(n)}</th>" for n in names) + "</tr>")
    for ent in entities:
        first = cell[(names[0], ent)]
        row = f"<tr><td class='name'>{e(ent)}</td><td>{100 * first['reference_rate']:.1f}%</td>"
        for n in names:
            x = cell[(n, ent)]
            mark = " class='reach'" if x["in_reach"] else ""
            row += f"<td{mark} title='95% CI {interval(x['gain'])}'>{fmt(x['gain']['mean'])}</td>"
        out.append(row + "</tr>")
    out.append("</table><p class='muted'>Points of each origin's own return rate; bold: the origin is named by the "
               "policy's overrides (its own reach); hover for the 95% CI.</p>")
    # Cost.
    out.append("<h2>At what cost</h2><img alt='cost per extra return' src='" + charts["cost"] + "'>")
    # Robustness and deciding factors.
    out.append("<h2>How sure: robustness and the deciding factors</h2>")
    out.append("<table><tr><th class='name'>policy</th><th>best in (share of worlds)</th><th>regret mean</th>"
               "<th>regret max</th><th class='name'>sign of the gain</th><th class='name'>deciding factors "
               "(importance; rank correlation with the gain)</th></tr>")
    for p in policies:
        if p["policy"] == reference:
            continue
        verdict, rows = factors.get(p["policy"], ("–", []))
        scored = "; ".join(f"{e(path)} {imp:.2f} ({'+' if rho >= 0 else '−'}{abs(rho):.2f})"
                           for path, imp, rho in rows[:3] if np.isfinite(rho))
        out.append(f"<tr><td class='name'>{e(p['policy'])}</td><td>{100 * p['share_worlds_best']:.0f}%</td>"
                   f"<td>{p['regret_mean_pp']:.2f}</td><td>{p['regret_max_pp']:.2f}</td><td class='name'>{e(verdict)}</td>"
                   f"<td class='name'>{scored or '–'}</td></tr>")
    out.append(f"</table><p class='muted'>{e(factors_note)}</p>")
    # Calibration status and limits.
    out.append("<h2>Calibration status and known limits</h2>")
    if status is None:
        out.append("<p>The sweep's worlds are not drawn from a calibrated posterior: its uncertain factors span "
                   "hand-picked ranges, and its intervals say nothing about what the evidence allows.</p>")
    elif status["missing"]:
        out.append(f"<p>The sweep drew its worlds from {e(status['file'])}, which is not at hand.</p>")
    else:
        out.append(f"<p>The worlds are drawn from the posterior of <code>{e(os.path.relpath(status['file'], ROOT))}</code> "
                   f"({status['generations']} generations, {status['runs']} runs; stopped at {e(status['stop'])}; final "
                   f"tolerance {status['tolerance']:.2f} sd).</p><table><tr><th class='name'>parameter</th><th>mean</th>"
                   "<th>90% credible interval</th><th>prior range</th></tr>")
        for name, mean, low, high, prior_low, prior_high in status["parameters"]:
            out.append(f"<tr><td class='name'>{e(name)}</td><td>{mean:.3g}</td><td>{low:.3g} to {high:.3g}</td>"
                       f"<td>{prior_low:g} to {prior_high:g}</td></tr>")
        out.append("</table>")
        if status["held_out"]:
            inside = sum(1 for h in status["held_out"] if h[5])
            out.append(f"<p>Held-out checks (published figures never fitted): {inside} of {len(status['held_out'])} "
                       "inside the model's 90% posterior-predictive interval.</p><table><tr><th class='name'>check</th>"
                       "<th>published</th><th>model</th><th>90% interval</th><th>inside?</th></tr>")
            for name, observed, mean, low, high, ok in status["held_out"]:
                out.append(f"<tr><td class='name'>{e(name)}</td><td>{figure(observed)}</td><td>{figure(mean)}</td>"
                           f"<td>{figure(low)} to {figure(high)}</td><td>{'yes' if ok else '<b>no</b>'}</td></tr>")
            out.append("</table>")
    if limits:
        out.append("<p><b>Known limits</b> (docs/calibration.md):</p><ul>" +
                   "".join(f"<li>{e(re.sub(r'[`*]', '', x))}</li>" for x in limits) + "</ul>")
    # Provenance.
    out.append("<h2>What produced this page</h2>")
    out.append(f"<p>Sweep run as <code>{e(overall['command_line'])}</code>; this page: <code>returnsim report "
               f"{e(args.file)} -o {e(args.output)}</code>. The effective sweep definition:</p>")
    out.append(f"<pre>{e(sweep_yaml_of(args.file))}</pre>")
    out.append("<script>document.body.dataset.imagesDecoded = Array.from(document.images).every("
               "i => i.complete && i.naturalWidth > 0) ? 'yes' : 'no';</script>")
    out.append("</body></html>")
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("-o", "--output", required=True)
    parser.add_argument("--returnsim", default=os.path.join(ROOT, "build", "release", "returnsim"))
    args = parser.parse_args()
    overall = summary_json(args.returnsim, args.file)
    by_origin = summary_json(args.returnsim, args.file, "origin")
    reference = overall["reference"]
    policies = overall["policies"]
    factors, note = deciding_factors(args.file, reference, [p["policy"] for p in policies], overall["factor_paths"])
    charts = {
        "ranking": ranking_chart(policies, reference),
        "time": gain_over_time_chart(policies, reference, overall["month_labels"]),
        "heatmap": origin_heatmap(by_origin["by_entity"], policies, reference),
        "cost": cost_chart(policies, reference),
    }
    document = page(args, overall, by_origin, factors, note, calibration_status(args.file), known_limits(), charts)
    temp = args.output + ".tmp"
    with open(temp, "w", encoding="utf-8") as f:
        f.write(document)
    os.replace(temp, args.output)
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
