#!/usr/bin/python3
"""Checks the `sensitivity` group of a `sobol` sweep's output (io/sensitivity_output.hpp) with
h5py and xarray, and recomputes its indices from the file's own KPIs with a numpy transcription
of SALib's sobol.analyze(calc_second_order=False) (src/SALib/analyze/sobol.py, v1.5.2):
- layout: dimension scales policy, kpi, factor (texts); float64 S1, S1_conf, ST, ST_conf
  [policy, kpi, factor] with long_name, units "1", description; group attributes resamples
  (100), confidence_level (0.95), base_samples (N); xarray (h5netcdf) sees S1 with dims
  (policy, kpi, factor);
- S1 and ST equal SALib's estimates on the worlds' KPIs (averaged over completed replications)
  to 1e-9; NaN exactly where a world has no value or f(A), f(B) are constant;
- S1_conf and ST_conf are plausible draws of SALib's: within the 0.1%-99.9% range of SALib's
  half-widths over 2,000 runs of its bootstrap with the file's resample count (the file draws from
  another generator, so only the distribution can be compared; at tiny N the resampled indices
  are heavy-tailed and that range is wide: tests/engine/test_sensitivity.cpp checks the
  intervals tightly at N = 1024).
Use: sensitivity_group_problems(path) -> list of problems (empty when all is well), or
  check_sensitivity_group.py FILE.h5   (exit 0 when well, 1 with the problems listed)."""
import sys

import h5py
import numpy as np
import xarray as xr
from scipy.stats import norm


