"""The publication gate at any size: ``import-text`` and ``check`` of big galleries, whole processes.

    python bench/bench_gate.py [--sizes 20000,100000] [--rounds 5]

Makes (once, cached under bench/out/) the plain text of a published gallery page with N
captions: make_corpus's captions (``plan()``, the same generator as the photo corpus) behind
"(n of N)" counters, with the widget lines a browser copy holds. Then, for each size, runs as
separate processes, each in a fresh catalog:

* ``creditline import-text FILE --gallery G`` (goal: 100,000 captions in <= 10 s);
* ``creditline check --gallery G --format json`` on the fresh gallery (goal: 100,000 in <= 10 s);
* the same ``check`` again with nothing changed (goal: <= 0.5 s).

Every figure is the median of ``--rounds`` runs, the three commands alternating round after
round, so a burst of other work on the machine lands on one run of each rather than on all
runs of one. Each line says the load average when it was taken and the CPU the command used
(user + system, from wait4), which a busy machine does not inflate much. BENCH_QUICK=1 makes
the default sizes 2000,20000 and 3 rounds.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from machine import busy_seconds, load_line, others_cores, wait_quiet  # noqa: E402 - bench/ is the script's folder

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
MAKE_CORPUS = Path(os.environ.get("CREDITLINE_MAKE_CORPUS", ROOT.parent / "shared" / "tools" / "make_corpus.py"))
CREDITLINE = [sys.executable, "-m", "app"]
GOALS = {"import-text": 10.0, "check": 10.0, "check again": 0.5}
GOAL_SIZE = 100_000
CLEAN = 0.25  # a run is clean when other work kept fewer cores than this busy, on average, during it
# Children run as an installed app does: with compiled bytecode cached (pip compiles it at install;
# this sandbox sets PYTHONDONTWRITEBYTECODE, which would add ~0.1 s of compiling to every start).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def gallery_text(count: int) -> Path:
    """A browser copy of a gallery page with ``count`` photos (cached)."""
    path = OUT / f"gallery-text-{count}.txt"
    if path.exists():
        return path
    spec = importlib.util.spec_from_file_location("make_corpus", MAKE_CORPUS)
    if spec is None or not MAKE_CORPUS.exists():
        sys.exit(f"bench_gate.py: corpus generator not found at {MAKE_CORPUS}")
    mc = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mc)  # type: ignore[union-attr]
    print(f"making a gallery page of {count} captions in {path} (cached for next time) ...", flush=True)
    lines = ["The Year In Photos", "By Harriet Quill, Photo Editor", "Dec 31, 2026, 06:00 AM EST", ""]
    for n in range(1, count + 1):
        p = mc.plan(1, n)
        caption = " ".join(str(p["xmp"].get("dc:description") or p["iptc"].get("Caption-Abstract") or "").split())
        lines += [f"({n:02d} of {count})", "Open Image Modal", caption]
        if n % 7 == 0:
            lines.append("Share")
        if n % 25 == 0:
            lines.append("Advertisement")
    lines += ["", "Want more photos like these? Sign up for our newsletter."]
    OUT.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path


def run(args: list[str], stdout: int | None = subprocess.DEVNULL) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, cores other work kept busy meanwhile) of one whole process."""
    busy = busy_seconds()
    started = time.perf_counter()
    proc = subprocess.Popen(args, stdout=stdout, stderr=subprocess.PIPE, cwd=ROOT, env=ENV)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode not in (0, 1):
        sys.exit(f"bench_gate.py: {' '.join(args[3:])} failed ({proc.returncode}): {err.strip()[:400]}")
    cpu = usage.ru_utime + usage.ru_stime
    return wall, cpu, others_cores(busy, busy_seconds(), cpu, wall)


def one_round(text: Path, count: int, work: Path) -> dict[str, tuple[float, float, float]]:
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    catalog = str(work / "gate.sqlite")
    out: dict[str, tuple[float, float, float]] = {}
    out["import-text"] = run([*CREDITLINE, "--catalog", catalog, "import-text", str(text), "--gallery", "Year"])
    check = [*CREDITLINE, "--catalog", catalog, "check", "--gallery", "Year", "--format", "json"]
    report = work / "report.json"
    for label in ("check", "check again"):
        with report.open("wb") as fh:
            out[label] = run(check, stdout=fh.fileno())
    data = json.loads(report.read_bytes())
    if len(data["items"]) != count:
        sys.exit(f"bench_gate.py: the report has {len(data['items'])} items, expected {count}")
    out["_findings"] = (float(sum(len(i["findings"]) for i in data["items"])), 0.0, 0.0)
    return out


def main() -> int:
    quick = bool(os.environ.get("BENCH_QUICK"))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="2000,20000" if quick else "20000,100000")
    ap.add_argument("--rounds", type=int, default=3 if quick else 5)
    ap.add_argument("--wait", type=float, default=0 if quick else 60, metavar="SECONDS",
                    help="before each round, wait up to this long for other work to use under 0.3 cores")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    texts = {n: gallery_text(n) for n in sizes}
    one_round(gallery_text(200), 200, OUT / f"gate-warm-{os.getpid()}")  # compiles and caches the bytecode
    shutil.rmtree(OUT / f"gate-warm-{os.getpid()}", ignore_errors=True)
    print(f"{os.cpu_count()} cores; {load_line()}")
    for n in sizes:
        work = OUT / f"gate-{n}-{os.getpid()}"
        runs: dict[str, list[tuple[float, float]]] = {}
        loads = []
        for _ in range(args.rounds):
            waited, others = wait_quiet(args.wait) if args.wait else (0.0, float("nan"))
            loads.append((os.getloadavg()[0], others))
            for label, value in one_round(texts[n], n, work).items():
                runs.setdefault(label, []).append(value)
        shutil.rmtree(work, ignore_errors=True)
        findings = int(runs.pop("_findings")[0][0])
        print(f"gallery of {n:,} captions ({findings:,} findings), median of {args.rounds}; each round's load "
              f"average / cores other work kept busy just before it: "
              + ", ".join(f"{la:.1f}/{o:.1f}" for la, o in loads) + ":")
        for label, values in runs.items():
            clean = [v for v in values if v[2] < CLEAN]
            for title, chosen in (("", values), (" clean", clean)):
                if not chosen:
                    continue
                wall = statistics.median(v[0] for v in chosen)
                cpu = statistics.median(v[1] for v in chosen)
                others = statistics.median(v[2] for v in chosen)
                goal = GOALS[label]
                verdict = ""
                if n == GOAL_SIZE or label == "check again":
                    verdict = (f"  (goal <= {goal:g} s{' at 100,000' if label != 'check again' else ''}: "
                               f"{'OK' if wall <= goal else 'MISSED'})")
                spread = f"{min(v[0] for v in chosen):.2f}-{max(v[0] for v in chosen):.2f}"
                name = f"{label}{title} ({len(chosen)})" if title else label
                print(f"  {name:22s} {wall:7.2f} s wall (runs {spread}), {cpu:6.2f} s CPU, others {others:.2f} cores, "
                      f"{n / wall:9,.0f} items/s{verdict}")
    print(load_line())
    return 0


if __name__ == "__main__":
    sys.exit(main())
