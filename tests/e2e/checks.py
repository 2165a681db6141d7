"""What the end-to-end tests share: the binary under test (the first argument), checks that
collect failures instead of stopping at the first, and the exit code that reports them."""
import os
import subprocess
import sys

BINARY = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else ""
failures = []


def check(condition, message):
    """Records `message` as a failure when `condition` is false; the test goes on."""
    if not condition:
        failures.append(message)
        print("FAIL:", message)


def run(*args, launcher=(), **kwargs):
    """Runs the binary (under `launcher`, e.g. mpirun) and captures its output as text."""
    return subprocess.run([*launcher, BINARY, *args], capture_output=True, text=True, **kwargs)


def finish(passed_message="all checks passed"):
    """Exits 1 when a check failed, else 0."""
    print(f"{len(failures)} failures" if failures else passed_message)
    sys.exit(1 if failures else 0)
