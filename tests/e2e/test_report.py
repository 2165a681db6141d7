#!/usr/bin/python3
"""End-to-end: `returnsim summary --by/--format` and `returnsim report` on a real sweep, the page
rendered in headless Chromium (Debian's `chromium`; tools/setup.sh --browser installs it).

Checks: the CSV opens as a table with the sweep's policies and origins and the same numbers as
the JSON; the page loads without console errors, every image decodes, the per-origin table holds
the sweep's origins, and a screenshot is not blank.
Usage: test_report.py PATH/TO/returnsim [--chromium PATH]"""
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile


sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import check, failures, run  # noqa: E402

CHROMIUM = sys.argv[sys.argv.index("--chromium") + 1] if "--chromium" in sys.argv else shutil.which("chromium")


with tempfile.TemporaryDirectory() as tmp:
    out = os.path.join(tmp, "sweep.h5")
    r = run("sweep", "tests/data/sweep-leverage.yaml", "-o", out, "--quiet")
    check(r.returncode == 0, f"sweep: {r.stderr}")

    # --- summary in every format ----------------------------------------------------------
    text = run("summary", out)
    check(text.returncode == 0 and "CI 95%" in text.stdout and "worlds 5-95%" in text.stdout,
          f"text summary names both intervals: {text.stdout[-2000:]}")
    as_json = json.loads(run("summary", out, "--format", "json").stdout)
    policies = {p["policy"]: p for p in as_json["policies"]}
    check(set(policies) == {"status-quo", "eu-visa-leverage"}, f"policies {set(policies)}")
    gain = policies["eu-visa-leverage"]["gain"]
    check(gain["ci95_low"] <= gain["mean"] <= gain["ci95_high"], f"the mean lies in its CI: {gain}")
    check(gain["worlds"] == 4 and gain["pairs"] == 12, f"4 worlds x 3 replications paired: {gain}")
    check(len(policies["eu-visa-leverage"]["gain_by_month"]) == len(as_json["month_labels"]), "a gain for every month")
    table = list(csv.DictReader(io.StringIO(run("summary", out, "--format", "csv").stdout)))
    check(len(table) == 2 and {row["policy"] for row in table} == set(policies), f"csv rows: {table}")
    row = next(r_ for r_ in table if r_["policy"] == "eu-visa-leverage")
    check(abs(float(row["gain_pp"]) - gain["mean"]) < 1e-4, "csv and json give the same gain")
    by_origin = list(csv.DictReader(io.StringIO(run("summary", out, "--by", "origin", "--format", "csv").stdout)))
    check({r_["origin"] for r_ in by_origin} == {"GM", "MA", "AL"}, f"per-origin csv: {by_origin}")
    check(all(r_["in_reach"] == "1" for r_ in by_origin), "the Art. 25a cycle reaches every origin")
    by_state = json.loads(run("summary", out, "--by", "member_state", "--format", "json").stdout)
    check({e["entity"] for e in by_state["by_entity"]} == {"NL", "DE"}, "per-state json")
    r = run("summary", out, "--by", "country")
    check(r.returncode == 2, f"--by with a bad value: exit {r.returncode}")
    r = run("summary", out, "--format", "xml")
    check(r.returncode == 2, f"--format with a bad value: exit {r.returncode}")

    # --- the report -------------------------------------------------------------------------
    page = os.path.join(tmp, "report.html")
    r = run("report", out, "-o", page)
    check(r.returncode == 0 and os.path.exists(page), f"report: {r.returncode} {r.stderr}")
    document = open(page, encoding="utf-8").read()
    check("http://" not in document.replace("http://www.w3.org", "") and "https://" not in document,
          "the page is self-contained (no network address)")
    check(document.count("data:image/png;base64,") >= 4, "charts embedded")
    r = run("report", os.path.join(tmp, "missing.h5"), "-o", page + "2")
    check(r.returncode == 2 and not os.path.exists(page + "2"), f"report of a missing file: {r.returncode}")

    # --- in a real browser ------------------------------------------------------------------
    if CHROMIUM is None:
        check(False, "chromium is not installed (tools/setup.sh --browser installs it)")
    else:
        flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 f"--user-data-dir={os.path.join(tmp, 'profile')}", "--enable-logging=stderr", "--v=0",
                 "--virtual-time-budget=10000"]
        url = "file://" + page
        dom = subprocess.run([CHROMIUM, *flags, "--dump-dom", url], capture_output=True, text=True, timeout=180)
        check(dom.returncode == 0, f"chromium --dump-dom: {dom.returncode} {dom.stderr[-1000:]}")
        console = [line for line in dom.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
        check(not console, f"console messages: {console}")
        check('data-images-decoded="yes"' in dom.stdout, "every image decodes in the browser")
        origins_table = dom.stdout.split("id=\"origins\"", 1)[-1].split("</table>", 1)[0]
        for origin in ("GM", "MA", "AL"):
            check(f">{origin}<" in origins_table, f"the per-origin table holds {origin}")
        shot = os.path.join(tmp, "page.png")
        r = subprocess.run([CHROMIUM, *flags, "--window-size=1280,2400", f"--screenshot={shot}", url],
                           capture_output=True, text=True, timeout=180)
        check(r.returncode == 0 and os.path.exists(shot), f"screenshot: {r.stderr[-500:]}")
        if os.path.exists(shot):
            import matplotlib.image
            pixels = matplotlib.image.imread(shot)
            print(f"screenshot {pixels.shape}, pixel spread {pixels.std():.3f}")
            check(pixels.std() > 0.05, "the screenshot is not blank")
            dark = (pixels[..., :3].mean(axis=2) < 0.5).mean()
            check(dark > 0.01, f"the screenshot shows text and charts ({100 * dark:.1f}% dark pixels)")

print(f"{0 if failures else 1} passed, {1 if failures else 0} failed")
sys.exit(1 if failures else 0)
