#!/usr/bin/python3
"""End-to-end tests of `returnsim calibrate` (SPEC §9) on tests/data/calibration-world.yaml.

Default (label e2e): bad calibration files are refused with a located message, exit 2 and nothing
written; a calibration killed with kill -9 and resumed gives the file an uninterrupted one gives;
the posterior file opens in xarray and `summary` prints it; a sweep draws its worlds from it
(design: posterior), deterministically.

--recovery (label validation): simulation-based calibration in miniature. Synthetic targets are
made by running the model at known parameter values (their statistics computed here, in Python,
from the output file: an implementation independent of the C++ one); the calibration must find
each true value inside its 90% credible interval, with the interval at most half as wide as the
prior. Then a target the model cannot reach must give a clear report, not a silent posterior.

Usage: test_calibration.py PATH/TO/returnsim [--recovery]"""
import os
import signal
import subprocess
import sys
import tempfile
import time

import h5py
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import BINARY, check, failures, run  # noqa: E402

RECOVERY = "--recovery" in sys.argv
WORLD = os.path.abspath("tests/data/calibration-world.yaml")


def window_statistics(path, first, last):
    """The figures the targets use, from an output file, pooled over its runs."""
    with h5py.File(path, "r") as f:
        origins = [o.decode() if isinstance(o, bytes) else o for o in f["origin"][:]]
        w = slice(first, last + 1)
        series = {name: f[name][:, w].astype(float) for name in
                  ("returns_voluntary", "returns_forced", "orders_to_leave", "absconded", "identified")}
    runs = series["orders_to_leave"].shape[0]
    gm, ma = origins.index("GM"), origins.index("MA")
    returns = series["returns_voluntary"] + series["returns_forced"]
    return {
        "absconded_share": series["absconded"].sum() / (series["absconded"].sum() + returns.sum()),
        "ma_return_rate": returns[:, :, ma].sum() / series["orders_to_leave"][:, :, ma].sum(),
        "gm_forced_returns": series["returns_forced"][:, :, gm].sum() / runs,
        "gm_identified": series["identified"][:, :, gm].sum() / runs,
    }


def calibration_yaml(observed, method, extra_targets=""):
    return f"""calibration: {{name: recovery, base: {WORLD}, seed: 5}}
parameters:
  - {{path: behaviour.abscond_rate, prior: uniform, range: [0.01, 0.09]}}
  - {{path: cooperation.lever_effect, prior: uniform, range: [0.0, 3.0]}}
targets:
  - {{name: absconded-share, kpi: absconded_share, months: [12, 23], observed: {observed['absconded_share']}, sd: 0.01, source: synthetic}}
  - {{name: ma-return-rate, kpi: return_rate, origin: MA, months: [12, 23], observed: {observed['ma_return_rate']}, sd: 0.01, source: synthetic}}
  - {{name: gm-forced, kpi: forced_returns, origin: GM, months: [12, 23], observed: {observed['gm_forced_returns']}, sd: 20, source: synthetic}}
  - {{name: gm-identified, kpi: identified, origin: GM, months: [12, 23], observed: {observed['gm_identified']}, sd: 6, source: synthetic}}
{extra_targets}held_out:
  - {{name: gm-first-year, kpi: forced_returns, origin: GM, months: [0, 11], observed: 400, sd: 40, source: synthetic}}
method: {method}
"""


def posterior(path):
    with h5py.File(path, "r") as f:
        names = [p.decode() if isinstance(p, bytes) else p for p in f["parameter"][:]]
        return (names, f["posterior"][:], f["weight"][:], f["prior_low"][:], f["prior_high"][:],
                f["tolerance"][:], f["acceptance_rate"][:])


def weighted_quantile(values, weights, q):
    order = np.argsort(values, kind="stable")
    cumulative = np.cumsum(weights[order]) / weights.sum()
    return values[order][np.searchsorted(cumulative, q - 1e-12)]


