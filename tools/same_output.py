#!/usr/bin/python3
"""Are two returnsim output files the same? Compares every dataset (values, dtype, shape) and
every attribute except those that record when and how a file was made (creation_time, history,
command_line). Exit 0 when the same, 1 with the differences listed, 2 on bad usage.
Usage: tools/same_output.py A.h5 B.h5"""
import sys

import h5py
import numpy as np

IGNORED_ATTRIBUTES = {"creation_time", "history", "command_line"}


def objects(f):
    found = {}
    f.visititems(lambda name, obj: found.__setitem__(name, obj))
    return found


def same_value(a, b):
    a, b = np.asarray(a), np.asarray(b)
    if a.shape != b.shape or a.dtype != b.dtype:
        return False
    return np.array_equal(a, b, equal_nan=a.dtype.kind == "f")


def attributes(obj):
    # DIMENSION_LIST / REFERENCE_LIST hold object references, which differ between files.
    return {k: v for k, v in obj.attrs.items()
            if k not in IGNORED_ATTRIBUTES and k not in ("DIMENSION_LIST", "REFERENCE_LIST")}


def differences(path_a, path_b):
    out = []
    with h5py.File(path_a, "r") as fa, h5py.File(path_b, "r") as fb:
        oa, ob = objects(fa), objects(fb)
        for name in sorted(set(oa) ^ set(ob)):
            out.append(f"{name}: only in {path_a if name in oa else path_b}")
        for name in sorted(set(oa) & set(ob)):
            a, b = oa[name], ob[name]
            if isinstance(a, h5py.Dataset) != isinstance(b, h5py.Dataset):
                out.append(f"{name}: a dataset in one file, a group in the other")
                continue
            if isinstance(a, h5py.Dataset) and not same_value(a[()], b[()]):
                out.append(f"{name}: values differ")
            aa, ab = attributes(a), attributes(b)
            for key in sorted(set(aa) | set(ab)):
                if key not in aa or key not in ab or not same_value(aa[key], ab[key]):
                    out.append(f"{name}: attribute {key} differs")
        ra, rb = attributes(fa), attributes(fb)
        for key in sorted(set(ra) | set(rb)):
            if key not in ra or key not in rb or not same_value(ra[key], rb[key]):
                out.append(f"/: attribute {key} differs")
    return out


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    found = differences(sys.argv[1], sys.argv[2])
    for line in found:
        print(line)
    sys.exit(1 if found else 0)
