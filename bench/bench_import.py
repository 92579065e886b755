"""Import speed: Creditline's import (metadata + thumbnails + catalog) against ExifTool.

    python bench/bench_import.py [--count 2000] [--width 1600 --height 1067] [--jobs N]

Makes (once, cached under bench/out/) a realistic corpus with the shared generator, imports
it into a fresh catalog with thumbnails, and prints files/s, CPU per file and peak memory; then times
``exiftool -j -fast2`` reading only the editorial fields of the same files and prints the
ratio (goal: Creditline >= 1.5x), also for an import without thumbnails (what ExifTool does:
metadata only). BENCH_QUICK=1 makes the default count 200.

Each import goes into a new scratch folder, and the scratch folders are deleted only when
every figure has been taken: ext4 skips inodes freed in the last minute or more when it
makes a file (``recently_deleted``, a scan per create), so deleting the previous run's
2,000 thumbnails just before an import made each thumbnail write cost ~0.6 ms instead of
~0.03 ms. An editor's import does not follow a mass deletion. Runs started less than a
minute or two after the previous one still pay some of it.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from corpus import corpus  # noqa: E402 - bench/ is the script's folder

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
GOAL = 1.5


def _cpu() -> tuple[float, float]:
    """(this process, its reaped children) user+system CPU seconds."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime


def stages(folder: Path, count: int) -> None:
    """CPU per file of each stage, one after the other in this process (no pool), so the
    figures add up to what a worker and the parent spend; wall-clock load does not enter."""
    sys.path.insert(0, str(ROOT))
    import hashlib  # noqa: PLC0415

    from app.catalog import Catalog  # noqa: PLC0415
    from app.metadata.read import open_photo, read_file  # noqa: PLC0415
    from app.thumbnails import ThumbnailCache, render_thumbnail  # noqa: PLC0415

    files = sorted(folder.glob("*.jpg"))[:count]
    work = _scratch("import-stages")
    cat = Catalog.open(work / "catalog.sqlite")
    cache = ThumbnailCache(cat.thumbnails_dir)
    read_file(files[0])  # imports and first-use set-up are not per-file costs
    timings: dict[str, float] = {}

    def timed(label: str, fn, items):  # noqa: ANN001, ANN202
        t = time.process_time()
        out = [fn(x) for x in items]
        timings[label] = time.process_time() - t
        return out

    # The way app.importer.read_one does it: the bytes read once, the header parsed once
    # and shared by the reader and the thumbnail.
    datas = timed("read bytes", lambda p: p.read_bytes(), files)
    photos = timed("image header (Pillow, shared)", lambda pd: open_photo(pd[1], pd[0]),
                   list(zip(files, datas, strict=True)))
    timed("sha256 (in read_file)", lambda d: hashlib.sha256(d).hexdigest(), datas)
    results = timed("read_file (metadata)", lambda pdi: read_file(pdi[0], data=pdi[1], photo=pdi[2]),
                    list(zip(files, datas, photos, strict=True)))
    thumbs = timed("thumbnail (decode+resize+encode)",
                   lambda dri: render_thumbnail(dri[0], dri[1].facts.orientation, dri[2]),
                   list(zip(datas, results, photos, strict=True)))
    timed("thumbnail file write", lambda rt: cache.put(rt[0].facts.content_hash, rt[1].jpeg),
          list(zip(results, thumbs, strict=True)))
    # Content Credentials: the worker asks c2pa only when this header look finds a manifest box.
    from app.provenance import read_for_import  # noqa: PLC0415

    timed("C2PA manifest-box check", lambda dr: read_for_import(dr[0], dr[1].facts.format),
          list(zip(datas, results, strict=True)))
    # The thumbnail's own parts, the way app.thumbnails does them for these JPEGs.
    from PIL import Image  # noqa: PLC0415

    from app import thumbnails  # noqa: PLC0415

    def decode(data: bytes, edge: int = thumbnails.THUMB_SIZE) -> Image.Image:
        im = Image.open(io.BytesIO(data))
        im.draft("RGB", (edge, edge))
        im.decodermaxblock = max(len(data), 65536)
        im.load()
        return im

    decoded = timed("  of which: draft decode (1/4 scale)", decode, datas)
    # Not a stage: a 1/8-scale decode (200 px, too small for the thumbnail) still has to
    # entropy-decode every coefficient, so it shows what no JPEG thumbnail can go below.
    timed("floor: 1/8-scale decode", lambda d: decode(d, thumbnails.THUMB_SIZE // 2), datas)
    small = timed("  of which: resize", lambda im: im.resize(
        (thumbnails.THUMB_SIZE, round(thumbnails.THUMB_SIZE * im.height / im.width)), thumbnails._RESAMPLE), decoded)
    timed("  of which: JPEG encode", lambda im: im.save(io.BytesIO(), "JPEG", quality=thumbnails.JPEG_QUALITY), small)

    def store(batch):  # noqa: ANN001, ANN202
        with cat.batch():
            for r in batch:
                cat.apply_read(r, r.facts.content_hash)

    timed("catalog apply_read (batches of 100)", store, [results[i:i + 100] for i in range(0, len(results), 100)])
    cat.close()
    methods = {t.method for t in thumbs}
    print(f"stages, CPU per file over {len(files)} files in one process (thumbnail method: {', '.join(methods)}):")
    for label, seconds in timings.items():
        if label.startswith(("sha256", "  ", "floor")):
            continue
        print(f"  {label:38s} {seconds / len(files) * 1000:6.2f} ms")
        if label.startswith("thumbnail ("):
            for sub, sub_seconds in timings.items():
                if sub.startswith("  "):
                    print(f"  {sub:38s} {sub_seconds / len(files) * 1000:6.2f} ms")
    print(f"  {'(of read_file: sha256)':38s} {timings['sha256 (in read_file)'] / len(files) * 1000:6.2f} ms")
    total = sum(v for k, v in timings.items() if not k.startswith(("sha256", "  ", "floor")))
    print(f"  {'total':38s} {total / len(files) * 1000:6.2f} ms = {len(files) / total:.0f} files per CPU-second")
    print(f"  {'(1/8-scale decode: the entropy floor)':38s} "
          f"{timings['floor: 1/8-scale decode'] / len(files) * 1000:6.2f} ms")


def _scratch(prefix: str) -> Path:
    """A new, empty folder for one run; main() deletes them all after the last figure."""
    work = OUT / f"{prefix}-{os.getpid()}"
    shutil.rmtree(work, ignore_errors=True)  # only a leftover of a crashed run with the same pid
    work.mkdir(parents=True)
    return work


def _clear_scratch() -> None:
    for prefix in ("import-catalog", "import-stages"):
        for work in OUT.glob(f"{prefix}*"):
            shutil.rmtree(work, ignore_errors=True)


def measure(folder: Path, jobs: int, thumbnails: bool) -> dict:
    """The import itself, in this (fresh) process so the memory figures are its own."""
    sys.path.insert(0, str(ROOT))
    from app.catalog import Catalog  # noqa: PLC0415
    from app.importer import import_paths  # noqa: PLC0415

    work = _scratch("import-catalog")  # a fresh catalog and an empty thumbnail cache
    cat = Catalog.open(work / "catalog.sqlite")
    cpu0 = _cpu()
    started = time.perf_counter()
    summary = import_paths(cat, [folder], jobs=jobs, thumbnails=thumbnails)
    seconds = time.perf_counter() - started
    parent_cpu, workers_cpu = (b - a for a, b in zip(cpu0, _cpu(), strict=True))  # workers are reaped by now
    cat.close()
    files = summary.added + summary.failed
    return {"files": files, "added": summary.added, "failed": summary.failed, "seconds": seconds,
            "files_per_second": files / seconds,
            "parent_cpu_ms": parent_cpu / files * 1000, "workers_cpu_ms": workers_cpu / files * 1000,
            # ru_maxrss is in KiB on Linux; children = the largest worker process.
            "peak_parent_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "peak_worker_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def exiftool_rate(folder: Path, files: int) -> tuple[float, float] | None:
    """(files/s, CPU ms per file)."""
    exiftool = shutil.which("exiftool")
    if not exiftool:
        return None
    sys.path.insert(0, str(ROOT))
    from app.fields import FIELDS  # noqa: PLC0415

    tags = sorted({f"-{t}" for f in FIELDS
                   for t in (f.exiftool_iim, f.exiftool_xmp, f.exiftool_exif) if t})
    cpu0 = _cpu()[1]
    started = time.perf_counter()
    subprocess.run([exiftool, "-j", "-fast2", "-q", "-q", "-ext", "jpg", *tags, str(folder)], check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    return files / seconds, (_cpu()[1] - cpu0) / files * 1000


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, default=200 if os.environ.get("BENCH_QUICK") else 2000)
    ap.add_argument("--width", type=int, default=1600)
    ap.add_argument("--height", type=int, default=1067)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--rounds", type=int, default=2, help="interleaved rounds; the best of each is kept")
    ap.add_argument("--measure", metavar="FOLDER", help=argparse.SUPPRESS)  # internal: the child run
    ap.add_argument("--no-thumbnails", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--stages", type=int, default=200, metavar="N",
                    help="also print CPU per file of each stage over N files in one process (0: skip)")
    args = ap.parse_args()
    if args.measure:
        print(json.dumps(measure(Path(args.measure), args.jobs, not args.no_thumbnails)))
        return 0

    folder = corpus(args.count, args.width, args.height)
    # The machine is shared: rounds interleave the three runs and the best of each is kept,
    # so a burst of someone else's work does not decide the ratio.
    runs: dict[str, dict] = {}
    rate: float | None = None
    exiftool_cpu_ms = 0.0
    for _ in range(args.rounds):
        for label, extra in (("with thumbnails", []), ("metadata only", ["--no-thumbnails"])):
            child = subprocess.run([sys.executable, __file__, "--measure", str(folder), "--jobs", str(args.jobs),
                                    *extra], check=True, capture_output=True, text=True)
            r = json.loads(child.stdout.strip().splitlines()[-1])
            if label not in runs or r["files_per_second"] > runs[label]["files_per_second"]:
                runs[label] = r
        x = exiftool_rate(folder, runs["with thumbnails"]["files"])
        if x is not None and x[0] > (rate or 0.0):
            rate, exiftool_cpu_ms = x
    for label, r in runs.items():
        print(f"import {label}: {r['files']} files ({args.width}x{args.height}, {args.jobs} jobs) "
              f"in {r['seconds']:.2f} s = {r['files_per_second']:.1f} files/s; failed {r['failed']}; "
              f"CPU per file: parent {r['parent_cpu_ms']:.2f} ms + workers {r['workers_cpu_ms']:.2f} ms; "
              f"peak memory parent {r['peak_parent_mib']:.0f} MiB, largest worker {r['peak_worker_mib']:.0f} MiB")
    if rate is None:
        print("exiftool: not installed, comparison skipped")
    else:
        print(f"exiftool -j -fast2 (editorial fields only, one process): {rate:.1f} files/s; "
              f"CPU per file {exiftool_cpu_ms:.2f} ms")
        for label, r in runs.items():
            ratio = r["files_per_second"] / rate
            print(f"ratio {label}: {ratio:.2f}x (goal >= {GOAL}x) {'OK' if ratio >= GOAL else 'BELOW GOAL'}")
        # Wall clock on a shared machine depends on the neighbours; CPU per file does not. An
        # idle machine gives the import its cores and ExifTool one, so this is the ratio to expect there.
        cores = min(args.jobs, os.cpu_count() or 1)
        for label, r in runs.items():
            ours = r["parent_cpu_ms"] + r["workers_cpu_ms"]
            print(f"CPU-bound ratio {label} on {cores} idle cores: {cores / ours:.3f} / {1 / exiftool_cpu_ms:.3f} "
                  f"files per CPU-ms = {cores * exiftool_cpu_ms / ours:.2f}x")
    if args.stages:  # last: it grows this process, whose size later children would report as theirs
        stages(folder, min(args.stages, args.count))
    _clear_scratch()
    return 0


if __name__ == "__main__":
    sys.exit(main())