with tempfile.TemporaryDirectory() as tmp:
    def path(name):
        return os.path.join(tmp, name)

    def write(name, text):
        with open(path(name), "w") as f:
            f.write(text)
        return path(name)

    if RECOVERY:
        truth = {"behaviour.abscond_rate": 0.04, "cooperation.lever_effect": 1.5}
        r = run("run", WORLD, "-o", path("truth.h5"), "--quiet", "--replications", "20", "--seed", "99",
                *[a for k, v in truth.items() for a in ("--set", f"{k}={v}")])
        check(r.returncode == 0, f"truth run: {r.stderr}")
        observed = window_statistics(path("truth.h5"), 12, 23)
        print("synthetic targets:", {k: round(v, 4) for k, v in observed.items()})
        method = "{particles: 200, alpha: 0.5, min_acceptance: 0.12, generations: 12, max_simulations: 5000, replications: 4}"
        started = time.monotonic()
        r = run("calibrate", write("recovery.yaml", calibration_yaml(observed, method)), "-o", path("recovery.h5"))
        print(f"calibration: exit {r.returncode} in {time.monotonic() - started:.0f} s")
        print(r.stdout)
        check(r.returncode == 0, f"calibrate: {r.stderr}")
        names, particles, weights, low, high, tolerance, acceptance = posterior(path("recovery.h5"))
        for j, name in enumerate(names):
            q05 = weighted_quantile(particles[:, j], weights, 0.05)
            q95 = weighted_quantile(particles[:, j], weights, 0.95)
            share = (q95 - q05) / (high[j] - low[j])
            print(f"{name}: truth {truth[name]}, 90% interval [{q05:.4g}, {q95:.4g}], {100 * share:.0f}% of the prior")
            check(q05 <= truth[name] <= q95, f"{name}: truth {truth[name]} outside [{q05}, {q95}]")
            check(share <= 0.5, f"{name}: interval {100 * share:.0f}% of the prior's width (at most 50%)")
        check(tolerance[-1] < 2.0, f"the fit reaches the targets (tolerance {tolerance[-1]:.2f} sd)")
        check("WARNING" not in r.stdout, "no warning for a reachable fit")

        # A target the model cannot reach: an EU return rate of 99% (the world gives 55-75%).
        unreachable = calibration_yaml(observed, "{particles: 100, alpha: 0.5, min_acceptance: 0.1, generations: 6}",
                                       "  - {name: impossible, kpi: return_rate, months: [12, 23], observed: 0.99, "
                                       "sd: 0.01, source: none}\n")
        r = run("calibrate", write("unreachable.yaml", unreachable), "-o", path("unreachable.h5"))
        print(r.stdout)
        check(r.returncode == 0, f"unreachable: exit {r.returncode} {r.stderr}")
        check("WARNING: the model does not reach the targets" in r.stdout, "unreachable target: no warning")
        check("impossible" in r.stdout.split("WARNING")[-1], "the warning names the unreachable target")
        check("acceptance rate" in r.stdout.split("WARNING")[-1], "the warning gives the acceptance rate")
        summary = run("summary", path("unreachable.h5"))
        check("WARNING" in summary.stdout, "summary repeats the warning")
    else:
        observed = {"absconded_share": 0.3, "ma_return_rate": 0.7, "gm_forced_returns": 500, "gm_identified": 85}
        small = "{particles: 40, alpha: 0.5, min_acceptance: 0.05, generations: 4, replications: 2}"
        good = write("good.yaml", calibration_yaml(observed, small))
        r = run("check", good)
        check(r.returncode == 0 and "calibration recovery: 2 parameters, 4 targets, 1 held-out" in r.stdout, f"check: {r.stdout} {r.stderr}")

        # --- bad files: located problems, exit 2, nothing written ---------------------------
        text = calibration_yaml(observed, small)
        bad = {
            "unknown kpi": (text.replace("kpi: identified", "kpi: identifed"), "unknown statistic 'identifed'", ":9:"),
            "unknown origin": (text.replace("origin: MA", "origin: XX"), "'XX' is not an origin country", ":7:"),
            "months beyond": (text.replace("months: [12, 23], observed: 0.3", "months: [12, 40], observed: 0.3"),
                              "beyond the base's 24 reported months", ":6:"),
            "reversed range": (text.replace("range: [0.0, 3.0]", "range: [3.0, 0.0]"), "low below high", ":4:"),
            "bad path": (text.replace("cooperation.lever_effect", "cooperation.lever_efect"), "lever_efect", ":4:"),
            "sd zero": (text.replace("sd: 20,", "sd: 0,"), "above 0", ":8:"),
            "no source": (text.replace(", source: synthetic}\n  - {name: gm-identified", "}\n  - {name: gm-identified"),
                          "missing required key 'source'", ":8:"),
            "normal without sd": (text.replace("prior: uniform, range: [0.01", "prior: normal, mean: 0.04, range: [0.01"),
                                  "a normal prior needs", ":3:"),
            "simulation path": (text.replace("behaviour.abscond_rate", "simulation.months"), "cannot be calibrated", ":3:"),
            "alpha keeps one": (text.replace("particles: 40, alpha: 0.5", "particles: 10, alpha: 0.05"), "keep at least 2", ":"),
            "missing base": (text.replace(WORLD, WORLD + ".missing"), "cannot load the base scenario", ":1:"),
            "duplicate name": (text.replace("name: gm-first-year", "name: gm-forced"), "duplicate target name", ":11:"),
        }
        for name, (content, expected, line) in bad.items():
            file = write(f"bad-{name.replace(' ', '-')}.yaml", content)
            out = path(f"bad-{name.replace(' ', '-')}.h5")
            for command in (["check", file], ["calibrate", file, "-o", out, "--quiet"]):
                r = run(*command)
                check(r.returncode == 2, f"{name}/{command[0]}: exit {r.returncode} (expected 2): {r.stderr}")
                check(expected in r.stderr, f"{name}/{command[0]}: message lacks {expected!r}: {r.stderr}")
                check(os.path.basename(file) + line in r.stderr, f"{name}/{command[0]}: no file:line {line}: {r.stderr}")
            check(not any(n.startswith(os.path.basename(out)) for n in os.listdir(tmp)), f"{name}: something written")

        # --- an uninterrupted calibration, then one killed with kill -9 and resumed ---------
        # Under the sanitizers (ten times slower) a smaller calibration still outlasts the kills.
        sanitized = b"libasan" in subprocess.run(["ldd", BINARY], capture_output=True).stdout
        medium = ("{particles: 30, alpha: 0.5, min_acceptance: 0.02, generations: 3, replications: 2}" if sanitized else
                  "{particles: 60, alpha: 0.5, min_acceptance: 0.02, generations: 6, replications: 2}")
        file = write("resume.yaml", calibration_yaml(observed, medium))
        started = time.monotonic()
        r = run("calibrate", file, "-o", path("reference.h5"), "--quiet", "--threads", "2")
        duration = time.monotonic() - started
        check(r.returncode == 0, f"reference calibration: {r.stderr}")
        # Kills at a quarter and at half of the uninterrupted calibration's time: within it however
        # fast the build and the machine are, and with room for a run slowed by a busy machine.
        for delay in (round(duration / 4, 2), round(duration / 2, 2)):
            out = path(f"killed-{delay}.h5")
            p = subprocess.Popen([BINARY, "calibrate", file, "-o", out, "--quiet", "--threads", "2"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            time.sleep(delay)
            p.send_signal(signal.SIGKILL)
            p.wait()
            check(os.path.exists(out + ".journal") and not os.path.exists(out), f"kill at {delay} s leaves the journal only")
            r = run("calibrate", file, "-o", out, "--quiet")
            check(r.returncode == 2 and "add --resume" in r.stderr, f"a leftover journal needs --resume: {r.stderr}")
            r = run("calibrate", file, "-o", out, "--quiet", "--resume", "--threads", "1")
            check(r.returncode == 0, f"resume after kill at {delay} s: {r.stderr}")
            same = subprocess.run([sys.executable, "tools/same_output.py", out, path("reference.h5")],
                                  capture_output=True, text=True)
            check(same.returncode == 0, f"resumed after kill at {delay} s differs: {same.stdout}")
            check(not os.path.exists(out + ".journal"), "journal removed at the end")
        r = run("calibrate", file, "-o", path("reference.h5"), "--quiet", "--resume")
        check(r.returncode == 0, f"--resume on a finished calibration is a no-op: {r.stderr}")
        r = run("calibrate", file, "-o", path("reference.h5"), "--quiet")
        check(r.returncode == 2 and "--force" in r.stderr, "an existing output is not replaced without --force")
        # SIGTERM: the finished runs are kept, and the message says how to go on.
        out = path("terminated.h5")
        p = subprocess.Popen([BINARY, "calibrate", file, "-o", out, "--quiet"], stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True)
        time.sleep(duration / 3)  # within the calibration, however fast
        p.send_signal(signal.SIGTERM)
        _, err = p.communicate(timeout=60)
        check(p.returncode == 1 and "resume with --resume" in err, f"SIGTERM: exit {p.returncode} {err!r}")

        # --- the file: xarray, summary -----------------------------------------------------
        import xarray as xr
        ds = xr.open_dataset(path("reference.h5"), engine="h5netcdf")
        check(ds.posterior.dims == ("particle", "parameter"), f"posterior dims {ds.posterior.dims}")
        check(list(ds.parameter.values) == ["behaviour.abscond_rate", "cooperation.lever_effect"], "parameter coordinate")
        check(float(ds.posterior.sel(parameter="behaviour.abscond_rate").min()) >= 0.01, "posterior inside the prior")
        check(ds.tolerance.size == ds.acceptance_rate.size and ds.tolerance.size >= 2, "generations recorded")
        check(bool((np.diff(ds.tolerance.values) <= 1e-12).all()), "the tolerance never grows")
        check(set(ds.target.values) == {"absconded-share", "ma-return-rate", "gm-forced", "gm-identified"}, "targets")
        check(float(ds.target_predictive_p05.sel(target="gm-forced")) <= float(ds.target_predictive_p95.sel(target="gm-forced")),
              "predictive interval ordered")
        check(ds.attrs.get("file_kind") == "returnsim calibration", "file kind attribute")
        summary = run("summary", path("reference.h5"))
        check(summary.returncode == 0 and "posterior" in summary.stdout and "cooperation.lever_effect" in summary.stdout
              and "held-out checks" in summary.stdout and "gm-first-year" in summary.stdout, f"summary: {summary.stdout}")

        # --- posterior worlds in a sweep ---------------------------------------------------
        sweep = f"""sweep: {{name: posterior-sweep, base: {WORLD}, seed: 4, replications: 1}}
policies:
  - {{name: status-quo}}
  - {{name: no-sanction, set: {{policies.incentives.GM:visa.intensity: 0}}}}
uncertainties: {{design: posterior, file: {path('reference.h5')}, samples: 6}}
"""
        sweep_file = write("sweep.yaml", sweep)
        r = run("sweep", sweep_file, "-o", path("sweep.h5"), "--quiet")
        check(r.returncode == 0, f"posterior sweep: {r.stderr}")
        r2 = run("sweep", sweep_file, "-o", path("sweep-again.h5"), "--quiet", "--threads", "1")
        same = subprocess.run([sys.executable, "tools/same_output.py", path("sweep.h5"), path("sweep-again.h5")],
                              capture_output=True, text=True)
        check(r2.returncode == 0 and same.returncode == 0, f"posterior sweep deterministic: {same.stdout}")
        with h5py.File(path("sweep.h5"), "r") as f, h5py.File(path("reference.h5"), "r") as c:
            factors = np.stack([f["factor_behaviour_abscond_rate"][:], f["factor_cooperation_lever_effect"][:]], axis=1)
            particles = c["posterior"][:]
            check(all(any(np.allclose(row, p) for p in particles) for row in factors),
                  "every world is a posterior particle")
            check(f.attrs.get("design") in ("posterior", b"posterior"), "design attribute")
        bad_sweep = sweep.replace(path("reference.h5"), path("missing.h5"))
        r = run("check", write("bad-sweep.yaml", bad_sweep))
        check(r.returncode == 2 and "bad-sweep.yaml:5:" in r.stderr and "problem found" in r.stderr and "missing.h5" in r.stderr,
              f"sweep with a missing posterior file: {r.stderr}")

print(f"{0 if failures else 1} passed, {1 if failures else 0} failed")
sys.exit(1 if failures else 0)
