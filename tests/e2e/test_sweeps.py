#!/usr/bin/python3
"""End-to-end: a sweep gives the same file however it is run. The 2 policies x 4 LHS worlds x 3
replications sweep of tests/data is run once as the reference, then as 3 shards merged, after
kill -9 at random moments followed by --resume, and (with --mpiexec) under `mpirun -n 2`; every
file must equal the reference in every dataset and attribute except creation time and command
line. Also: bad merges and foreign resumes are refused, a Sobol' sweep's summary gives indices
with intervals (text and JSON).
Usage: test_sweeps.py PATH/TO/returnsim [--mpiexec PATH/TO/mpiexec]"""
import fcntl
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import h5py

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools"))
from same_output import differences  # noqa: E402
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_sensitivity_group import sensitivity_group_problems  # noqa: E402

from checks import BINARY, check, failures, run  # noqa: E402

MPIEXEC = sys.argv[sys.argv.index("--mpiexec") + 1] if "--mpiexec" in sys.argv else None
# OpenMPI refuses to start as root (CI and containers) unless told it is meant.
os.environ.setdefault("OMPI_ALLOW_RUN_AS_ROOT", "1")
os.environ.setdefault("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1")
SWEEP = "tests/data/sweep-leverage.yaml"


def wait_for_journal(path, size, process):
    """Waits until `path` holds at least `size` bytes, or the process has ended (then False)."""
    while process.poll() is None:
        if os.path.exists(path) and os.path.getsize(path) >= size:
            return True
        time.sleep(0.002)
    return False


def same(reference, other, what):
    found = differences(reference, other)
    check(not found, f"{what}: differs from the reference: {found[:5]}")


