#!/usr/bin/python3
"""End-to-end: the real returnsim binary on tests/data/*.yaml; the files read back with h5py,
xarray (h5netcdf and netcdf4 engines) and h5dump; bad input rejected with exit code 2, a
file:line message and no output file. Usage: test_cli.py PATH/TO/returnsim"""
import glob
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time

import h5py
import numpy as np
import xarray as xr

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import BINARY, check, failures, run  # noqa: E402



SERIES = ["orders_to_leave", "returns_voluntary", "returns_forced", "absconded", "subsequent_applications",
          "identification_requests", "identified", "identification_refused", "identification_withdrawn",
          "travel_documents_issued", "stock_order_to_leave", "in_detention", "cooperation"]
EVENT_COLUMNS = ["run", "policy", "month", "origin", "member_state", "event", "assessment_class", "assessment_score",
                 "visa_measure_level", "bilateral_agreement", "eu_agreement", "tcn_clause", "incentive_kind", "intensity"]
# What each good scenario in tests/data is: its origins, member states and replications.
EXPECTED = {
    "small.yaml": (["GM", "MA", "AL", "SY"], ["NL", "BE", "DE"], 3),
    "extends-child.yaml": (["GM", "MA", "AL", "SY"], ["NL", "BE", "DE"], 3),
    "leverage.yaml": (["GM", "MA", "AL"], ["NL", "DE"], 4),
    "calibration-world.yaml": (["GM", "MA", "AL", "SY"], ["NL", "BE", "DE"], 2),
}
PER_ORIGIN = ["cooperation_index", "visa_measure_level", "assessment_class"]
PER_STATE = ["cost_eur", "recorded_orders_to_leave", "recorded_returns"]
PER_MONTH = ["instrument_cost_eur"]
KPIS = ["return_rate", "voluntary_share", "forced_returns", "voluntary_returns", "absconded_share",
        "mean_months_to_return", "cost_per_return_eur", "recorded_return_rate"]

