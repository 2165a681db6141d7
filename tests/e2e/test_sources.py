#!/usr/bin/python3
"""Citations a user can follow: nothing under scenarios/, docs/, sim/, include/ or tools/ cites the
internal notes (FACTS.md, the seed letters 000-004) outside the internal-references section of
docs/sources.md, and every citation docs/sources.md#ANCHOR there, in docs/sources.md's own links
and in the output of `returnsim parameters` names an anchor that docs/sources.md defines.
Usage: test_sources.py PATH/TO/returnsim (run from the source directory)"""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import BINARY, check, failures  # noqa: E402

TREES = ["scenarios", "docs", "sim", "include", "tools"]
SOURCES = "docs/sources.md"
INTERNAL_HEADING = "## Internal references"
# The internal references: the notes file, and the seed letters as "seed 001", "seeds 000-003",
# "seeds/001_...".
INTERNAL = re.compile(r"FACTS\.md|\bseeds?\s+0\d\d\b|\bseeds/0\d\d", re.IGNORECASE)
CITATION = re.compile(r"sources\.md#([A-Za-z0-9_-]+)")
ANCHOR = re.compile(r"<a id=\"([^\"]+)\"></a>")
LOCAL_LINK = re.compile(r"\]\(#([^)\s]+)\)")
PLACEHOLDER = "ANCHOR"  # "docs/sources.md#ANCHOR" where the citation form itself is described


def text_files():
    """(path, lines) of every text file in the trees; binary files (HDF5 posteriors) skipped."""
    for tree in TREES:
        for root, dirs, files in os.walk(tree):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                path = os.path.join(root, name)
                with open(path, "rb") as f:
                    data = f.read()
                if b"\0" in data:
                    continue
                try:
                    yield path, data.decode("utf-8").split("\n")
                except UnicodeDecodeError:
                    continue


def internal_section(lines):
    """Line indices of docs/sources.md's internal-references section (to the next ## heading)."""
    inside, section = False, set()
    for i, line in enumerate(lines):
        if line.startswith("## "):
            inside = line.strip() == INTERNAL_HEADING
        if inside:
            section.add(i)
    return section


with open(SOURCES, encoding="utf-8") as f:
    source_lines = f.read().split("\n")
anchors = ANCHOR.findall("\n".join(source_lines))
check(anchors, f"{SOURCES} defines no anchors (<a id=\"S-...\"></a>)")
check(len(anchors) == len(set(anchors)),
      f"{SOURCES}: anchors defined twice: {sorted({a for a in anchors if anchors.count(a) > 1})}")
defined = set(anchors)
exempt = internal_section(source_lines)
check(exempt, f"{SOURCES} has no '{INTERNAL_HEADING}' section")

# (a) no internal references outside docs/sources.md's internal-references section, and
# (b) every docs/sources.md#ANCHOR citation in the trees names a defined anchor.
files = 0
for path, lines in text_files():
    files += 1
    is_sources = os.path.normpath(path) == os.path.normpath(SOURCES)
    for number, line in enumerate(lines, 1):
        if INTERNAL.search(line) and not (is_sources and number - 1 in exempt):
            check(False, f"{path}:{number}: cites an internal reference, cite its public source "
                         f"(docs/sources.md) instead: {line.strip()}")
        for anchor in CITATION.findall(line):
            check(anchor in defined or anchor == PLACEHOLDER,
                  f"{path}:{number}: docs/sources.md#{anchor} is not defined in {SOURCES}")
        if is_sources:
            for anchor in LOCAL_LINK.findall(line):
                check(anchor in defined, f"{path}:{number}: link #{anchor} is not defined in {SOURCES}")
check(files > 50, f"only {files} text files found under {TREES}: run from the source directory")

# (b) the parameter table as `returnsim parameters` prints it (its sources go into docs/parameters.md
# and into output files).
r = subprocess.run([BINARY, "parameters"], capture_output=True, text=True)
check(r.returncode == 0, f"returnsim parameters: exit {r.returncode}: {r.stderr}")
cited = CITATION.findall(r.stdout)
check(len(cited) > 20, f"returnsim parameters cites docs/sources.md only {len(cited)} times")
for anchor in sorted(set(cited) - defined):
    check(False, f"returnsim parameters: docs/sources.md#{anchor} is not defined in {SOURCES}")
for number, line in enumerate(r.stdout.split("\n"), 1):
    if INTERNAL.search(line):
        check(False, f"returnsim parameters, line {number}: cites an internal reference: {line.strip()}")

print(f"{0 if failures else 1} passed, {1 if failures else 0} failed")
sys.exit(1 if failures else 0)
