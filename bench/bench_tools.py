#!/usr/bin/env python3
"""Captioning tools: what spell checking and code replacements cost per keystroke.

Prints:
  * spell check of one caption paragraph (120 words) as the highlighter does it on each
    keystroke, warm cache (goal < 1 ms) and with every word new (the first sight of a text);
  * the code replacement check per keystroke, an ordinary character and a closing delimiter
    that expands (goal < 0.05 ms);
  * end to end: a typed character in the inspector's caption (a real Inspector, offscreen,
    QTest key clicks), with the typing aids on, and off (no spell service, no codes), so the
    difference is what they add (goal: < 2 ms added per keystroke);
  * the catalog's known names read (``Catalog.known_names``) on a 5,000-photo catalog, which
    the checker re-reads at most every 10 s;
  * loading the dictionaries (on a worker thread in the app) and one suggestion (in a worker
    process in the app).

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_tools.py
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CAPTION = (
    "Firefighters battle a blaze at a warehouse near the harbour in Lisbon, Portugal, on Tuesday, "
    "Sept. 9, 2025, as residents watch from the old market square. The fire, which started before dawn, "
    "destroyed three buildings and forced the evacuation of nearby homes, officials said. No injuries "
    "were reported. Police closed the main road to the port while crews from across the region worked to "
    "contain the flames, which were visible for miles. REUTERS/Pedro Nunes "
) * 1


def per_call(fn, n: int) -> float:
    """Median of 5 runs of n calls, in ms per call."""
    runs = []
    for _ in range(5):
        t = time.perf_counter()
        for _ in range(n):
            fn()
        runs.append((time.perf_counter() - t) / n * 1000)
    return statistics.median(runs)


def main() -> int:
    from app import spelling
    from app.codes import CodeTable

    t = time.perf_counter()
    why = spelling.preload()
    load_ms = (time.perf_counter() - t) * 1000
    if why:
        print(f"spell checking unavailable: {why}")
        return 1
    words = len(CAPTION.split())
    checker = spelling.SpellChecker(known=["Pedro Nunes"])
    checker.misspelt(CAPTION)
    warm = per_call(lambda: checker.misspelt(CAPTION), 200)

    def cold() -> None:
        checker._cache.clear()
        checker.misspelt(CAPTION)

    cold_ms = per_call(cold, 20)
    print(f"spell check, one {words}-word paragraph: warm {warm:.3f} ms (goal < 1 ms), "
          f"every word new {cold_ms:.3f} ms")

    table = CodeTable({f"c{i}": [f"Replacement {i}"] for i in range(2000)} | {"vg": ["Vadim Ghirda"]})
    text = CAPTION + " Photo by =vg="
    plain = per_call(lambda: table.expand_before(text, len(text) - 1), 20000)
    closing = per_call(lambda: table.expand_before(text, len(text)), 20000)
    print(f"code check per keystroke (2,001 codes): ordinary character {plain * 1000:.2f} us, "
          f"closing delimiter that expands {closing * 1000:.2f} us (goal < 50 us)")

    # End to end in a real inspector.
    from PySide6.QtCore import QSettings
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from app import codes
    from app.catalog import Catalog
    from ui import text_tools
    from ui.inspector import Inspector
    from ui.session import Session

    app = QApplication.instance() or QApplication([])
    tmp = Path(tempfile.mkdtemp())
    cat = Catalog.open(tmp / "c.sqlite")
    codes.save(cat, table)
    item = cat.add_caption_item({"caption": CAPTION, "creators": ["Pedro Nunes"]})
    session = Session(cat, qsettings=QSettings(str(tmp / "s.ini"), QSettings.Format.IniFormat))

    import ui.inspector as inspector_module

    def typing_ms(tools: bool) -> float:
        installed = inspector_module.install_text_tools
        if not tools:  # the inspector as it was before the typing aids
            inspector_module.install_text_tools = lambda *_a, **_k: {}
        try:
            w = Inspector(session)
        finally:
            inspector_module.install_text_tools = installed
        w.resize(420, 900)
        w.show()
        session.set_current([item])
        if tools:
            service = text_tools.spell_service(session)
            service.load()
            end = time.monotonic() + 10
            while not service.ready and time.monotonic() < end:
                app.processEvents()
                time.sleep(0.01)
        editor = w.editors["caption"].editor
        editor.setFocus()
        cursor = editor.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        editor.setTextCursor(cursor)
        app.processEvents()
        samples = []
        for ch in "and the harbour stayed closed " * 4:
            t0 = time.perf_counter()
            QTest.keyClick(editor, ch)
            app.processEvents()
            samples.append((time.perf_counter() - t0) * 1000)
        w._commit = lambda key: None  # nothing saved after the measurement
        w.close()
        w.deleteLater()
        app.processEvents()
        return statistics.median(samples)

    off = typing_ms(False)
    on = typing_ms(True)
    print(f"a typed character in the caption, end to end: {on:.2f} ms with the typing aids, {off:.2f} ms "
          f"without: {on - off:+.2f} ms added (goal < 2 ms)")

    from tests.uisession import make_big_catalog

    big = make_big_catalog(tmp / "big.sqlite", 5000)
    with Catalog.open(big) as bigcat:
        names_ms = per_call(lambda: bigcat.known_names(spelling.NAME_KEYS), 5)
    print(f"known names of a 5,000-photo catalog: {names_ms:.1f} ms (read at most every 10 s)")

    suggester = spelling.Suggester()
    t = time.perf_counter()
    suggester.suggestions_now("Firefigters", 60)
    first = (time.perf_counter() - t) * 1000
    t = time.perf_counter()
    suggester.suggestions_now("harbuor", 60)
    second = (time.perf_counter() - t) * 1000
    suggester.close()
    print(f"dictionaries loaded in {load_ms:.0f} ms (worker thread); suggestions in the worker process: "
          f"first {first:.0f} ms (process start and load), then {second:.0f} ms a word")
    session.tasks.wait(5000)
    cat.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
