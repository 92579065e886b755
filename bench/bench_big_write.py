"""Peak memory and time of ``creditline write`` for one big JPEG (a gallery of big scans).

    python bench/bench_big_write.py [--mb 300] [--tiff | --png | --webp] [--keep DIR]

Makes (once, cached under bench/out/big/) a JPEG of about ``--mb`` MB from random pixels
(quality 100, no chroma subsampling: 10000x7500 is ~308 MB), or with ``--tiff`` an
uncompressed RGB TIFF of about that size, with ``--png`` a PNG (zlib level 0), with ``--webp``
a lossless WebP (at most 16383 px a side: about 200 MB of random pixels), imports a fresh copy into a
temporary catalog, sets caption (XMP, IIM, and an EXIF block the file lacks), credit and
creator, then runs ``creditline write`` under ``/usr/bin/time`` and prints its peak
resident memory, the ratio to the file size, and the wall time; the same for the import.
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out" / "big"
CLI = [sys.executable, "-m", "app"]


EXTENSIONS = {"JPEG": "jpg", "TIFF": "tif", "PNG": "png", "WEBP": "webp"}


def big_photo(mb: int, fmt: str) -> Path:
    path = OUT / f"big-{mb}mb.{EXTENSIONS[fmt]}"
    if path.exists():
        return path
    from PIL import Image  # noqa: PLC0415

    # Random RGB at quality 100 and 4:4:4 compresses to ~4.1 bytes a pixel; the others to ~3.
    pixels = int(mb * 1_000_000 / (4.1 if fmt == "JPEG" else 3))
    width = int(math.sqrt(pixels * 4 / 3))
    height = pixels // width
    if fmt == "WEBP":
        width, height = min(width, 16383), min(height, 16383)
    OUT.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    image = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    options = {"JPEG": {"quality": 100, "subsampling": 0}, "PNG": {"compress_level": 0},
               "WEBP": {"lossless": True, "quality": 0, "method": 0}}.get(fmt, {})
    image.save(tmp, format=fmt, **options)
    tmp.replace(path)
    return path


def timed(args: list[str], env: dict[str, str]) -> tuple[int, float, str]:
    """(peak RSS in KB, wall seconds, output) of one CLI run."""
    done = subprocess.run(["/usr/bin/time", "-f", "@@%M %e", *CLI, *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, check=True)
    last = [line for line in done.stderr.splitlines() if line.startswith("@@")][-1]
    kb, secs = last[2:].split()
    return int(kb), float(secs), done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=int, default=300)
    kind = ap.add_mutually_exclusive_group()
    kind.add_argument("--tiff", dest="fmt", action="store_const", const="TIFF", help="an uncompressed TIFF")
    kind.add_argument("--png", dest="fmt", action="store_const", const="PNG", help="a PNG (no compression)")
    kind.add_argument("--webp", dest="fmt", action="store_const", const="WEBP", help="a lossless WebP")
    ap.set_defaults(fmt="JPEG")
    ap.add_argument("--keep", type=Path, help="work in this folder and leave it")
    args = ap.parse_args()
    src = big_photo(args.mb, args.fmt)
    work = args.keep or Path(tempfile.mkdtemp(prefix="creditline-big-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        photo = work / f"scan.{EXTENSIONS[args.fmt]}"
        shutil.copyfile(src, photo)
        size = photo.stat().st_size
        env = {**os.environ, "PYTHONPATH": str(ROOT), "CREDITLINE_CATALOG": str(work / "catalog.db"),
               "QT_QPA_PLATFORM": "offscreen"}
        kb, secs, _ = timed(["import", str(photo)], env)
        print(f"file      {size / 1e6:8.1f} MB")
        print(f"import    {kb / 1e3:8.1f} MB peak ({kb * 1e3 / size:4.2f}x the file)  {secs:6.1f} s")
        subprocess.run([*CLI, "set", str(photo), "caption=A big scan, captioned", "credit_line=Test Agency",
                        "creators=Jane Doe"], env=env, cwd=ROOT, check=True, capture_output=True)
        kb, secs, said = timed(["write"], env)
        print(f"write     {kb / 1e3:8.1f} MB peak ({kb * 1e3 / size:4.2f}x the file)  {secs:6.1f} s   [{said}]")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
