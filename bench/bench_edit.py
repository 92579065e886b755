"""Editing latency in the desktop app: what a photo editor waits for after typing.

    QT_QPA_PLATFORM=offscreen python bench/bench_edit.py [--items 5000] [--gallery 300]

Builds a catalog of caption items, opens a Session with the Inspector and the
FindingsPanel (showing a gallery), then times, through the same calls the widgets make:
one saved edit (catalog write + findings of that item + every widget refreshed), its
undo, selecting one and many items, and "Apply this fix everywhere" on the gallery.
BENCH_QUICK=1 makes the default sizes 1,000 items and a 100-item gallery.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.catalog import Catalog  # noqa: E402
from app.validation import refresh_findings  # noqa: E402

WORDS = ("border refugees parliament election storm flood match final protest summit harbour "
         "minister strike festival wildfire rescue vote rally market bridge").split()
CITIES = (("Lyon", "France"), ("Oslo", "Norway"), ("Kyiv", "Ukraine"), ("Rome", "Italy"))
CREDITS = ("(AP Photo/Ann Lee)", "REUTERS/Bo Chu", "(Photo by Tom Ek/AFP via Getty Images)")


def caption(rnd: random.Random, n: int) -> dict:
    city, country = rnd.choice(CITIES)
    words = " ".join(rnd.choice(WORDS) for _ in range(22))
    if n % 3 == 0:
        words = words.replace(" ", " the the ", 1)  # a fixable finding on every third item
    return {"caption": f"People at the {words} in {city}, {country}, on Tuesday, May 7, 2024. "
                       f"{rnd.choice(CREDITS)}",
            "city": city, "country": country, "creators": ["Ann Lee"], "credit_line": "AP", "source": "AP"}


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def timed(fn, repeat: int) -> tuple[float, float]:  # noqa: ANN001
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), max(times)


def main() -> int:
    quick = os.environ.get("BENCH_QUICK") == "1"
    ap = argparse.ArgumentParser()
    ap.add_argument("--items", type=int, default=1000 if quick else 5000)
    ap.add_argument("--gallery", type=int, default=100 if quick else 300)
    args = ap.parse_args()

    app = QApplication.instance() or QApplication([])
    from ui.findings_panel import FindingsPanel  # noqa: PLC0415 - after the QApplication
    from ui.inspector import Inspector  # noqa: PLC0415
    from ui.session import Session  # noqa: PLC0415

    tmp = Path(tempfile.mkdtemp(prefix="bench-edit-"))
    cat = Catalog.open(tmp / "catalog.sqlite")
    rnd = random.Random(7)
    t = time.perf_counter()
    with cat.batch():
        ids = [cat.add_caption_item(caption(rnd, n)) for n in range(args.items)]
    gallery = cat.create_gallery("bench")
    gallery_ids = ids[: args.gallery]
    cat.add_to_gallery(gallery.id, gallery_ids)
    refresh_findings(cat, ids)
    print(f"catalog: {args.items} items, gallery of {args.gallery} (built and checked in "
          f"{time.perf_counter() - t:.1f} s)")

    session = Session(cat, qsettings=QSettings(str(tmp / "s.ini"), QSettings.Format.IniFormat))
    inspector = Inspector(session)
    inspector.resize(420, 900)
    panel = FindingsPanel(session)
    session.set_current_gallery(gallery)
    panel.set_item_ids(gallery_ids)
    inspector.show()
    panel.show()
    app.processEvents()

    target = gallery_ids[1]
    session.set_current([target])
    editor = inspector.editors["caption"]
    base = editor.text()
    counter = iter(range(10**6))

    def one_edit() -> None:
        # What the debounce timer does: the editor's text is saved through the session.
        editor.editor.setPlainText(f"{base} {next(counter)}")
        editor.flush()
        editor.token += 1  # as if the field lost the focus: each save is its own undo step

    med, worst = timed(one_edit, 40)
    print(f"save one caption edit (write, recheck item, refresh inspector + panel of {args.gallery}):"
          f" median {ms(med)}, worst {ms(worst)}")
    med, worst = timed(session.undo_stack.undo, 20)
    print(f"undo one edit (same refreshes):    median {ms(med)}, worst {ms(worst)}")

    med, worst = timed(lambda: (session.set_current([gallery_ids[rnd.randrange(args.gallery)]]),
                                session.tasks.wait(2000)), 30)
    print(f"select one item (form + findings): median {ms(med)}, worst {ms(worst)}")
    many = gallery_ids[:50]
    med, worst = timed(lambda: (session.set_current([]), session.set_current(many)), 10)
    print(f"select 50 items (mixed values):    median {ms(med)}, worst {ms(worst)}")

    t = time.perf_counter()
    changed = session.apply_fix_everywhere("doubled-word", gallery)
    took = time.perf_counter() - t
    print(f"apply 'doubled-word' fix everywhere: {changed} items in {ms(took)}")
    t = time.perf_counter()
    session.undo_stack.undo()
    print(f"undo it:                              {ms(time.perf_counter() - t)}")

    session.tasks.wait(5000)
    cat.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
