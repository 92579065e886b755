"""Import speed, whole processes: Creditline's `import` against ExifTool reading the same files.

    python bench/bench_import.py [--count 1000] [--width 1600 --height 1067] [--jobs N] [--rounds 5]

Makes (once, cached under bench/out/) a corpus of news photos with the shared generator, then
runs, round after round in alternation (so a burst of someone else's work lands on one run of
each, not on every run of one):

1. ``exiftool -j -fast2`` with the editorial tags only (what an editor's tool reads), one process;
2. ``creditline import FOLDER`` into a fresh catalog: the time until it prints "catalog complete"
   (every item stored and checked: the grid and the findings are there) and until it exits (the
   last thumbnail made);
3. ``creditline import --no-thumbnails FOLDER`` into a fresh catalog, until it exits.

Each figure is the median of the rounds, as a whole process from ``Popen`` (Python's start-up,
imports and worker start included), beside the CPU it used (user + system of the process and
its workers, from ``wait4``), which a busy machine inflates far less than the wall clock. The
ratios are ExifTool's time over ours (higher is faster), the median of each round's ratio.
Goals (issue 15): browsable and checked >= 3x ExifTool, thumbnails all made >= 1.0x,
``--no-thumbnails`` >= 4x. The load average and the other processes using the CPU are printed
with the figures. ``--stages N`` adds an in-process breakdown of the CPU per file over N files.
BENCH_QUICK=1 makes the default count 200 and 3 rounds.

Each import goes into a new scratch folder, deleted only when every figure has been taken: ext4
skips inodes freed in the last minute or more when it makes a file (``recently_deleted``, a scan
per create), so deleting the previous run's thumbnails just before an import made each
thumbnail write cost ~0.6 ms instead of ~0.03 ms. An editor's import does not follow a mass deletion.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from corpus import corpus  # noqa: E402 - bench/ is the script's folder
from machine import busy_seconds, load_line, others_cores, wait_quiet  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
CREDITLINE = [sys.executable, "-m", "app"]
GOALS = {"checked": 3.0, "thumbnails": 1.0, "no-thumbnails": 4.0}
CLEAN = 0.25  # cores other work may keep busy during a run of a "clean" round
CHECKED_LINE = "catalog complete:"
# Children run as an installed app does: with compiled bytecode cached (pip compiles it at install;
# this sandbox sets PYTHONDONTWRITEBYTECODE, which would add ~0.1 s of compiling to every start).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _scratch(prefix: str) -> Path:
    """A new, empty folder for one run; main() deletes them all after the last figure."""
    work = OUT / f"{prefix}-{os.getpid()}-{time.monotonic_ns()}"
    work.mkdir(parents=True)
    return work


def _clear_scratch() -> None:
    for prefix in ("import-catalog", "import-stages"):
        for work in OUT.glob(f"{prefix}-*"):
            shutil.rmtree(work, ignore_errors=True)


def _wait(proc: subprocess.Popen) -> float:
    """Reap ``proc``; its CPU seconds (user + system, its reaped workers included)."""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_utime + usage.ru_stime


def run_exiftool(folder: Path, tags: list[str]) -> dict[str, float]:
    """One ExifTool process reading the editorial tags: wall and CPU seconds, and how many
    cores other work kept busy meanwhile."""
    busy = busy_seconds()
    started = time.perf_counter()
    proc = subprocess.Popen(["exiftool", "-j", "-fast2", "-q", "-q", "-ext", "jpg", *tags, str(folder)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    cpu = _wait(proc)
    wall = time.perf_counter() - started
    return {"ended": wall, "cpu": cpu, "others": others_cores(busy, busy_seconds(), cpu, wall)}


def run_import(folder: Path, jobs: int, thumbnails: bool) -> dict[str, float]:
    """One ``creditline import`` into a fresh catalog: when the catalog was complete and
    checked (its line on stdout), when the process ended, and its CPU."""
    catalog = _scratch("import-catalog") / "catalog.sqlite"
    args = [*CREDITLINE, "--catalog", str(catalog), "import", str(folder), "--jobs", str(jobs)]
    if not thumbnails:
        args.append("--no-thumbnails")
    busy = busy_seconds()
    started = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, text=True, bufsize=1,
                            env=ENV)
    checked = None
    out = []
    assert proc.stdout is not None
    for line in proc.stdout:
        out.append(line)
        if checked is None and line.startswith(CHECKED_LINE):
            checked = time.perf_counter() - started
    cpu = _wait(proc)
    ended = time.perf_counter() - started
    err = proc.stderr.read() if proc.stderr else ""
    if proc.returncode != 0 or checked is None:
        sys.exit(f"bench_import.py: import failed ({proc.returncode}): {''.join(out)[-800:]}{err[-800:]}")
    return {"checked": checked, "ended": ended, "cpu": cpu, "others": others_cores(busy, busy_seconds(), cpu, ended)}


def editorial_tags() -> list[str]:
    sys.path.insert(0, str(ROOT))
    from app.fields import FIELDS  # noqa: PLC0415

    return sorted({f"-{t}" for f in FIELDS for t in (f.exiftool_iim, f.exiftool_xmp, f.exiftool_exif) if t})


def stages(folder: Path, count: int) -> None:
    """CPU per file of each stage, one after the other in this process (no pool), so the
    figures add up to what the workers and the parent spend; wall-clock load does not enter."""
    sys.path.insert(0, str(ROOT))
    import hashlib  # noqa: PLC0415

    from PIL import Image  # noqa: PLC0415

    from app import thumbnails  # noqa: PLC0415
    from app.catalog import Catalog  # noqa: PLC0415
    from app.importer import read_many, thumbnail_one  # noqa: PLC0415
    from app.metadata.read import read_file  # noqa: PLC0415
    from app.validation import check_fingerprint, check_items, context_for  # noqa: PLC0415

    files = sorted(folder.glob("*.jpg"))[:count]
    work = _scratch("import-stages")
    cat = Catalog.open(work / "catalog.sqlite")
    read_file(files[0])  # imports and first-use set-up are not per-file costs
    timings: dict[str, float] = {}

    def timed(label: str, fn, items):  # noqa: ANN001, ANN202
        t = time.process_time()
        out = [fn(x) for x in items]
        timings[label] = time.process_time() - t
        return out

    datas = timed("read bytes", lambda p: p.read_bytes(), files)
    timed("sha256 (in read_file)", lambda d: hashlib.sha256(d).hexdigest(), datas)
    results = timed("read_file (metadata)", lambda pd: read_file(pd[0], data=pd[1]), list(zip(files, datas, strict=True)))
    # What an import's worker does per file before the rules (its bytes, read_file, the C2PA look),
    # in the chunks the pool sends.
    timed("a worker's read_many (chunks of 8)", lambda chunk: read_many(chunk, None),
          [[str(p) for p in files[i:i + 8]] for i in range(0, len(files), 8)])
    # Content Credentials: the worker asks c2pa only when this header look finds a manifest box.
    from app.provenance import read_for_import  # noqa: PLC0415

    timed("C2PA manifest-box check", lambda dr: read_for_import(dr[0], dr[1].facts.format),
          list(zip(datas, results, strict=True)))

    def store(batch):  # noqa: ANN001, ANN202
        with cat.batch():
            return [o.item_id for o in cat.apply_reads([(r, None) for r in batch])]

    ids = [i for chunk in timed("catalog apply_reads (batches of 100)", store,
                                [results[i:i + 100] for i in range(0, len(results), 100)]) for i in chunk]
    ctx = context_for(cat)
    fp = check_fingerprint(cat)
    timed("rules + store findings (batches of 100)", lambda chunk: check_items(cat, chunk, ctx, fp),
          [ids[i:i + 100] for i in range(0, len(ids), 100)])
    thumbs_dir = str(cat.thumbnails_dir)
    timed("thumbnail (read, decode, resize, encode, write)",
          lambda r: thumbnail_one((r.facts.path, r.facts.content_hash, r.facts.orientation, r.facts.size,
                                   r.facts.mtime_ns), thumbs_dir), results)

    def decode(data: bytes, edge: int = thumbnails.THUMB_SIZE) -> Image.Image:
        im = Image.open(io.BytesIO(data))
        im.draft("RGB", (edge, edge))
        im.decodermaxblock = max(len(data), 65536)
        im.load()
        return im

    timed("  of which: draft decode (1/4 scale)", decode, datas)
    timed("floor: 1/8-scale decode", lambda d: decode(d, thumbnails.THUMB_SIZE // 2), datas)
    cat.close()
    print(f"stages, CPU per file over {len(files)} files in one process:")
    for label, seconds in timings.items():
        if not label.startswith(("sha256", "floor")):
            print(f"  {label:48s} {seconds / len(files) * 1000:6.2f} ms")
    print(f"  {'(of read_file: sha256)':48s} {timings['sha256 (in read_file)'] / len(files) * 1000:6.2f} ms")
    print(f"  {'(1/8-scale decode: the entropy-decoding floor)':48s} "
          f"{timings['floor: 1/8-scale decode'] / len(files) * 1000:6.2f} ms")


def main() -> int:
    quick = bool(os.environ.get("BENCH_QUICK"))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, default=200 if quick else 1000)
    ap.add_argument("--width", type=int, default=1600)
    ap.add_argument("--height", type=int, default=1067)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--rounds", type=int, default=3 if quick else 5)
    ap.add_argument("--wait", type=float, default=0 if quick else 60, metavar="SECONDS",
                    help="before each round, wait up to this long for other work to use under 0.3 cores")
    ap.add_argument("--stages", type=int, default=0, metavar="N",
                    help="also print CPU per file of each stage over N files in one process")
    args = ap.parse_args()

    folder = corpus(args.count, args.width, args.height)
    files = sorted(folder.glob("*.jpg"))
    mean_kib = sum(p.stat().st_size for p in files) / len(files) / 1024
    have_exiftool = shutil.which("exiftool") is not None
    tags = editorial_tags()
    print(f"{len(files)} files of {args.width}x{args.height} (mean {mean_kib:.0f} KiB), {args.jobs} jobs, "
          f"{os.cpu_count()} cores; {args.rounds} rounds alternating exiftool, import, import --no-thumbnails")
    warm = _scratch("import-catalog")  # compiles and caches the bytecode, as an install would
    subprocess.run([*CREDITLINE, "--catalog", str(warm / "c.sqlite"), "import", str(files[0])], env=ENV, cwd=ROOT,
                   check=True, capture_output=True)
    print(f"before: {load_line()}")
    rounds: list[dict[str, dict[str, float]]] = []
    loads = []
    for _ in range(args.rounds):
        waited, before = wait_quiet(args.wait) if args.wait else (0.0, float("nan"))
        loads.append((os.getloadavg()[0], before, waited))
        r: dict[str, dict[str, float]] = {}
        if have_exiftool:
            r["exiftool"] = run_exiftool(folder, tags)
        full = run_import(folder, args.jobs, thumbnails=True)
        r["checked"] = {"ended": full["checked"], "cpu": float("nan"), "others": full["others"]}
        r["thumbnails"] = full
        r["no-thumbnails"] = run_import(folder, args.jobs, thumbnails=False)
        rounds.append(r)
    print("each round: load average, cores other work kept busy just before it (after waiting up to "
          f"{args.wait:g} s for a lull): " + ", ".join(f"{la:.1f}/{o:.1f} ({w:.0f} s)" for la, o, w in loads))
    labels = {"exiftool": "exiftool -j -fast2 (editorial tags)",
              "checked": "import: catalog complete and checked",
              "thumbnails": "import: last thumbnail made (exit)",
              "no-thumbnails": "import --no-thumbnails (exit)"}
    # A round is clean when other work kept under CLEAN cores busy, on average, during each of
    # its runs: its figures are what a quiet machine gives; the others show what a shared one does.
    clean = [r for r in rounds if all(v["others"] < CLEAN for v in r.values())]
    for title, chosen in (("all rounds", rounds), (f"clean rounds (other work < {CLEAN} cores during every run)",
                                                  clean)):
        if not chosen:
            print(f"{title}: none")
            continue
        print(f"{title}: {len(chosen)} of {len(rounds)}, medians")
        for label, text in labels.items():
            values = [r[label] for r in chosen if label in r]
            if not values:
                continue
            wall = statistics.median(v["ended"] for v in values)
            cpus = [v["cpu"] for v in values if v["cpu"] == v["cpu"]]
            cpu = f", {statistics.median(cpus):5.2f} s CPU" if cpus else ""
            others = statistics.median(v["others"] for v in values)
            line = (f"  {text:38s} {wall:6.2f} s (runs {min(v['ended'] for v in values):.2f}-"
                    f"{max(v['ended'] for v in values):.2f}){cpu:16s} others {others:.2f} cores")
            if label in GOALS and have_exiftool:
                ratios = [r["exiftool"]["ended"] / r[label]["ended"] for r in chosen]
                ratio = statistics.median(ratios)
                goal = GOALS[label]
                line += (f"  {ratio:4.2f}x exiftool (rounds {min(ratios):.2f}-{max(ratios):.2f}; "
                         f"goal >= {goal:g}x: {'OK' if ratio >= goal else 'MISSED'})")
            print(line)
    if have_exiftool:
        # What a quiet machine gives at best: ExifTool on one core, our processes on all of them.
        cores = min(args.jobs, os.cpu_count() or 1)
        ex_cpu = statistics.median(r["exiftool"]["cpu"] for r in rounds)
        for label in ("thumbnails", "no-thumbnails"):
            ours = statistics.median(r[label]["cpu"] for r in rounds)
            print(f"  CPU-bound ratio, {labels[label]}: exiftool {ex_cpu:.2f} s CPU on 1 core, ours "
                  f"{ours:.2f} s CPU over {cores} = {ex_cpu * cores / ours:.2f}x")
    print(f"after: {load_line()}")
    if args.stages:
        stages(folder, min(args.stages, len(files)))
    _clear_scratch()
    return 0


if __name__ == "__main__":
    sys.exit(main())
