"""Per-file speed of read_file and make_thumbnail (each decoding path) on news-size JPEGs.

    python bench/bench_read.py [--count 40] [--width 1600 --height 1067] [--repeat 3]

Makes (once, cached under bench/out/) JPEGs with the shared corpus generator, then times,
in one process and one thread:
  read_file          metadata + facts from bytes already in memory (and from disk)
  thumbnail draft    make_thumbnail on the files as generated (EXIF thumbnails, when
                     present, are 160 px: too small, so libjpeg decodes at reduced scale)
  thumbnail preview  the same photos given a 320 px EXIF preview (taken from the preview)
  full decode        Pillow decode at full size + resize, for reference (not a product path)
BENCH_QUICK=1 makes the default count 12.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

from corpus import corpus as generated_corpus  # noqa: E402 - bench/ is the script's folder

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

from app.metadata.read import read_file  # noqa: E402
from app.thumbnails import THUMB_SIZE, render_thumbnail  # noqa: E402
from tests.imagefactory import add_exif_thumbnail  # noqa: E402

OUT = ROOT / "bench" / "out"
MAKE_CORPUS = ROOT.parent / "shared" / "tools" / "make_corpus.py"


def corpus(count: int, width: int, height: int) -> list[Path]:
    folder = generated_corpus(count, width, height, prefix="read-corpus", jobs=1)
    return sorted(p for p in folder.iterdir() if p.suffix.lower() == ".jpg")


def timed(fn, items, repeat: int) -> list[float]:
    """Per-item seconds, the best of ``repeat`` runs for each item (less noise from the
    other processes sharing the machine)."""
    out = []
    for item in items:
        best = float("inf")
        for _ in range(repeat):
            t0 = time.perf_counter()
            fn(item)
            best = min(best, time.perf_counter() - t0)
        out.append(best)
    return out


def show(label: str, secs: list[float]) -> None:
    ms = [s * 1000 for s in secs]
    print(f"{label:<22} median {statistics.median(ms):7.2f} ms   mean {statistics.fmean(ms):7.2f} ms   "
          f"max {max(ms):7.2f} ms   ({1000 / statistics.fmean(ms):6.1f} files/s, n={len(ms)})")


def full_decode(data: bytes) -> bytes:
    im = Image.open(io.BytesIO(data)).convert("RGB")
    im.thumbnail((THUMB_SIZE, THUMB_SIZE), Image.Resampling.LANCZOS, reducing_gap=2.0)
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=82)
    return buf.getvalue()


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=12 if os.environ.get("BENCH_QUICK") else 40)
    ap.add_argument("--width", type=int, default=1600)
    ap.add_argument("--height", type=int, default=1067)
    ap.add_argument("--repeat", type=int, default=3)
    args, _ = ap.parse_known_args(argv)

    files = corpus(args.count, args.width, args.height)
    blobs = [p.read_bytes() for p in files]
    size_kb = statistics.fmean(len(b) for b in blobs) / 1024
    print(f"{len(files)} JPEGs of {args.width}x{args.height}, mean {size_kb:.0f} KiB, best of {args.repeat}")

    show("read_file (bytes)", timed(lambda i: read_file(files[i], data=blobs[i]), range(len(files)), args.repeat))
    show("read_file (from disk)", timed(lambda i: read_file(files[i]), range(len(files)), args.repeat))

    methods = {render_thumbnail(b).method for b in blobs}
    assert methods == {"draft"}, methods
    show("thumbnail draft", timed(render_thumbnail, blobs, args.repeat))

    thumb_w = 320
    thumb_h = round(thumb_w * args.height / args.width)
    with_preview = []
    for b in blobs:
        im = Image.open(io.BytesIO(b)).reduce(args.width // thumb_w).resize((thumb_w, thumb_h))
        buf = io.BytesIO()
        im.save(buf, "JPEG", quality=75)
        with_preview.append(add_exif_thumbnail(b, buf.getvalue()))
    methods = {render_thumbnail(b).method for b in with_preview}
    assert methods == {"preview"}, methods
    show("thumbnail preview", timed(render_thumbnail, with_preview, args.repeat))
    show("full decode (ref.)", timed(full_decode, blobs, args.repeat))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
