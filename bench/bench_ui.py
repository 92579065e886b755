#!/usr/bin/env python3
"""Desktop UI speed on a 100,000-item catalog (offscreen).

Prints:
  * startup: process start -> first screen of items painted (goal < 1.5 s), measured in a
    fresh subprocess (Python start, imports, catalog open, window, first paint);
  * scroll: the longest event-loop stall while the table scrolls from top to bottom
    (goal < 50 ms), measured with a 5 ms QTimer heartbeat;
  * filter: keystroke in the search box -> view updated (goal < 150 ms), including the
    filter bar's debounce;
  * peak memory of the process that did all of the above (goal < 500 MB).

The catalog is built once through the Catalog API and cached in bench/out/
(not committed). Items carry a file path and a thumbnail key (64 real thumbnails
shared between them) so thumbnails load as they would after an import.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_ui.py [--items 100000]

BENCH_QUICK=1 makes the default 5,000 items and one startup run.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import io
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"

CITIES = [("Porto", "Portugal"), ("Lisbon", "Portugal"), ("Madrid", "Spain"), ("Lyon", "France"),
          ("Turin", "Italy"), ("Ghent", "Belgium"), ("Leipzig", "Germany"), ("Krakow", "Poland")]
AGENCIES = [("AP", "AP Photo/{p}"), ("Reuters", "REUTERS/{p}"), ("AFP", "{p} / AFP"), ("EPA", "EPA/{p}")]
FIRST = ["Ana", "Rui", "Marta", "Joao", "Sofia", "Luis", "Ines", "Pedro", "Clara", "Tomas", "Helena", "Duarte"]
LAST = ["Quintela", "Avelar", "Ramalho", "Serra", "Lacerda", "Falcao", "Mendonca", "Durao", "Costa", "Pires"]
WHAT = ["Residents clear mud from", "Firefighters work near", "Supporters gather outside", "Workers repair",
        "Police patrol", "Children play in", "Vendors set up stalls in", "Commuters wait at"]
WHERE = ["the old market", "a flooded street", "the city hall", "the main station", "the harbour",
         "a school yard", "the cathedral square", "the river bank"]


def _thumbnail_jpegs(n: int) -> list[tuple[str, bytes]]:
    from PIL import Image, ImageDraw

    out = []
    for i in range(n):
        img = Image.new("RGB", (256, 171), (40 + i * 3 % 200, 80, 140 - i % 100))
        d = ImageDraw.Draw(img)
        for k in range(6):
            d.rectangle([k * 42, 60 + (i * k) % 60, k * 42 + 30, 171], fill=(200 - k * 20, 120, 60 + k * 25))
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=80)
        data = buf.getvalue()
        out.append((hashlib.sha256(data).hexdigest(), data))
    return out


def build_catalog(path: Path, count: int) -> None:
    from app.catalog import Catalog
    from app.model import EmbeddedField, FileFacts, Finding, ReadResult, Severity
    from app.thumbnails import ThumbnailCache

    if path.exists():
        cat = Catalog.open(path)
        try:
            if cat.count_items() >= count and not cat.stale_item_ids(limit=1):
                return  # (a catalog with stale items predates the checked-library build: rebuilt)
        finally:
            cat.close()
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    rng = random.Random(7)
    cat = Catalog.open(path)
    thumbs = _thumbnail_jpegs(64)
    cache = ThumbnailCache(cat.thumbnails_dir)
    for key, data in thumbs:
        cache.put(key, data)
    # A checked library: every item has its findings (most none), so nothing is stale and the
    # window's background check of stale findings does not run during the measurements.
    findings: dict[int, list] = {}
    for start in range(0, count, 2000):
        with cat.batch():
            for i in range(start, min(count, start + 2000)):
                city, country = rng.choice(CITIES)
                agency, form = rng.choice(AGENCIES)
                person = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
                caption = (f"{rng.choice(WHAT)} {rng.choice(WHERE)} in {city}, {country}, on March "
                           f"{1 + i % 28}, 2026. Photo {i}. ({form.format(p=person)})")
                values = {"caption": caption, "headline": f"{rng.choice(WHAT)} {rng.choice(WHERE)}",
                          "creators": [person], "credit_line": agency, "source": agency, "city": city,
                          "country": country, "date_created": f"2026-03-{1 + i % 28:02d}"}
                facts = FileFacts(path=f"/bench/photos/{i // 1000:03d}/IMG_{i:06d}.jpg", size=2_000_000,
                                  mtime_ns=1_700_000_000_000_000_000 + i, content_hash=f"{i:064x}",
                                  format="JPEG", width=6000, height=4000)
                fields = {k: EmbeddedField(k, v, "xmp", {"xmp": v}) for k, v in values.items()}
                outcome = cat.apply_read(ReadResult(facts=facts, fields=fields), thumbs[i % len(thumbs)][0])
                if i % 10 == 3:
                    findings[outcome.item_id] = [Finding("missing-credit", Severity.ERROR, "caption", "demo")]
                elif i % 10 == 6:
                    findings[outcome.item_id] = [Finding("doubled-word", Severity.WARNING, "caption", "demo")]
                else:
                    findings[outcome.item_id] = []
        print(f"  built {min(count, start + 2000):,} items", end="\r", flush=True)
    cat.store_findings(findings)
    gallery = cat.create_gallery("Bench gallery")
    cat.add_to_gallery(gallery.id, list(range(1, 61)))
    cat.close()
    print(f"  built {count:,} items in {time.monotonic() - started:.1f} s into {path}")


# --- the child process: startup to first screen -----------------------------------------

def child_startup(catalog: str) -> None:
    t_import = time.time()
    from PySide6.QtCore import QEvent, QObject, QSettings, QTimer

    from app.catalog import Catalog
    from ui.app import apply_theme, make_application
    from ui.main_window import TABLE, MainWindow

    app = make_application()
    apply_theme("light")
    cat = Catalog.open(catalog)
    settings = QSettings(str(Path(catalog).with_suffix(".ini")), QSettings.Format.IniFormat)
    settings.clear()
    settings.setValue("window/view_mode", TABLE)
    w = MainWindow(cat, settings)
    result: dict = {}

    def painted() -> None:
        if "t" not in result and w.model.fetches > 0:  # that paint fetched and drew rows
            result["t"] = time.time()

    class PaintWatch(QObject):
        def eventFilter(self, obj, event):  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint and "t" not in result:
                QTimer.singleShot(0, painted)  # runs once this paint has returned
            return False

    w.panels_ready.connect(lambda: result.setdefault("panels", time.time()))
    watch = PaintWatch()
    w.table.viewport().installEventFilter(watch)
    w.grid.viewport().installEventFilter(watch)
    w.resize(1440, 900)
    w.show()
    deadline = time.time() + 30
    while ("t" not in result or "panels" not in result) and time.time() < deadline:
        app.processEvents()
        time.sleep(0.001)
    print(json.dumps({"first_paint": result.get("t"), "panels": result.get("panels"),
                      "imports_started": t_import, "rows": w.model.rowCount()}))
    close_window(app, w)
    cat.close()


def measure_startup(catalog: Path, runs: int) -> tuple[list[float], list[float]]:
    times, panels = [], []
    for _ in range(runs):
        t0 = time.time()
        out = subprocess.run([sys.executable, __file__, "--child-startup", str(catalog)], capture_output=True,
                             text=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, check=True)
        rec = json.loads(out.stdout.strip().splitlines()[-1])
        if rec["first_paint"] is None:
            raise SystemExit("startup child never painted a screen of items")
        times.append(rec["first_paint"] - t0)
        panels.append((rec["panels"] or float("nan")) - t0)
    return times, panels


# --- in process: scrolling, filtering, memory ---------------------------------------------

class StepProbe:
    """What ran in each scroll step, on the UI thread (``--breakdown``): each probe wraps one
    piece of the scroll path and adds its thread CPU time (ms) and calls to the step's record.
    The wrappers cost a little themselves (about a microsecond a call, most of it on ``data()``),
    so a breakdown run's step times are a little above a plain run's."""

    PARTS = ("fetch", "thumb_request", "thumb_arrived", "scale", "paint", "data_calls", "gc")

    def __init__(self) -> None:
        self.step: dict[str, float] = {}
        self.steps: list[dict[str, float]] = []

    def add(self, part: str, ms: float, calls: int = 1) -> None:
        self.step[part] = self.step.get(part, 0.0) + ms
        self.step[part + "_n"] = self.step.get(part + "_n", 0) + calls

    def timed(self, part: str, fn):  # noqa: ANN001, ANN202
        def wrapper(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            t = time.thread_time()
            try:
                return fn(*args, **kwargs)
            finally:
                self.add(part, (time.thread_time() - t) * 1000)
        return wrapper

    def install_classes(self) -> None:
        """Probes that must be in place before the window is built (Qt virtuals, delegates'
        module functions)."""
        from PySide6.QtWidgets import QTableView  # noqa: PLC0415

        import ui.views  # noqa: PLC0415
        from ui.models import ItemTableModel  # noqa: PLC0415

        probe = self
        table_data = ItemTableModel.data

        def data(self, index, role=0):  # noqa: ANN001, ANN202 - Qt's signature
            probe.step["data_calls"] = probe.step.get("data_calls", 0) + 1
            return table_data(self, index, role)

        table_paint = ui.views.ItemTable.__dict__.get("paintEvent", QTableView.paintEvent)

        def paint_event(self, event) -> None:  # noqa: ANN001
            t = time.thread_time()
            table_paint(self, event)
            probe.add("paint", (time.thread_time() - t) * 1000)

        scaled = ui.views._SCALED

        def fitted(p, rect, pm) -> None:  # noqa: ANN001 - count only the cache misses' scale
            n = len(scaled)
            t = time.thread_time()
            draw_fitted(p, rect, pm)
            if len(scaled) != n or len(scaled) == ui.views._SCALED_MAX:
                probe.add("scale", (time.thread_time() - t) * 1000)

        draw_fitted = ui.views.draw_pixmap_fitted
        ItemTableModel.data = data
        ui.views.ItemTable.paintEvent = paint_event
        ui.views.draw_pixmap_fitted = fitted

    def install_window(self, w) -> None:  # noqa: ANN001
        for model in (w.table_model, w.grid_model):
            model._fetch_page = self.timed("fetch", model._fetch_page)
        w.thumbnails._request = self.timed("thumb_request", w.thumbnails._request)
        w.thumbnails._arrived = self.timed("thumb_arrived", w.thumbnails._arrived)

    def on_gc(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._gc_at = time.thread_time()
        else:
            self.add("gc", (time.thread_time() - self._gc_at) * 1000)

    def end_step(self, set_value_ms: float, total_ms: float) -> None:
        self.step["set_value"] = set_value_ms
        self.step["total"] = total_ms
        self.steps.append(self.step)
        self.step = {}

    def report(self, worst: int = 20) -> str:
        cols = ("total", "set_value", "paint", "fetch", "thumb_request", "thumb_arrived", "scale", "gc")
        head = (f"{'step':>6} " + " ".join(f"{c:>13}" for c in cols) + f" {'data()':>7} {'fetches':>7}"
                f" {'arrived':>7} {'scaled':>6} {'paints':>6}")
        lines = [f"the {worst} steps with the most UI-thread CPU (ms; paint includes fetch, thumb_request,"
                 " scale and the data() calls made while painting)", head]
        order = sorted(range(len(self.steps)), key=lambda i: -self.steps[i]["total"])
        def row(label: str, s: dict) -> str:  # noqa: E306
            return (f"{label:>6} " + " ".join(f"{s.get(c, 0.0):13.2f}" for c in cols)
                    + f" {s.get('data_calls', 0):7.0f} {s.get('fetch_n', 0):7.0f}"
                    f" {s.get('thumb_arrived_n', 0):7.0f} {s.get('scale_n', 0):6.0f} {s.get('paint_n', 0):6.0f}")
        for i in order[:worst]:
            lines.append(row(str(i), self.steps[i]))
        n = max(1, len(self.steps))
        mean = {k: sum(s.get(k, 0.0) for s in self.steps) / n
                for k in (*cols, "data_calls", "fetch_n", "thumb_arrived_n", "scale_n", "paint_n")}
        lines.append(row("mean", mean))
        return "\n".join(lines)


def measure_in_process(catalog: Path, probe: StepProbe | None = None, max_steps: int | None = None) -> dict:
    from PySide6.QtCore import QSettings
    from PySide6.QtTest import QTest

    from app.catalog import Catalog
    from bench.heartbeat import Heartbeat
    from ui.app import apply_theme, make_application, tune_gc
    from ui.main_window import TABLE, MainWindow

    app = make_application()
    apply_theme("light")
    cat = Catalog.open(catalog)
    settings = QSettings(str(OUT / "bench-ui.ini"), QSettings.Format.IniFormat)
    settings.clear()
    if probe is not None:
        probe.install_classes()
    w = MainWindow(cat, settings)
    if probe is not None:
        probe.install_window(w)
    w.resize(1440, 900)
    w.show()
    w.set_view_mode(TABLE)
    app.processEvents()
    tune_gc()  # as run_app does

    def pump(seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.001)

    pump(0.5)
    rows = w.model.rowCount()

    # Heartbeat: the gap between ticks is how long the UI thread was busy.
    heart = Heartbeat()

    gc_pauses: list[float] = []
    gc_start: list[float] = [0.0]

    def on_gc(phase: str, info: dict) -> None:
        if phase == "start":
            gc_start[0] = time.perf_counter()
        else:
            gc_pauses.append((time.perf_counter() - gc_start[0]) * 1000)

    gc.callbacks.append(on_gc)
    if probe is not None:
        gc.callbacks.append(probe.on_gc)
    bar = w.table.verticalScrollBar()
    step = bar.pageStep()
    scroll_started = time.monotonic()
    step_cpu: list[float] = []  # UI-thread CPU per step: what the machine's load cannot inflate
    bar.setValue(0)
    while bar.value() < bar.maximum() and (max_steps is None or len(step_cpu) < max_steps):
        # One page per tick: the speed of holding Page Down (a flick of the wheel is slower).
        cpu = time.thread_time()
        bar.setValue(min(bar.maximum(), bar.value() + step))
        set_value = time.thread_time()
        app.processEvents()
        step_cpu.append((time.thread_time() - cpu) * 1000)
        if probe is not None:
            probe.end_step((set_value - cpu) * 1000, step_cpu[-1])
    scroll_seconds = time.monotonic() - scroll_started
    gc.callbacks.remove(on_gc)
    if probe is not None:
        gc.callbacks.remove(probe.on_gc)
    pump(0.3)
    gaps = [gap for gap, _ in heart.stop()]
    pages = len(step_cpu)

    # Filter: keystrokes into the search box; time until the new ids are on screen.
    filter_times = []
    done: dict[str, float | None] = {"t": None}
    w.ids_applied.connect(lambda: done.__setitem__("t", time.monotonic()))
    for text in ("Porto", "harbour", "Ramalho", "mud", "Photo 99999", "Krakow"):
        w.filter_bar.search.clear()
        pump(0.3)
        w.filter_bar.search.setFocus()
        QTest.keyClicks(w.filter_bar.search, text[:-1])
        pump(0.2)
        done["t"] = None
        start = time.monotonic()
        QTest.keyClick(w.filter_bar.search, text[-1])
        while done["t"] is None and time.monotonic() - start < 10:
            app.processEvents()
            time.sleep(0.0005)
        w.table.viewport().repaint()  # the updated rows drawn
        filter_times.append((time.monotonic() - start) * 1000)
    result = {
        "rows": rows, "scroll_pages": pages, "scroll_seconds": scroll_seconds,
        "max_stall_ms": max(gaps) if gaps else 0.0, "p99_stall_ms": sorted(gaps)[int(len(gaps) * 0.99)] if gaps else 0,
        "filter_ms": filter_times, "max_step_cpu_ms": max(step_cpu), "gc_max_ms": max(gc_pauses, default=0.0),
        "p99_step_cpu_ms": sorted(step_cpu)[int(len(step_cpu) * 0.99)], "item_fetches": w.table_model.fetches,
        "cached_rows": w.table_model.cached_count(), "cached_thumbnails": w.thumbnails.cached_count(),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    close_window(app, w)
    cat.close()
    return result


def close_window(app, w) -> None:  # noqa: ANN001
    """Close the window the way the app does: a background task still running (the check of
    stale findings) is cancelled and the window closes once it has ended; only then may the
    catalog close under it."""
    w.close()
    deadline = time.time() + 60
    while w.isVisible() and time.time() < deadline:
        app.processEvents()
        time.sleep(0.005)
    w.runner.pool.waitForDone(10_000)


def stale_copy(catalog: Path) -> Path:
    """A copy of ``catalog`` (with its thumbnails) whose every finding is stale."""
    import shutil  # noqa: PLC0415

    from app.catalog import Catalog  # noqa: PLC0415

    copy = catalog.with_name(catalog.stem + "-stale.sqlite")
    for suffix in ("", "-wal", "-shm"):
        Path(str(copy) + suffix).unlink(missing_ok=True)
    src = Catalog.open(catalog)
    try:
        src.db.conn.execute("VACUUM INTO ?", (str(copy),))  # a consistent copy of a WAL database
        thumbs = src.thumbnails_dir
    finally:
        src.close()
    cat = Catalog.open(copy)
    try:
        if not Path(cat.thumbnails_dir).exists():
            shutil.copytree(thumbs, cat.thumbnails_dir)
        print(f"stale copy: {cat.mark_findings_stale():,} items' findings made stale ({copy})")
    finally:
        cat.close()
    return copy


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    quick = os.environ.get("BENCH_QUICK") == "1"
    ap.add_argument("--items", type=int, default=5_000 if quick else 100_000)
    ap.add_argument("--startup-runs", type=int, default=1 if quick else 3)
    ap.add_argument("--stale", action="store_true",
                    help="measure on a copy whose findings are all stale (as after a rule setting changed), "
                         "so the window checks them in the background while the measurements run")
    ap.add_argument("--breakdown", action="store_true",
                    help="also print what ran in the 20 scroll steps with the most UI-thread CPU (fetches, "
                         "thumbnails, scaling, paint, data() calls, garbage collection)")
    ap.add_argument("--no-startup", action="store_true", help="skip the start-up runs")
    ap.add_argument("--max-steps", type=int, help="scroll only this many pages (a quick look; not the goal's figure)")
    ap.add_argument("--child-startup", metavar="CATALOG", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child_startup:
        child_startup(args.child_startup)
        return 0
    catalog = OUT / f"ui-{args.items}.sqlite"
    build_catalog(catalog, args.items)
    if args.stale:
        catalog = stale_copy(catalog)
    startup, panels = measure_startup(catalog, 0 if args.no_startup else args.startup_runs)
    probe = StepProbe() if args.breakdown else None
    r = measure_in_process(catalog, probe, args.max_steps)
    ok = {
        "startup": max(startup, default=0) < 1.5, "scroll": r["max_stall_ms"] < 50,
        "filter": max(r["filter_ms"]) < 150, "memory": r["peak_rss_mb"] < 500,
    }
    print(f"catalog: {r['rows']:,} items ({catalog}); load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} CPUs")
    if startup:
        print(f"startup to first screen of items: median {statistics.median(startup):.2f} s, "
              f"max {max(startup):.2f} s over {len(startup)} runs  (goal < 1.5 s) {'OK' if ok['startup'] else 'MISSED'}")
        print(f"  inspector and findings panel ready: median {statistics.median(panels):.2f} s")
    print(f"scroll top to bottom: {r['scroll_pages']:,} pages in {r['scroll_seconds']:.1f} s; longest stall "
          f"{r['max_stall_ms']:.1f} ms, p99 {r['p99_stall_ms']:.1f} ms  (goal < 50 ms) "
          f"{'OK' if ok['scroll'] else 'MISSED'}")
    print(f"  UI-thread CPU per scroll step: max {r['max_step_cpu_ms']:.1f} ms, p99 {r['p99_step_cpu_ms']:.1f} ms;"
          f" longest garbage collection {r['gc_max_ms']:.1f} ms")
    print(f"  rows fetched in {r['item_fetches']:,} pages; cache holds {r['cached_rows']:,} rows, "
          f"{r['cached_thumbnails']:,} thumbnails")
    print(f"filter keystroke -> view updated: median {statistics.median(r['filter_ms']):.0f} ms, "
          f"max {max(r['filter_ms']):.0f} ms  (goal < 150 ms) {'OK' if ok['filter'] else 'MISSED'}")
    print(f"peak memory: {r['peak_rss_mb']:.0f} MB  (goal < 500 MB) {'OK' if ok['memory'] else 'MISSED'}")
    if probe is not None:
        print(probe.report())
    return 0  # figures, not a gate: a missed goal says MISSED above


if __name__ == "__main__":
    sys.exit(main())