with tempfile.TemporaryDirectory() as tmp:
    reference = os.path.join(tmp, "reference.h5")
    started = time.monotonic()
    r = run("sweep", SWEEP, "-o", reference, "--quiet", "--threads", "1")
    duration = time.monotonic() - started
    check(r.returncode == 0, f"reference sweep: {r.stderr}")

    if MPIEXEC is None:
        # --- shards merged --------------------------------------------------------------------
        shards = [os.path.join(tmp, f"shard-{k}.h5") for k in (1, 2, 3)]
        for k, path in enumerate(shards, start=1):
            r = run("sweep", SWEEP, "-o", path, "--quiet", "--shard", f"{k}/3")
            check(r.returncode == 0, f"shard {k}/3: {r.stderr}")
        merged = os.path.join(tmp, "merged.h5")
        r = run("merge", *shards, "-o", merged, "--quiet")
        check(r.returncode == 0, f"merge: {r.stderr}")
        same(reference, merged, "3 shards merged")
        # docs/sweeps.md's merge line, as `sbatch --wrap` runs it: under /bin/sh (dash).
        import re
        docs = open("docs/sweeps.md").read()
        line = re.search(r'--wrap \\\n\s*"([^"]+)"', docs).group(1)
        results = os.path.join(tmp, "results")
        os.makedirs(results)
        for k, path in enumerate(shards, start=1):
            shutil.copy(path, os.path.join(results, f"leverage.shard-{k}.h5"))
        command = line.replace("returnsim", BINARY, 1).replace("results/", results + "/")
        shell = shutil.which("dash") or "/bin/sh"
        r = subprocess.run([shell, "-c", command], capture_output=True, text=True)
        check(r.returncode == 0, f"docs merge line under {shell}: {command}: {r.stderr}")
        if r.returncode == 0:
            same(reference, os.path.join(results, "leverage.h5"), "the docs' merge line under dash")
        r = run("merge", shards[0], shards[2], "-o", os.path.join(tmp, "partial.h5"))
        check(r.returncode == 2 and "shard 2/3 missing" in r.stderr, f"merge without shard 2: {r.returncode} {r.stderr}")
        check(not os.path.exists(os.path.join(tmp, "partial.h5")), "a refused merge writes nothing")
        # A shard whose scenario YAML was damaged (one character changed) is refused, not copied on.
        damaged = os.path.join(tmp, "damaged-shard-2.h5")
        shutil.copyfile(shards[1], damaged)
        with h5py.File(damaged, "r+") as f:
            text = f["provenance/scenario_yaml"][()]
            text = text.decode() if isinstance(text, bytes) else text
            del f["provenance/scenario_yaml"]
            f["provenance"].create_dataset("scenario_yaml", data=text.replace("months: ", "months: 1", 1),
                                           dtype=h5py.string_dtype())
        r = run("merge", shards[0], damaged, shards[2], "-o", os.path.join(tmp, "damaged.h5"))
        check(r.returncode == 2 and "damaged-shard-2.h5 is damaged" in r.stderr, f"damaged shard: {r.returncode} {r.stderr}")
        check(not os.path.exists(os.path.join(tmp, "damaged.h5")), "a refused merge writes nothing")
        r = run("summary", shards[1])
        check(r.returncode == 0 and "8 of 24 runs completed" in r.stdout, f"summary of a shard: {r.stdout}")

        other_sweep = os.path.join(os.getcwd(), "tests/data/sweep-other.tmp.yaml")
        try:
            with open(other_sweep, "w") as f:
                f.write(open(SWEEP).read().replace("seed: 7", "seed: 8"))
            other_shard = os.path.join(tmp, "other-shard-2.h5")
            r = run("sweep", other_sweep, "-o", other_shard, "--quiet", "--shard", "2/3")
            check(r.returncode == 0, f"other sweep's shard: {r.stderr}")
            r = run("merge", shards[0], other_shard, shards[2], "-o", os.path.join(tmp, "mixed.h5"))
            check(r.returncode == 2 and "different sweep" in r.stderr, f"merge of two sweeps: {r.returncode} {r.stderr}")

            # --- a journal of another sweep definition is not resumed --------------------------
            victim = os.path.join(tmp, "foreign.h5")
            p = subprocess.Popen([BINARY, "sweep", SWEEP, "-o", victim, "--quiet", "--threads", "1"])
            check(wait_for_journal(victim + ".journal", 1000, p), "the sweep ended before it could be killed")
            p.send_signal(signal.SIGKILL)
            p.wait()
            r = run("sweep", other_sweep, "-o", victim, "--quiet", "--resume")
            check(r.returncode == 2 and "different sweep definition" in r.stderr, f"foreign resume: {r.stderr}")
            r = run("sweep", SWEEP, "-o", victim, "--quiet")
            check(r.returncode == 2 and "--resume" in r.stderr, f"leftover journal without --resume: {r.stderr}")
            r = run("sweep", SWEEP, "-o", victim, "--quiet", "--resume")
            check(r.returncode == 0, f"resume: {r.stderr}")
            same(reference, victim, "resumed after a refused foreign resume")
        finally:
            os.remove(other_sweep)

        # --- kill -9 at random moments, then --resume --------------------------------------------
        rng = random.Random(20261122)
        for trial in range(6):
            out = os.path.join(tmp, f"killed-{trial}.h5")
            kills = 1 + trial % 2  # every other trial is also killed while resuming
            for k in range(kills):
                args = ["sweep", SWEEP, "-o", out, "--quiet", "--threads", rng.choice(["1", "2"])]
                if k > 0:
                    args.append("--resume")
                p = subprocess.Popen([BINARY, *args])
                time.sleep(rng.uniform(0.0, duration))
                p.send_signal(signal.SIGKILL)
                p.wait()
            r = run("sweep", SWEEP, "-o", out, "--quiet", "--resume", "--threads", "2")
            check(r.returncode == 0, f"trial {trial}: resume failed: {r.stderr}")
            check(not os.path.exists(out + ".journal") and not os.path.exists(out + ".partial"),
                  f"trial {trial}: journal or partial file left")
            same(reference, out, f"trial {trial}: killed {kills}x and resumed")
        r = run("sweep", SWEEP, "-o", os.path.join(tmp, "killed-0.h5"), "--quiet", "--resume")
        check(r.returncode == 0, "resuming a finished sweep is a no-op")

        # --- a Saltelli design gives Sobol' indices in the summary -------------------------------
        sobol = os.path.join(tmp, "sobol.h5")
        r = run("sweep", "tests/data/sweep-sobol.yaml", "-o", sobol, "--quiet")
        check(r.returncode == 0, f"sobol sweep: {r.stderr}")
        r = run("summary", sobol)
        check(r.returncode == 0 and "Sobol' indices, policy status-quo (N = 4 base samples" in r.stdout
              and "behaviour.abscond_rate" in r.stdout, f"sobol summary: {r.stdout}")
        check("95% bootstrap intervals, 100 resamples" in r.stdout and " \u00b1 " in r.stdout,
              f"sobol summary: indices with their intervals: {r.stdout}")
        check("WARNING: N=4 base samples is too small" in r.stdout, f"sobol summary: N = 4 not flagged: {r.stdout}")
        r = run("summary", sobol, "--format", "json")
        sensitivity = json.loads(r.stdout)["sensitivity"] if r.returncode == 0 else None
        check(sensitivity is not None and sensitivity["base_samples"] == 4 and sensitivity["resamples"] == 100
              and len(sensitivity["policies"][0]["kpis"]["return_rate"]["S1_conf"]) == 2,
              f"sobol summary --format json: {r.stdout[-2000:]}")
        problems = sensitivity_group_problems(sobol)
        check(not problems, f"sobol: the file's sensitivity group: {problems}")
    else:
        # --- MPI: the same file from 2 ranks, also after a kill and --resume ---------------------
        launcher = (MPIEXEC, "-n", "2", "--oversubscribe")
        out = os.path.join(tmp, "mpi.h5")
        r = run("sweep", SWEEP, "-o", out, "--quiet", "--threads", "1", launcher=launcher)
        check(r.returncode == 0, f"mpirun -n 2 sweep: {r.returncode} {r.stderr}")
        same(reference, out, "mpirun -n 2")
        killed = os.path.join(tmp, "mpi-killed.h5")
        p = subprocess.Popen([*launcher, BINARY, "sweep", SWEEP, "-o", killed, "--quiet", "--threads", "1"],
                             start_new_session=True)
        check(wait_for_journal(killed + ".journal", 100000, p), "the MPI sweep ended before it could be killed")
        os.killpg(p.pid, signal.SIGKILL)  # the launcher and every rank
        p.wait()
        # Killed ranks may take a moment to die (and release the journal's lock); a resume started
        # before that is refused, rightly. Wait until the lock is free.
        with open(killed + ".journal", "rb") as journal:
            for _ in range(3000):
                try:
                    fcntl.flock(journal, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    fcntl.flock(journal, fcntl.LOCK_UN)
                    break
                except BlockingIOError:
                    time.sleep(0.01)
        r = run("sweep", SWEEP, "-o", killed, "--quiet", "--threads", "1", "--resume", launcher=launcher)
        check(r.returncode == 0, f"mpirun resume: {r.stderr}")
        same(reference, killed, "mpirun -n 2, killed and resumed")
        r = run("sweep", SWEEP, "-o", out, "--quiet", launcher=launcher)
        check(r.returncode == 2 and r.stderr.count("exists; use --force") == 1,
              f"mpirun: existing output refused once: {r.returncode} {r.stderr}")
        # A calibration over 2 ranks: the file one process writes.
        calibration = os.path.join(tmp, "calibration.yaml")
        with open(calibration, "w") as f:
            f.write(f"""calibration: {{name: mpi, base: {os.path.abspath('tests/data/calibration-world.yaml')}, seed: 2}}
parameters: [{{path: behaviour.abscond_rate, prior: uniform, range: [0.01, 0.09]}}]
targets: [{{name: rate, kpi: return_rate, months: [12, 23], observed: 0.65, sd: 0.02, source: synthetic}}]
method: {{particles: 30, alpha: 0.5, generations: 3, replications: 2}}
""")
        single, ranks = os.path.join(tmp, "calibration-1.h5"), os.path.join(tmp, "calibration-2.h5")
        r = run("calibrate", calibration, "-o", single, "--quiet")
        check(r.returncode == 0, f"calibrate: {r.stderr}")
        r = run("calibrate", calibration, "-o", ranks, "--quiet", "--threads", "1", launcher=launcher)
        check(r.returncode == 0, f"mpirun -n 2 calibrate: {r.returncode} {r.stderr}")
        same(single, ranks, "mpirun -n 2 calibrate")

print(f"{0 if failures else 1} passed, {1 if failures else 0} failed")
sys.exit(1 if failures else 0)
