"""Where the CPU of ``creditline check --format json`` goes, over its whole process tree.

    python bench/check_account.py [--size 20000] [--profile]

Imports (once per run, into a fresh catalog) the cached gallery page of ``bench_gate.py``, then
runs ``check --gallery G --format json`` in a child process that wraps the check's steps: the
parent's steps are stamped (CPU, wall, minor faults, time in garbage collection), each worker
task is timed with ``os.times()`` and its result pickled once more to count its bytes, and
``gc.callbacks`` count the collections of every process. The tree's total comes from
``wait4``. Prints the parent's timeline, each worker's tasks, and the account per item: parent
before the workers, while they run, after them, and the workers. ``--profile`` adds cProfile of
every worker task (the top of the merged profile, by cumulative time; it doubles their CPU).

Not a goal of its own (``bench_gate.py`` holds the goals): the account the docs' table of
``check`` comes from. It wraps functions of ``app.validation`` by name; a step that no longer
exists is left out of the timeline, not an error.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_gate import ENV, gallery_text  # noqa: E402 - bench/ is the script's folder

ROOT = Path(__file__).resolve().parents[1]
STEPS = {  # what the parent's timeline shows: (module, owner, name)
    "app.catalog": [("Catalog", n) for n in ("open", "quick_check", "backup_if_due", "check_records",
                                             "checks_current", "store_findings", "close")],
    "app.validation": [(None, n) for n in ("check_fingerprint", "context_for", "_warm", "_store",
                                           "_set_scope_members")]
    + [("CheckReport", "write_json"), ("_Checks", "__init__"), ("_Checks", "close")],
    "app.rules": [(None, "run_gallery_parts")],  # check_gallery imports it from there when it runs
}


def child(out: str, catalog: str, profile: bool) -> None:
    """The check, run as ``creditline`` would run it, with its steps wrapped."""
    import gc  # noqa: PLC0415
    import importlib  # noqa: PLC0415
    import resource  # noqa: PLC0415

    pt, wall = time.process_time, time.perf_counter
    t0 = wall()
    gcs = {"n": [0, 0, 0], "t": 0.0, "at": 0.0, "t0": t0}

    def on_gc(phase: str, info: dict) -> None:
        if phase == "start":
            gcs["at"] = pt()
        else:
            gcs["n"][info["generation"]] += 1
            gcs["t"] += pt() - gcs["at"]

    gc.callbacks.append(on_gc)
    os.register_at_fork(after_in_child=lambda: gcs.update(n=[0, 0, 0], t=0.0))
    parent = os.getpid()
    stamps: list[tuple] = []

    def faults() -> int:
        return resource.getrusage(resource.RUSAGE_SELF).ru_minflt

    def wrap(owner: object, name: str, label: str) -> None:
        fn = getattr(owner, name, None)
        if fn is None:
            return

        def stamped(*a: object, **k: object) -> object:
            if os.getpid() != parent:
                return fn(*a, **k)
            w, c, f, g = wall(), pt(), faults(), gcs["t"]
            try:
                return fn(*a, **k)
            finally:
                stamps.append((label, w - t0, wall() - t0, c, pt(), faults() - f, gcs["t"] - g))

        setattr(owner, name, stamped)

    for module_name, names in STEPS.items():
        module = importlib.import_module(module_name)
        for owner_name, name in names:
            owner = getattr(module, owner_name) if owner_name else module
            wrap(owner, name, f"{owner_name + '.' if owner_name else ''}{name}")
    import app.cli as cli  # noqa: PLC0415
    import app.validation as validation  # noqa: PLC0415

    checks = validation._Checks
    rows = checks.__iter__

    def consumed(self: object):  # the parent's part while the workers run
        w, c, f = wall(), pt(), faults()
        yield from rows(self)
        stamps.append(("(the workers run; the parent takes their rows)", w - t0, wall() - t0, c, pt(),
                       faults() - f, 0.0))

    checks.__iter__ = consumed
    _TASK.update(task=validation._worker_check, out=out, profile=profile, gcs=gcs, faults=faults)
    validation._worker_check = _timed_task  # module-level: the pool pickles it by name
    exit_at_once = cli._exit_at_once

    def at_exit(code: int) -> None:
        ru, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        with open(f"{out}/parent.json", "w") as fh:
            json.dump({"stamps": stamps, "cpu": ru.ru_utime + ru.ru_stime, "faults": ru.ru_minflt,
                       "children_cpu": kids.ru_utime + kids.ru_stime, "gc_n": gcs["n"], "gc_s": gcs["t"]}, fh)
        exit_at_once(code)

    cli._exit_at_once = at_exit
    sys.argv = ["creditline", "--catalog", catalog, "check", "--gallery", "G", "--format", "json"]
    sys.exit(cli.main())


_TASK: dict = {}  # the worker task _timed_task wraps, and where it writes (set in child())


def _timed_task(ids: list, *a: object, **k: object) -> object:
    """A worker task, timed (``os.times``), its result pickled once more to count its bytes."""
    import pickle  # noqa: PLC0415

    out, gcs, faults = _TASK["out"], _TASK["gcs"], _TASK["faults"]
    prof = None
    if _TASK["profile"]:
        import cProfile  # noqa: PLC0415

        prof = cProfile.Profile()
        prof.enable()
    w, before, f, g, gn = time.perf_counter(), os.times(), faults(), gcs["t"], list(gcs["n"])
    result = _TASK["task"](ids, *a, **k)
    after = os.times()
    if prof is not None:
        prof.disable()
        prof.dump_stats(f"{out}/task-{os.getpid()}-{w:.6f}.prof")
    p = time.process_time()
    size = len(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    record = {"items": len(ids), "cpu": after.user + after.system - before.user - before.system,
              "start": w - gcs["t0"], "end": time.perf_counter() - gcs["t0"], "faults": faults() - f,
              "gc_s": gcs["t"] - g, "gc_n": [x - y for x, y in zip(gcs["n"], gn, strict=True)], "bytes": size,
              "pickle_s": time.process_time() - p}
    with open(f"{out}/worker-{os.getpid()}.jsonl", "a") as fh:
        fh.write(json.dumps(record) + "\n")
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=20_000, help="captions in the gallery (default 20,000)")
    ap.add_argument("--profile", action="store_true", help="cProfile every worker task (doubles their CPU)")
    ap.add_argument("--child", nargs=2, metavar=("OUT", "CATALOG"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(*args.child, args.profile)
        return 0
    text = gallery_text(args.size)
    with tempfile.TemporaryDirectory(prefix="check-account-") as tmp:
        catalog = str(Path(tmp) / "catalog.sqlite")
        subprocess.run([sys.executable, "-m", "app", "--catalog", catalog, "import-text", "--gallery", "G",
                        str(text)], check=True, cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL)
        out = str(Path(tmp) / "account")
        os.mkdir(out)
        started = time.perf_counter()
        with open(Path(tmp) / "report.json", "wb") as fh:
            proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--child", out, catalog,
                                     *(["--profile"] if args.profile else [])], cwd=ROOT, env=ENV, stdout=fh)
            _, status, ru = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) not in (0, 1):
            print(f"check_account.py: the check ended with {os.waitstatus_to_exitcode(status)}")
            return 1
        report(args.size, out, wall, ru)
        if args.profile:
            import pstats  # noqa: PLC0415

            pstats.Stats(*glob.glob(f"{out}/task-*.prof")).sort_stats("cumulative").print_stats(40)
        shutil.rmtree(out)
    return 0


def report(n: int, out: str, wall: float, ru: os.struct_rusage) -> None:
    tree = ru.ru_utime + ru.ru_stime
    p = json.load(open(f"{out}/parent.json"))
    workers = {f: [json.loads(line) for line in open(f)] for f in sorted(glob.glob(f"{out}/worker-*.jsonl"))}
    print(f"check --format json of {n:,} captions: {wall:.2f} s wall, {tree:.2f} s CPU over the process tree "
          f"(user {ru.ru_utime:.2f}, sys {ru.ru_stime:.2f}), {ru.ru_minflt:,} minor faults; load {os.getloadavg()[0]:.1f}")
    print(f"parent {p['cpu']:.2f} s CPU, {p['faults']:,} faults, {sum(p['gc_n'])} collections {p['gc_s']:.3f} s; "
          f"workers {p['children_cpu']:.2f} s CPU")
    print(f"\n{'parent step':50} {'from':>7} {'to':>7} {'CPU s':>7} {'faults':>7} {'gc s':>6}")
    for label, w0, w1, c0, c1, f, g in sorted(p["stamps"], key=lambda s: s[1]):
        print(f"{label[:50]:50} {w0:7.3f} {w1:7.3f} {c1 - c0:7.3f} {f:7d} {g:6.3f}")
    first = min((r["start"] for rs in workers.values() for r in rs), default=0.0)
    last = max((r["end"] for rs in workers.values() for r in rs), default=0.0)
    before = next((s[3] for s in p["stamps"] if s[0].startswith("(the workers")), p["cpu"])
    during = sum(s[4] - s[3] for s in p["stamps"] if s[0].startswith("(the workers"))
    print()
    for name, rs in workers.items():
        items, cpu = sum(r["items"] for r in rs), sum(r["cpu"] for r in rs)
        print(f"worker {Path(name).stem[7:]}: {len(rs)} tasks, {items:,} items, {cpu:.2f} s CPU in them "
              f"({cpu / max(items, 1) * 1e6:.0f} us an item), {sum(sum(r['gc_n']) for r in rs)} collections "
              f"{sum(r['gc_s'] for r in rs):.3f} s, {sum(r['faults'] for r in rs):,} faults, results "
              f"{sum(r['bytes'] for r in rs) / 1e6:.2f} MB pickled, tasks from {rs[0]['start']:.2f} to {rs[-1]['end']:.2f} s")
    if len(workers) > 1:
        ends = sorted(rs[-1]["end"] for rs in workers.values())
        print(f"the workers' last tasks ended {ends[-1] - ends[0]:.2f} s apart")
    after = p["cpu"] - before - during
    print(f"\nper item: {tree / n * 1e6:.1f} us = parent before the workers {before / n * 1e6:.1f} + while they run "
          f"{during / n * 1e6:.1f} + after {after / n * 1e6:.1f} + workers {p['children_cpu'] / n * 1e6:.1f} "
          f"(the workers' tasks {first:.2f}-{last:.2f} s of {wall:.2f} s wall)")


if __name__ == "__main__":
    sys.exit(main())
