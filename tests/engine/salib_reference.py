#!/usr/bin/python3
"""Reference numbers for tests/engine/test_sensitivity.cpp: a numpy transcription of SALib's
sobol.analyze(problem, Y, calc_second_order=False) (src/SALib/analyze/sobol.py, v1.5.2; SALib
is not installed here). Prints the constants the C++ test hard-codes.

SALib, in short: Y = (Y - Y.mean()) / Y.std(); A, AB_i, B taken from blocks of k + 2;
S1 = mean(B (AB_i - A)) / var(r_[A, B]); ST = 0.5 mean((A - AB_i)^2) / var(r_[A, B]) (ddof 0);
r = randint(N, size=(N, num_resamples)): the same resampled rows for A, AB_i and B;
S1_conf = norm.ppf(0.5 + conf_level / 2) * std(S1 over resamples, ddof=1).
Here the bootstrap is run with many resamples to give its long-run value (the test's draws come
from another generator, so only that can be compared).
Usage: salib_reference.py"""
import numpy as np
from scipy.stats import norm


def separate(Y, k):
    step = k + 2
    A, B = Y[0::step], Y[step - 1::step]
    AB = np.stack([Y[1 + i::step] for i in range(k)], axis=1)
    return A, AB, B


def first_order(A, AB, B):
    return np.mean(B * (AB - A), axis=0) / np.var(np.r_[A, B], axis=0)


def total_order(A, AB, B):
    return 0.5 * np.mean((A - AB) ** 2, axis=0) / np.var(np.r_[A, B], axis=0)


def analyze(Y, k, num_resamples=100, conf_level=0.95, rng=None, chunk=2000):
    rng = rng or np.random.default_rng(1)
    Y = (Y - Y.mean()) / Y.std()
    A, AB, B = separate(Y, k)
    N = A.size
    Z = norm.ppf(0.5 + conf_level / 2)
    out = {"S1": [], "ST": [], "S1_conf": [], "ST_conf": []}
    resampled = [[], []]
    for done in range(0, num_resamples, chunk):
        r = rng.integers(N, size=(N, min(chunk, num_resamples - done)))
        resampled[0].append(np.stack([first_order(A[r], AB[r, j], B[r]) for j in range(k)]))
        resampled[1].append(np.stack([total_order(A[r], AB[r, j], B[r]) for j in range(k)]))
    s1_all, st_all = np.concatenate(resampled[0], axis=1), np.concatenate(resampled[1], axis=1)
    for j in range(k):
        out["S1"].append(first_order(A, AB[:, j], B))
        out["ST"].append(total_order(A, AB[:, j], B))
        out["S1_conf"].append(Z * s1_all[j].std(ddof=1))
        out["ST_conf"].append(Z * st_all[j].std(ddof=1))
    return {key: np.array(v) for key, v in out.items()}


def weyl_ishigami(n):
    """Ishigami (a = 7, b = 0.1) on a Saltelli design whose A and B are Kronecker (Weyl) points:
    u_jd = fmod(0.5 + (j + 1) frac(sqrt(p_d)), 1), p = 2, 3, 5 for A and 7, 11, 13 for B; the
    same doubles in C++ (IEEE sqrt, fmod, +, *)."""
    primes = [2, 3, 5, 7, 11, 13]
    alpha = [np.sqrt(p) - np.floor(np.sqrt(p)) for p in primes]
    j = np.arange(1, n + 1, dtype=float)
    u = np.stack([np.fmod(0.5 + j * a, 1.0) for a in alpha], axis=1)
    x = -np.pi + 2 * np.pi * u
    a, b = x[:, :3], x[:, 3:]
    rows = []
    for i in range(n):
        rows.append(a[i])
        for f in range(3):
            ab = a[i].copy()
            ab[f] = b[i][f]
            rows.append(ab)
        rows.append(b[i])
    X = np.array(rows)
    x4 = (X[:, 2] * X[:, 2]) * (X[:, 2] * X[:, 2])
    return np.sin(X[:, 0]) + 7 * np.sin(X[:, 1]) * np.sin(X[:, 1]) + 0.1 * x4 * np.sin(X[:, 0])


if __name__ == "__main__":
    np.set_printoptions(precision=17)
    hand = np.array([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 2], dtype=float)
    S = analyze(hand, 2)
    print("hand-made Y, k = 2:  S1", repr(S["S1"]), " ST", repr(S["ST"]))
    S = analyze(weyl_ishigami(1024), 3, num_resamples=200000)
    for key in ("S1", "ST", "S1_conf", "ST_conf"):
        print(f"Weyl Ishigami N = 1024: {key}", repr(S[key]))
    # The bug the test must catch: independent rows for A, AB_i and B.
    Y = weyl_ishigami(1024)
    Y = (Y - Y.mean()) / Y.std()
    A, AB, B = separate(Y, 3)
    rng = np.random.default_rng(2)
    r1, r2, r3 = (rng.integers(1024, size=(1024, 20000)) for _ in range(3))
    s1 = np.stack([first_order(A[r1], AB[r2, j], B[r3]) for j in range(3)])
    print("(independent rows: S1_conf", repr(norm.ppf(0.975) * s1.std(axis=1, ddof=1)), ")")