def salib_sobol(Y, k, resamples=100, repeats=2000, conf_level=0.95, seed=20240601):
    """SALib's first-order and total indices (S1, ST: arrays [k]) and the distribution of its
    bootstrap half-widths over `repeats` runs of `resamples` resamples each (S1_conf, ST_conf:
    arrays [repeats, k]). None for the half-widths when f(A), f(B) are constant."""
    rng = np.random.default_rng(seed)
    A, B = Y[0::k + 2], Y[k + 1::k + 2]
    if np.ptp(np.r_[A, B]) == 0:
        return np.full(k, np.nan), None, np.full(k, np.nan), None  # SALib: 0 with a warning; the file: NaN
    Y = (Y - Y.mean()) / Y.std()
    A, B = Y[0::k + 2], Y[k + 1::k + 2]
    AB = np.stack([Y[1 + i::k + 2] for i in range(k)], axis=1)
    N = A.size

    def first(a, ab, b):
        return np.mean(b * (ab - a), axis=0) / np.var(np.r_[a, b], axis=0)

    def total(a, ab, b):
        return 0.5 * np.mean((a - ab) ** 2, axis=0) / np.var(np.r_[a, b], axis=0)

    z = norm.ppf(0.5 + conf_level / 2)
    s1 = np.array([first(A, AB[:, i], B) for i in range(k)])
    st = np.array([total(A, AB[:, i], B) for i in range(k)])
    s1_conf, st_conf = [], []
    chunk = max(1, int(2e7 // (N * resamples)))
    with np.errstate(divide="ignore", invalid="ignore"):
        for done in range(0, repeats, chunk):
            n = min(chunk, repeats - done)
            r = rng.integers(N, size=(N, n * resamples))
            for out, estimator in ((s1_conf, first), (st_conf, total)):
                b = np.stack([estimator(A[r], AB[r, i], B[r]) for i in range(k)], axis=1)
                # Resamples whose A and B rows are all equal have no variance: left out, as the file does.
                b = np.where(np.isfinite(b), b, np.nan).reshape(n, resamples, k)
                out.append(z * np.nanstd(b, axis=1, ddof=1))
    return s1, np.concatenate(s1_conf), st, np.concatenate(st_conf)


def sensitivity_group_problems(path):
    problems = []
    with h5py.File(path, "r") as f:
        if f.attrs.get("design") != "sobol":
            return [f"{path}: design is {f.attrs.get('design')!r}, not sobol"]
        if "sensitivity" not in f:
            return [f"{path}: no sensitivity group"]
        g = f["sensitivity"]
        policies = [p.decode() if isinstance(p, bytes) else p for p in g["policy"][()]]
        kpis = [p.decode() if isinstance(p, bytes) else p for p in g["kpi"][()]]
        factors = [p.decode() if isinstance(p, bytes) else p for p in g["factor"][()]]
        columns = {f[name].attrs["path"] for name in f if name.startswith("factor_")}
        if set(factors) != columns:
            problems.append(f"factor {factors} != the runs table's factor columns {sorted(columns)}")
        for name in ("policy", "kpi", "factor"):
            if g[name].attrs.get("CLASS") != b"DIMENSION_SCALE":
                problems.append(f"sensitivity/{name} is not a dimension scale")
        N = int(g.attrs["base_samples"])
        resamples = int(g.attrs["resamples"])
        level = float(g.attrs["confidence_level"])
        if (resamples, level) != (100, 0.95):
            problems.append(f"resamples {resamples}, confidence_level {level}: expected SALib's 100, 0.95")
        data = {}
        for name in ("S1", "S1_conf", "ST", "ST_conf"):
            ds = g[name]
            data[name] = ds[()]
            if ds.dtype != np.float64 or ds.shape != (len(policies), len(kpis), len(factors)):
                problems.append(f"{name}: {ds.dtype} {ds.shape}")
            if ds.attrs.get("units") != "1" or not ds.attrs.get("long_name") or not ds.attrs.get("description"):
                problems.append(f"{name}: units, long_name or description missing")
            for d, scale in enumerate(("policy", "kpi", "factor")):
                attached = [scale.name for scale in ds.dims[d].values()]
                if attached != [f"/sensitivity/{scale}"]:
                    problems.append(f"{name}: dimension {d} has scales {attached}")

        # The file's own KPIs, averaged per (policy, world) over completed replications.
        policy = np.array([p.decode() if isinstance(p, bytes) else p for p in f["policy"][()]])
        sample = f["sample"][()]
        completed = f["completed"][()] == 1
        worlds = N * (len(factors) + 2)
        if sample.max() + 1 != worlds:
            problems.append(f"{sample.max() + 1} sampled worlds, expected N x (k + 2) = {worlds}")
        for p, name in enumerate(policies):
            for q, kpi in enumerate(kpis):
                values = f[kpi][()]
                y = np.full(worlds, np.nan)
                for w in range(worlds):
                    keep = completed & (policy == name) & (sample == w) & ~np.isnan(values)
                    if keep.any():
                        y[w] = values[keep].mean()
                where = f"{name}/{kpi}"
                if np.isnan(y).any():
                    for index in data:
                        if not np.isnan(data[index][p, q]).all():
                            problems.append(f"{where}: {index} should be NaN (a world has no value)")
                    continue
                s1, s1c, st, stc = salib_sobol(y, len(factors), resamples)
                for index, expected in (("S1", s1), ("ST", st)):
                    got = data[index][p, q]
                    if not np.allclose(got, expected, rtol=1e-9, atol=1e-12, equal_nan=True):
                        problems.append(f"{where}: {index} {got} != SALib's {expected}")
                for index, runs in (("S1_conf", s1c), ("ST_conf", stc)):
                    got = data[index][p, q]
                    if runs is None:
                        if not np.isnan(got).all():
                            problems.append(f"{where}: {index} {got} should be NaN (no variance)")
                        continue
                    low, high = np.nanquantile(runs, 0.001, axis=0), np.nanquantile(runs, 0.999, axis=0)
                    if not np.all((got >= low) & (got <= high)):
                        problems.append(f"{where}: {index} {got} outside SALib's 0.1%-99.9% range [{low}, {high}]")

    ds = xr.open_dataset(path, group="sensitivity", engine="h5netcdf")
    try:
        for name in ("S1", "S1_conf", "ST", "ST_conf"):
            if ds[name].dims != ("policy", "kpi", "factor"):
                problems.append(f"xarray: {name} has dims {ds[name].dims}")
        if list(ds["policy"].values) != policies or list(ds["factor"].values) != factors:
            problems.append("xarray: coordinates differ from the h5py reading")
        s1 = ds["S1"].sel(policy=policies[0], kpi=kpis[0]).values
        if not np.array_equal(s1, data["S1"][0, 0], equal_nan=True):
            problems.append("xarray: S1 differs from the h5py reading")
    finally:
        ds.close()
    return problems


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    found = sensitivity_group_problems(sys.argv[1])
    for problem in found:
        print("FAIL:", problem)
    sys.exit(1 if found else 0)
