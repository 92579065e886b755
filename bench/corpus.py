"""The generated news-photo corpus the benchmarks share (../shared/tools/make_corpus.py).

Made once per size under ``bench/out/`` and reused: a second bench run measures only the product.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
MAKE_CORPUS = ROOT.parent / "shared" / "tools" / "make_corpus.py"


def corpus(count: int, width: int, height: int, *, prefix: str = "corpus", jobs: int | None = None) -> Path:
    """The folder of ``count`` generated JPEGs (and their truth.jsonl), made if missing."""
    folder = OUT / f"{prefix}-{count}-{width}x{height}"
    truth = folder / "truth.jsonl"
    if truth.exists() and sum(1 for _ in truth.open()) == count:
        return folder
    if not MAKE_CORPUS.exists():
        sys.exit(f"{Path(sys.argv[0]).name}: corpus generator not found at {MAKE_CORPUS}")
    shutil.rmtree(folder, ignore_errors=True)
    print(f"making {count} files of {width}x{height} in {folder} (cached for next time) ...", flush=True)
    args = [sys.executable, str(MAKE_CORPUS), str(folder), "--count", str(count),
            "--width", str(width), "--height", str(height)]
    if jobs:
        args += ["--jobs", str(jobs)]
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
    return folder
