"""How long the window stalls around a big background save: every photo of a big gallery
selected, one field edited (the inspector's multi-photo edit), saved on the task runner.

    QT_QPA_PLATFORM=offscreen python bench/bench_big_save.py CATALOG [--gallery NAME] [--runs 3] [--profile]

CATALOG is copied first (with its thumbnails folder), so runs start alike. A 5 ms QTimer
heartbeat on the UI thread: a gap between two ticks is how long the UI thread was busy. Said:
the longest gap from the edit until every task has ended (and the views have settled), the UI
thread's CPU in that time, and, with ``--profile``, the functions that took it (cProfile on the
UI thread only). The catalog of the figures in docs/benchmarks.md: the demo catalog with 2,000
make_corpus photos imported into its gallery (see there).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def run(catalog_path: Path, gallery: str | None, profile: bool) -> dict:
    from PySide6.QtCore import QSettings

    from app.catalog import Catalog
    from bench.heartbeat import Heartbeat
    from ui.app import apply_theme, make_application, tune_gc
    from ui.main_window import MainWindow
    from ui.sidebar import Source

    app = make_application()
    apply_theme("light")
    work = Path(tempfile.mkdtemp(prefix="bench-big-save-"))
    copy = work / catalog_path.name
    shutil.copy2(catalog_path, copy)
    thumbs = catalog_path.with_name(catalog_path.stem + "-thumbnails")
    if thumbs.is_dir():
        shutil.copytree(thumbs, work / thumbs.name)
    cat = Catalog.open(copy)
    settings = QSettings(str(work / "bench.ini"), QSettings.Format.IniFormat)
    w = MainWindow(cat, settings)
    w.resize(1440, 900)
    w.show()
    tune_gc()

    def pump(seconds: float, until=None) -> None:  # noqa: ANN001
        end = time.monotonic() + seconds
        while time.monotonic() < end and not (until is not None and until()):
            app.processEvents()
            time.sleep(0.001)

    pump(30, lambda: w._panels_built and not w.runner.active())
    if gallery:
        g = cat.gallery(gallery)
        w.sidebar.select_source(Source("gallery", g.id))
    pump(30, lambda: not w.runner.active())
    ids = w.model.ids()
    w.select_ids(ids)
    pump(60, lambda: not w.runner.active() and w.inspector._items and len(w.inspector._items) == len(ids))
    pump(1.0)

    # UI-thread CPU of the pieces that run when the save lands (what the machine's load cannot inflate).
    probes: dict[str, float] = {}

    def probe(obj, name: str, label: str) -> None:  # noqa: ANN001
        fn = getattr(obj, name)

        def timed(*a, **k):  # noqa: ANN002, ANN003, ANN202
            t = time.thread_time()
            try:
                return fn(*a, **k)
            finally:
                probes[label] = max(probes.get(label, 0.0), (time.thread_time() - t) * 1000)
        setattr(obj, name, timed)

    panel = w.findings_panel
    probe(panel.view, "updateGeometries", "findings list layout (longest)")
    probe(panel.model, "set_rows", "findings list rebuilt (longest)")
    heart = Heartbeat()
    pump(0.2)
    marks: dict[str, float] = {}
    w.session.saving_changed.connect(
        lambda saving: marks.__setitem__("landed" if not saving else "started", heart.now()))
    prof = cProfile.Profile() if profile else None
    cpu = time.thread_time()
    if prof is not None:
        prof.enable()
    marks["edit"] = heart.now()
    value = f"Bench Wire {time.time():.0f}"
    landing = w.session._save_landed

    def landed(*a):  # noqa: ANN002, ANN202
        t = time.thread_time()
        landing(*a)
        probes["save landed: every view told"] = (time.thread_time() - t) * 1000
    w.session._save_landed = landed
    read_landing = w.inspector._selection_read

    def read_landed(*a):  # noqa: ANN002, ANN202
        t = time.thread_time()
        read_landing(*a)
        probes["inspector's read landed (longest)"] = max(probes.get("inspector's read landed (longest)", 0.0),
                                                          (time.thread_time() - t) * 1000)
    w.inspector._selection_read = read_landed
    w.session.edit_fields({i: {"source": value} for i in ids}, "Edit Source")
    pump(120, lambda: "landed" in marks and not w.runner.active())
    pump(2.0)  # whatever the landing set off (reads, repaints, thumbnails)
    if prof is not None:
        prof.disable()
    ui_cpu = time.thread_time() - cpu
    gaps = heart.stop()
    worst = sorted(gaps, reverse=True)[:5]
    landed = marks.get("landed", 0.0)
    result = {"photos": len(ids), "longest_ms": worst[0][0] if worst else 0.0,
              "worst": [(round(g, 1), round(at - landed, 1)) for g, at in worst],
              "save_s": (landed - marks["edit"]) / 1000, "ui_cpu_s": ui_cpu,
              "probes": {k: round(v, 1) for k, v in probes.items()}}
    if prof is not None:
        out = work / "profile.txt"
        with out.open("w") as f:
            pstats.Stats(prof, stream=f).sort_stats("cumulative").print_stats(60)
        prof.dump_stats(str(work / "profile.pstats"))
        result["profile"] = str(out)
    w.close()
    pump(10, lambda: not w.isVisible())
    cat.close()
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("catalog", type=Path)
    ap.add_argument("--gallery", default="Storm Elowen (demo)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    for n in range(args.runs):
        r = run(args.catalog, args.gallery, args.profile)
        print(f"run {n + 1}: {r['photos']:,} photos selected, saved in {r['save_s']:.2f} s; longest UI stall "
              f"{r['longest_ms']:.0f} ms; worst gaps (ms, at ms after the save landed) {r['worst']}; "
              f"UI-thread CPU {r['ui_cpu_s']:.2f} s" + (f"; profile {r['profile']}" if "profile" in r else ""))
        print("    UI-thread CPU (ms): " + ", ".join(f"{k} {v}" for k, v in r["probes"].items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
