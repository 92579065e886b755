"""``make bench``: run every ``bench/bench_*.py`` in name order and show their figures.

Each script is run on its own (a fresh interpreter, so one script's memory peak or
imports do not colour the next) and prints its own figures. Set ``BENCH_QUICK=1`` to ask
scripts for a small run; arguments after ``--`` are passed to every script.
Exit status is 1 if any script failed.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    extra = argv[argv.index("--") + 1:] if "--" in argv else []
    scripts = sorted(HERE.glob("bench_*.py"))
    if not scripts:
        print("no bench/bench_*.py scripts")
        return 0
    failed = []
    for script in scripts:
        print(f"== {script.name}", flush=True)
        started = time.monotonic()
        code = subprocess.call([sys.executable, str(script), *extra], cwd=HERE.parent)
        print(f"== {script.name}: {'ok' if code == 0 else f'FAILED (exit {code})'} "
              f"in {time.monotonic() - started:.1f} s\n", flush=True)
        if code != 0:
            failed.append(script.name)
    if failed:
        print(f"failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