with tempfile.TemporaryDirectory() as tmp:
    # --- every good scenario runs and gives a readable, complete file -------------------------
    for scenario in sorted(glob.glob("tests/data/*.yaml")):
        if os.path.basename(scenario).startswith(("bad-", "sweep-")):
            continue
        check(os.path.basename(scenario) in EXPECTED, f"{scenario}: add it to EXPECTED")
        origins, states, replications = EXPECTED.get(os.path.basename(scenario), ([], [], 0))
        out = os.path.join(tmp, os.path.basename(scenario) + ".h5")
        r = run("run", scenario, "-o", out, "--quiet")
        check(r.returncode == 0, f"run {scenario}: exit {r.returncode}: {r.stderr}")
        check(os.path.exists(out), f"run {scenario}: no output")
        check(r.stderr == "", f"--quiet printed to stderr: {r.stderr!r}")
        with h5py.File(out, "r") as f:
            check("routes:" in f["provenance/scenario_yaml"][()].decode(), "provenance/scenario_yaml")
            check("scenario_yaml" not in f.attrs and "scenario_yaml" not in f, "the YAML is stored once")
            for a in ["returnsim_version", "source_revision", "creation_time", "command_line", "hdf5_version"]:
                check(a in f.attrs, f"root attribute {a}")
            for name in SERIES + PER_ORIGIN + PER_STATE + PER_MONTH + KPIS + ["policy", "seed", "completed"]:
                check(name in f, f"{name} missing")
                if name in f:
                    check("description" in f[name].attrs, f"{name} has no description")
            check(f["returns_forced"].chunks is not None and f["returns_forced"].compression == "gzip",
                  "series chunked and compressed")
            check(list(f["completed"][:]) == [1] * replications, "all runs completed")
            check(len(set(f["seed"][:])) == replications, "distinct run seeds")
            check("policy_events" in f and all(c in f["policy_events"] for c in EVENT_COLUMNS),
                  "policy_events table")
        for engine in ["h5netcdf", "netcdf4"]:
            ds = xr.open_dataset(out, engine=engine)
            check(ds["returns_forced"].dims == ("run", "month", "origin", "member_state"), f"{engine}: dims")
            check(list(ds["origin"].values) == origins, f"{engine}: origin labels")
            check(list(ds["member_state"].values) == states, f"{engine}: member_state labels")
            check(ds["cost_eur"].dims == ("run", "month", "member_state"), f"{engine}: cost dims")
            check(ds["return_rate"].dims == ("run",), f"{engine}: KPI dims")
            check(str(ds["month_label"].values[0]) == "2025-01", f"{engine}: month labels")
            # Zero stays zero (no fill value masking): Syria has no forced returns.
            if "SY" in origins:
                syria = ds["returns_forced"].sel(origin="SY")
                check(int(syria.sum()) == 0 and not bool(syria.isnull().any()), f"{engine}: SY forced returns")
            check(int(ds["returns_forced"].sum()) > 0, f"{engine}: some forced returns")
            rr = ds["return_rate"].values
            total = (ds["returns_forced"].sum(["month", "origin", "member_state"]) +
                     ds["returns_voluntary"].sum(["month", "origin", "member_state"])) / \
                ds["orders_to_leave"].sum(["month", "origin", "member_state"])
            check(np.allclose(rr, total.values), f"{engine}: return_rate KPI matches the series")
            ds.close()
            events = xr.open_dataset(out, engine=engine, group="policy_events")
            check(list(events.dims) == ["row"] and all(c in events for c in EVENT_COLUMNS),
                  f"{engine}: policy_events dims {dict(events.dims)}")
            events.close()
        dump = subprocess.run(["h5dump", "-H", out], capture_output=True, text=True)
        check(dump.returncode == 0 and "DIMENSION_LIST" in dump.stdout, "h5dump reads the file")

        s = run("summary", out)
        check(s.returncode == 0 and "return_rate" in s.stdout and
              f"{replications} of {replications} runs completed" in s.stdout,
              f"summary: {s.stdout} {s.stderr}")

    # --- same seed, same file contents; another seed differs ---------------------------------
    a, b, c = (os.path.join(tmp, n) for n in ["a.h5", "b.h5", "c.h5"])
    run("run", "tests/data/small.yaml", "-o", a, "--quiet", "--threads", "1")
    run("run", "tests/data/small.yaml", "-o", b, "--quiet", "--threads", "2")
    run("run", "tests/data/small.yaml", "-o", c, "--quiet", "--seed", "2")
    with h5py.File(a) as fa, h5py.File(b) as fb, h5py.File(c) as fc:
        for name in SERIES + KPIS:
            check(np.array_equal(fa[name][...], fb[name][...], equal_nan=True), f"threads 1 vs 2 differ in {name}")
        check(not np.array_equal(fa["returns_voluntary"][...], fc["returns_voluntary"][...]), "seed has no effect")
    # overrides land in the recorded YAML
    r = run("run", "tests/data/small.yaml", "-o", os.path.join(tmp, "m.h5"), "--quiet", "--months", "5",
            "--replications", "2")
    with h5py.File(os.path.join(tmp, "m.h5")) as f:
        check(f["returns_forced"].shape[:2] == (2, 5), "--months/--replications")
        check("months: 5" in f["provenance/scenario_yaml"][()].decode(), "override in the effective YAML")

    # --- Art. 25a visa leverage on a Gambia-like origin, against the same world without it ----
    on, off = os.path.join(tmp, "leverage-on.h5"), os.path.join(tmp, "leverage-off.h5")
    without = os.path.join(os.getcwd(), "tests/data/leverage-off.tmp.yaml")
    try:
        with open(without, "w") as f:
            f.write("extends: leverage.yaml\npolicies: {visa_leverage: {enabled: false}}\n")
        check(run("run", "tests/data/leverage.yaml", "-o", on, "--quiet").returncode == 0, "leverage run")
        check(run("run", without, "-o", off, "--quiet").returncode == 0, "no-leverage run")
    finally:
        os.remove(without)
    ev = xr.open_dataset(on, engine="h5netcdf", group="policy_events").to_dataframe()
    ds_on, ds_off = xr.open_dataset(on, engine="h5netcdf"), xr.open_dataset(off, engine="h5netcdf")
    gm = ev[ev.origin == "GM"]
    for run_index in range(4):
        mine = gm[gm.run == run_index]
        first = mine[mine.month == 11]
        check(list(first.event) == ["assessed", "proposed"] and first.assessment_class.iloc[0] == 0 and
              first.visa_measure_level.iloc[1] == 1 and set(first.policy) == {"baseline"},
              f"run {run_index}: GM assessed insufficient and proposed at month 11: {first}")
        adopted = mine[mine.event == "adopted"]
        check(len(adopted) >= 1 and adopted.month.iloc[0] == 14 and adopted.visa_measure_level.iloc[0] == 1,
              f"run {run_index}: adopted after the 3-month lag: {adopted}")
        level = ds_on["visa_measure_level"].sel(origin="GM").isel(run=run_index).values
        check(list(level[:14]) == [0] * 14 and level[14] == 1, f"run {run_index}: level in force from 14: {level}")
    check(not ((ev.origin == "AL") & (ev.event == "assessed")).any(), "visa-free AL never assessed")
    check(int((ds_on["assessment_class"].sel(origin="AL") != -1).sum()) == 0, "AL class stays -1")
    check(not ((ev.origin == "MA") & (ev.event == "proposed") & (ev.visa_measure_level > 0)).any(), "MA (average/good) no sanction")
    off_events = xr.open_dataset(off, engine="h5netcdf", group="policy_events")
    check(off_events.sizes["row"] == 0, "no events without leverage")
    window = slice(14, 30)
    coop_on = float(ds_on["cooperation_index"].sel(origin="GM").isel(month=window).mean())
    coop_off = float(ds_off["cooperation_index"].sel(origin="GM").isel(month=window).mean())
    forced_on = float(ds_on["returns_forced"].sel(origin="GM").sum())
    forced_off = float(ds_off["returns_forced"].sel(origin="GM").sum())
    print(f"leverage: GM cooperation months 14-29 {coop_on:.3f} vs {coop_off:.3f}; "
          f"GM forced returns {forced_on:.0f} vs {forced_off:.0f}")
    check(coop_on > coop_off + 0.02, f"leverage raises GM cooperation: {coop_on} vs {coop_off}")
    check(forced_on > forced_off * 1.1, f"leverage raises GM forced returns: {forced_on} vs {forced_off}")
    # The events table is the same at any thread count.
    two = os.path.join(tmp, "leverage-2.h5")
    run("run", "tests/data/leverage.yaml", "-o", two, "--quiet", "--threads", "2")
    with h5py.File(on) as f1, h5py.File(two) as f2:
        for c in EVENT_COLUMNS:
            a1, a2 = f1["policy_events"][c][...], f2["policy_events"][c][...]
            check(np.array_equal(a1, a2, equal_nan=a1.dtype.kind == "f"),
                  f"policy_events/{c} differs between thread counts")

    # --- a sweep: 2 policies x 4 LHS worlds x 3 replications, the same file at 1 and 2 threads --
    s1, s2 = os.path.join(tmp, "sweep-1.h5"), os.path.join(tmp, "sweep-2.h5")
    r = run("check", "tests/data/sweep-leverage.yaml")
    check(r.returncode == 0 and "2 policies x 4 worlds x 3 replications = 24 runs" in r.stdout, f"check sweep: {r.stdout}")
    for out, threads in [(s1, "1"), (s2, "2")]:
        r = run("sweep", "tests/data/sweep-leverage.yaml", "-o", out, "--quiet", "--threads", threads)
        check(r.returncode == 0, f"sweep --threads {threads}: {r.stderr}")

    def all_datasets(f):
        names = []
        f.visititems(lambda name, obj: names.append(name) if isinstance(obj, h5py.Dataset) else None)
        return names
    with h5py.File(s1) as f1, h5py.File(s2) as f2:
        names = all_datasets(f1)
        check(names == all_datasets(f2) and len(names) > 40, "same datasets")
        for name in names:
            a1, a2 = f1[name][...], f2[name][...]
            check(np.array_equal(a1, a2, equal_nan=a1.dtype.kind == "f"), f"sweep: {name} differs between threads")
        for text in ["scenario_yaml", "sweep_yaml"]:
            check(f1["provenance"][text][()] == f2["provenance"][text][()], f"sweep: provenance/{text} differs")
        check(list(f1["completed"][:]) == [1] * 24, "sweep: all 24 runs completed")
        seeds = f1["seed"][:]
        check(list(seeds[:12]) == list(seeds[12:]) and len(set(seeds)) == 12, "sweep: common random numbers")
        lhs = f1["factor_origin_countries_all_visa_sensitivity"][:12:3]
        check(sorted(int((v - 0.5) / 0.45 * 4) for v in lhs) == [0, 1, 2, 3], f"sweep: LHS strata {lhs}")
        check(f1["factor_behaviour_abscond_rate"].attrs["path"] == "behaviour.abscond_rate", "factor path attribute")
    ds = xr.open_dataset(s1, engine="netcdf4")
    check(ds["factor_behaviour_abscond_rate"].dims == ("run",), "factor column on the run dimension")
    ds.close()
    r = run("summary", s1)
    check(r.returncode == 0 and "paired difference eu-visa-leverage - status-quo" in r.stdout,
          f"sweep summary: {r.stdout}")
    bad_sweep = os.path.join(os.getcwd(), "tests/data/bad-sweep.tmp.yaml")
    try:
        with open(bad_sweep, "w") as f:
            f.write(open("tests/data/sweep-leverage.yaml").read().replace("range: [0.5, 0.95]", "range: [0.95, 0.5]"))
        out = os.path.join(tmp, "bad-sweep.h5")
        r = run("sweep", bad_sweep, "-o", out, "--quiet")
        check(r.returncode == 2 and "bad-sweep.tmp.yaml:11:" in r.stderr and "must be below high" in r.stderr,
              f"bad sweep: {r.returncode} {r.stderr}")
        check(not os.path.exists(out), "bad sweep: nothing written")
    finally:
        os.remove(bad_sweep)
    r = run("run", "tests/data/sweep-leverage.yaml", "-o", os.path.join(tmp, "x.h5"), "--quiet")
    check(r.returncode == 2 and "returnsim sweep" in r.stderr, "run refuses a sweep file")

    # --- existing output, unwritable path -----------------------------------------------------
    r = run("run", "tests/data/small.yaml", "-o", a, "--quiet")
    check(r.returncode == 2 and "--force" in r.stderr, f"overwrite without --force: {r.returncode} {r.stderr}")
    r = run("run", "tests/data/small.yaml", "-o", a, "--quiet", "--force")
    check(r.returncode == 0, "--force overwrites")
    r = run("run", "tests/data/small.yaml", "-o", "/nonexistent-dir/x.h5", "--quiet")
    check(r.returncode == 1 and "cannot write" in r.stderr, f"unwritable path: {r.returncode} {r.stderr}")
    r = run("summary", os.path.join(tmp, "nope.h5"))
    check(r.returncode == 2 and "nope.h5" in r.stderr, f"summary of a missing file is bad input: {r.returncode} {r.stderr}")

    # --- bad input: exit 2, file:line:col, key path, no output file --------------------------
    good = open("tests/data/small.yaml").read()
    bad_cases = {
        "syntax": (good.replace("routes:", "routes: [", 1), "YAML syntax error"),
        "typo": (good.replace("removal_capacity: 150", "removal_capacty: 150"), "did you mean 'removal_capacity'"),
        "type": (good.replace("months: 12", "months: many"), "simulation.months"),
        "range": (good.replace("recognition_rate: 0.15", "recognition_rate: 1.7", 1), "1.7 is outside [0, 1]"),
        "dangling": (good.replace("{origin: AL, member_state: NL", "{origin: XX, member_state: NL"), "routes[5].origin"),
        "duplicate": (good.replace("id: BE, name: Belgium", "id: NL, name: Belgium"), "duplicate id 'NL'"),
        "empty": ("", "empty"),
        "cycle": ("extends: bad-cycle.yaml\nscenario: {name: x}\n", "cycle"),
        "policy-typo": (good + "policies: {visa_leverage: {enabld: true}}\n",
                        "policies.visa_leverage: unknown key 'enabld'; did you mean 'enabled'"),
        "policy-actor": (good + "policies:\n  incentives: [{origin: GM, kind: development_aid, intensity: 0.5, by: FR}]\n",
                         "policies.incentives[0].by: 'FR' is not EU, a member state id or a coalition name"),
        "coalition": (good + "policies:\n  coalitions: [{name: Benelux, members: [NL, BE, LU]}]\n",
                      "'LU' is not the id of a member state"),
        "thresholds": (good + "policies: {visa_leverage: {thresholds: {good: 0.2, insufficient: 0.4}}}\n",
                       "insufficient (0.4) must not exceed good (0.2)"),
        "burn-in": (good.replace("months: 12,", "months: 12, burn_in_months: 700,"),
                    "simulation.burn_in_months: 700 is outside [0, 600]"),
        "failure": (good + "behaviour: {removal_failure_at_liberty: 1.2}\n",
                    "behaviour.removal_failure_at_liberty: 1.2 is outside [0, 1]"),
        "schedule": (good + "schedules:\n  - {name: x, quantity: removal_capacity, from: \"2025-13\", factor: 0.5}\n",
                     "schedules[0].from: '2025-13' is not a month YYYY-MM"),
    }
    for name, (text, expected) in bad_cases.items():
        path = os.path.join(tmp, f"bad-{name}.yaml")
        with open(path, "w") as f:
            f.write(text)
        out = os.path.join(tmp, f"bad-{name}.h5")
        for command in (["check", path], ["run", path, "-o", out, "--quiet"]):
            r = run(*command)
            check(r.returncode == 2, f"{name}/{command[0]}: exit {r.returncode}")
            check(expected in r.stderr, f"{name}/{command[0]}: message lacks {expected!r}: {r.stderr}")
            check(path in r.stderr, f"{name}/{command[0]}: message lacks the file name")
        check(not os.path.exists(out) and not glob.glob(out + ".tmp*"), f"{name}: output written")
    # --- exit paths: signals, write failures, output paths that are not files, two writers ----
    def started(*args, **kwargs):
        return subprocess.Popen([BINARY, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)

    for signal_number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        out = os.path.join(tmp, f"signal-{signal_number}.h5")
        # 16 replications: about 4 s on 2 cores, stopped after 1.5 s.
        p = started("run", "scenarios/eu-baseline.yaml", "-o", out, "--quiet", "--replications", "16")
        time.sleep(1.5)
        p.send_signal(signal_number)
        _, err = p.communicate(timeout=60)
        check(p.returncode == 1, f"run stopped by signal {signal_number}: exit {p.returncode}")
        check("interrupted; nothing was written" in err, f"signal {signal_number} message: {err!r}")
        check(not glob.glob(out + "*"), f"signal {signal_number} left {glob.glob(out + '*')}")
    # A sweep long enough (640 runs, about 4.5 s on 2 cores; under the sanitizers 128 are longer) to
    # be stopped half-way.
    SANITIZED = b"libasan" in subprocess.run(["ldd", BINARY], capture_output=True).stdout
    long_sweep = os.path.join(tmp, "sweep-long.yaml")
    with open("tests/data/sweep-leverage.yaml") as f:
        text = f.read()
    text = text.replace("base: leverage.yaml", f"base: {os.path.abspath('tests/data/leverage.yaml')}")
    text = text.replace("replications: 3", "replications: 4").replace("samples: 4", "samples: 16" if SANITIZED else "samples: 80")
    with open(long_sweep, "w") as f:
        f.write(text)
    out = os.path.join(tmp, "signal-sweep.h5")
    p = started("sweep", long_sweep, "-o", out, "--quiet", "--threads", "2")
    time.sleep(1)
    # A second sweep to the same file while the first runs is told so (not "interrupted; resume").
    r = run("sweep", long_sweep, "-o", out, "--quiet")
    check(r.returncode == 2 and "being written by another returnsim process" in r.stderr,
          f"second sweep while one runs: {r.returncode} {r.stderr}")
    time.sleep(0.5)
    p.send_signal(signal.SIGTERM)
    _, err = p.communicate(timeout=60)
    check(p.returncode == 1 and "resume with --resume" in err, f"sweep stopped: exit {p.returncode}, {err!r}")
    check(not glob.glob(out + ".tmp*") and not os.path.exists(out), "a stopped sweep leaves no temporary file")
    r = run("sweep", long_sweep, "-o", out, "--quiet", "--resume")
    check(r.returncode == 0 and os.path.exists(out), f"resume after a signal: {r.returncode} {r.stderr}")
    reference = os.path.join(tmp, "signal-reference.h5")
    run("sweep", long_sweep, "-o", reference, "--quiet")
    same = subprocess.run([sys.executable, "tools/same_output.py", out, reference], capture_output=True, text=True)
    check(same.returncode == 0, f"resumed after a signal differs: {same.stdout} {same.stderr}")
    # Out of memory in a sweep (60 MB of address space): runs fail where memory ran out, every other
    # run is kept, and --resume gives the file of an uninterrupted sweep.
    for megabytes in ([] if SANITIZED else [60]):
        def address_space(limit=megabytes << 20):
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        out = os.path.join(tmp, f"oom-sweep-{megabytes}.h5")
        p = started("sweep", long_sweep, "-o", out, "--quiet", "--threads", "2", preexec_fn=address_space)
        _, err = p.communicate(timeout=300)
        print(f"sweep at {megabytes} MB of address space: exit {p.returncode} {err[:80]!r}")
        check(p.returncode == 0 or (p.returncode == 1 and err.startswith("error: ")), f"sweep out of memory: {p.returncode} {err!r}")
        r = run("sweep", long_sweep, "-o", out, "--quiet", "--resume")
        same = subprocess.run([sys.executable, "tools/same_output.py", out, reference], capture_output=True, text=True)
        check(r.returncode == 0 and same.returncode == 0, f"resumed after out of memory differs: {r.stderr} {same.stdout}")
    # A write that fails (a file-size limit stands in for a full disk): a clear error, exit 1, no
    # crash on the way out, no temporary file.
    def limited():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))
    out = os.path.join(tmp, "full.h5")
    for attempt in range(5):
        p = started("run", "tests/data/small.yaml", "-o", out, "--quiet", preexec_fn=limited)
        _, err = p.communicate(timeout=120)
        check(p.returncode == 1, f"write failure, attempt {attempt}: exit {p.returncode} {err!r}")
        check(err.startswith("error: "), f"write failure message: {err!r}")
        check(not glob.glob(out + "*"), f"write failure left {glob.glob(out + '*')}")
    # Output paths that are not regular files, with or without --force: refused before any work.
    os.makedirs(os.path.join(tmp, "a-directory.h5"), exist_ok=True)
    for target in ("/dev/full", "/dev/null", os.path.join(tmp, "a-directory.h5")):
        for force in ([], ["--force"]):
            r = run("run", "tests/data/small.yaml", "-o", target, "--quiet", *force)
            check(r.returncode == 2 and "not a regular file" in r.stderr, f"output {target} {force}: {r.returncode} {r.stderr}")
    check(os.path.exists("/dev/full") and not os.path.isfile("/dev/full"), "/dev/full is still a device")
    # Two writers to one path: the second is refused while the first writes.
    out = os.path.join(tmp, "contended.h5")
    # Under the sanitizers a year of the baseline outlasts the second writers as well.
    shorter = ["--months", "12", "--replications", "2"] if SANITIZED else []
    first = started("run", "scenarios/eu-baseline.yaml", "-o", out, "--quiet", *shorter)
    # Wait until the first writer holds the output (its lock file exists; loading takes a while
    # under the sanitizers or a loaded machine).
    for _ in range(6000):
        if os.path.exists(out + ".lock") or first.poll() is not None:
            break
        time.sleep(0.01)
    time.sleep(0.2)
    for command in (["run", "tests/data/small.yaml"], ["sweep", "tests/data/sweep-leverage.yaml"]):
        r = run(*command, "-o", out, "--quiet", "--force")
        check(r.returncode == 2 and "being written by another returnsim process" in r.stderr,
              f"second writer {command[0]}: {r.returncode} {r.stderr}")
    first.communicate(timeout=300)
    check(first.returncode == 0, "the first writer finishes")

    # Out of memory (an address-space limit; not under AddressSanitizer, which reserves terabytes):
    # a message and exit 1, never an abort, and no temporary file left.
    if not SANITIZED:
        for megabytes in (48, 64, 96):
            def address_space(limit=megabytes << 20):
                resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            out = os.path.join(tmp, f"oom-{megabytes}.h5")
            p = started("run", "scenarios/eu-baseline.yaml", "-o", out, "--quiet", preexec_fn=address_space)
            _, err = p.communicate(timeout=300)
            check(p.returncode == 1 and err.startswith("error: ") and ("out of memory" in err or "refused a resource" in err),
                  f"out of memory at {megabytes} MB: exit {p.returncode} {err!r}")
            check(not glob.glob(out + "*"), f"out of memory at {megabytes} MB left {glob.glob(out + '*')}")
    # Inputs of any size: rejected with a location in bounded time and memory (peak resident
    # memory of the child, from wait4; the figures are for the release build).
    # A bare interpreter (a few MB) forks the binary: a child's peak resident memory counts the
    # image it was forked from, which this test's own process (xarray loaded) would inflate.
    MEASURE = ("import os, sys\npid = os.fork()\nif pid == 0:\n    os.execv(sys.argv[1], sys.argv[1:])\n"
               "_, status, usage = os.wait4(pid, 0)\nprint(usage.ru_maxrss)\nsys.exit(os.waitstatus_to_exitcode(status))\n")

    def peak_of_check(path):
        """Exit code, stderr, seconds and peak resident memory (MB) of `check PATH`."""
        started_at = time.monotonic()
        r = subprocess.run([sys.executable, "-I", "-S", "-c", MEASURE, BINARY, "check", path], capture_output=True, text=True)
        return r.returncode, r.stderr, time.monotonic() - started_at, int(r.stdout.split()[-1]) / 1024
    def written(name, text):
        path = os.path.join(tmp, name)
        with open(path, "w") as f:
            f.write(text)
        return path
    head = "scenario: {name: big}\nsimulation: {months: 12, start: \"2025-01\"}\nmember_states:\n  - {id: NL, name: N}\n"
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [" + ", ".join([f"*{chr(ord(c) - 1)}"] * 10) + "]\n" for c in "bcdefghijkl")
    big_inputs = {
        "alias bomb": (written("bomb.yaml", bomb), "after expanding aliases"),
        "800k origins, 59 MB": (written("huge.yaml", head + "origin_countries:\n" + "".join(
            f"  - {{id: O{i}, name: Origin country {i}, visa_required: true, cooperation: 0.2}}\n" for i in range(800000))),
            "larger than 8 MiB"),
        # Just under the separator limit (100,000): parsed, then refused by the schema.
        "16,000 origins": (written("dense.yaml", head + "origin_countries:\n" + "".join(
            f"  - {{id: O{i}, name: O{i}}}\n" for i in range(16000)) + "routes: []\n"), "more than 5000 origin countries"),
        "a list of 99,000 values": (written("flat.yaml", head + "origin_countries: [" + ",".join(["1"] * 99000) + "]\n"),
                                    "origin_countries"),
    }
    for name, (path, expected) in big_inputs.items():
        code, err, seconds, peak_mb = peak_of_check(path)
        print(f"input limits: {name}: exit {code} in {seconds:.2f} s, peak {peak_mb:.0f} MB")
        check(code == 2 and expected in err and f"{os.path.basename(path)}:" in err, f"{name}: {code} {err[:300]!r}")
        if not SANITIZED:
            check(peak_mb < 100, f"{name}: peak memory {peak_mb:.0f} MB")
            check(seconds < 5, f"{name}: {seconds:.1f} s (expected well under a second)")

    typo = run("check", os.path.join(tmp, "bad-typo.yaml"))
    check("bad-typo.yaml:9:33:" in typo.stderr, f"typo line number: {typo.stderr}")
    r = run("check", os.path.join(tmp, "missing.yaml"))
    check(r.returncode == 2 and "cannot open" in r.stderr, "missing file")
    r = run("run")
    check(r.returncode == 2, "missing argument is bad usage")
    r = run("--help")
    check(r.returncode == 0 and "run" in r.stdout, "--help")
    # The command line: version, a mistyped command, typed options, files that are not outputs.
    r = run("-V")
    check(r.returncode == 0 and r.stdout.strip()[0].isdigit(), f"-V: {r.returncode} {r.stdout!r}")
    r = run("chek", "tests/data/small.yaml")
    check(r.returncode == 2 and "unknown command 'chek'; did you mean 'check'?" in r.stderr, f"typo: {r.stderr}")
    r = run("run", "tests/data/small.yaml", "--months", "twelve", "-o", os.path.join(tmp, "typed.h5"))
    check(r.returncode == 2 and "--months" in r.stderr, f"--months twelve: {r.returncode} {r.stderr}")
    check("INT" in run("run", "--help").stdout, "run --help types the integer options")
    not_output = os.path.join(tmp, "not-an-output.h5")
    with open(not_output, "w") as f:
        f.write("plain text")
    for command in (["summary", not_output], ["merge", not_output, "-o", os.path.join(tmp, "merged.h5")]):
        r = run(*command)
        check(r.returncode == 2, f"{command[0]} of a file that is not an output: exit {r.returncode} {r.stderr}")
    # Batch logs: without a terminal, progress lines as the sweep goes (and none with --quiet).
    r = run("sweep", "tests/data/sweep-leverage.yaml", "-o", os.path.join(tmp, "batch.h5"), "--threads", "1")
    check(r.returncode == 0 and "progress: 24/24 runs (100%)" in r.stderr, f"batch progress lines: {r.stderr}")
    # srun without an MPI environment: a warning.
    environment = dict(os.environ, SLURM_NTASKS="4", SLURM_PROCID="1")
    r = subprocess.run([BINARY, "sweep", "tests/data/sweep-leverage.yaml", "-o", os.path.join(tmp, "srun.h5")],
                       capture_output=True, text=True, env=environment)
    check("without an MPI environment" in r.stderr, f"srun warning: {r.stderr}")
    # docs/parameters.md is generated from the parameter table: the committed copy must be current.
    r = run("parameters")
    with open("docs/parameters.md") as f:
        check(r.returncode == 0 and r.stdout == f.read(),
              "docs/parameters.md differs from `returnsim parameters`: regenerate it "
              "(build/release/returnsim parameters > docs/parameters.md)")
    for sub in ["run", "sweep", "merge", "check", "summary", "parameters", "calibrate"]:
        check(run(sub, "--help").returncode == 0, f"{sub} --help")

print(f"{0 if failures else 1} passed, {1 if failures else 0} failed")
sys.exit(1 if failures else 0)
