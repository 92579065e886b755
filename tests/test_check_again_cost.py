"""`check` of an unchanged gallery does only what its answer needs (issue 15: <= 0.5 s at
20,000): no table-helper library loaded, the report's lines put in order without SQLite
sorting them, the escape scan of its JSON skipped for text with nothing to escape. Speed is
measured in bench/ (docs/benchmarks.md); these tests hold the behaviour those cuts rely on."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

from app.catalog import Catalog
from app.terminal import _JSON, json_escapes
from app.validation import check_gallery

ROOT = Path(__file__).resolve().parents[1]
CAPTIONS = [
    "Police stand guard in Lyon, France, June 3, 2026. REUTERS/Vadim Ghirda",
    "A man walks in Lyon, France, June 4, 2026. REUTERS/Vadim Ghirda",
    "Fans cheer in Lyon, France, June 3, 2026. REUTERS/Vadim Girda",
    "Commuters wait in Madrid, Spain, March 14, 2026. AFP PHOTO / JOSE MARTIN",
]


def test_check_of_an_unchanged_gallery_never_loads_sqlite_utils(tmp_path):
    """sqlite-utils (with click, dateutil, pluggy: ~0.1 s of CPU to import) serves the catalog's
    writes and migrations only; a check answered from stored findings reads. Fails before
    speed31: app.catalog imported it at the top."""
    path = tmp_path / "c.sqlite"
    with Catalog.open(path) as cat:
        g = cat.create_gallery("G")
        cat.add_caption_items([{"caption": t} for t in CAPTIONS], g.id)
        first, first_report = io.StringIO(), check_gallery(cat, "G")
        first_report.write_json(first)
    script = f"""
import contextlib, io, sys
from app.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    code = main(["--catalog", {str(path)!r}, "check", "--gallery", "G", "--format", "json"])
print(repr(("sqlite_utils" in sys.modules, code, out.getvalue())))
"""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT, env=env)
    loaded, code, report = eval(done.stdout.strip().splitlines()[-1])  # noqa: S307 - our own repr
    assert not loaded
    assert code == (1 if first_report.has_errors else 0)
    assert json.loads(report)["items"] == json.loads(first.getvalue())["items"]


def test_the_catalogs_connections_still_set_what_sqlite_utils_set(catalog_path):
    """The connection without sqlite-utils' wrapper keeps the wrapper's one setting (recursive
    triggers), and its table helpers still work when a write needs them."""
    with Catalog.open(catalog_path) as cat:
        assert cat.db.conn.execute("PRAGMA recursive_triggers").fetchone()[0] == 1
        g = cat.create_gallery("G")  # db["galleries"].insert: sqlite-utils, loaded on first use
        assert cat.gallery("G").id == g.id


def test_the_report_follows_the_gallery_order_and_skips_an_item_deleted_meanwhile(catalog_path):
    """The report's lines come back from SQLite unordered and are put in the gallery's order in
    Python: a gallery in the reverse of its ids' order, with an item deleted between the check
    and the writing of its report."""
    with Catalog.open(catalog_path) as cat:
        ids = cat.add_caption_items([{"caption": t} for t in CAPTIONS])
        g = cat.create_gallery("G")
        cat.add_to_gallery(g.id, ids[::-1])
        check_gallery(cat, "G")
        again = check_gallery(cat, "G")
        assert again.reused == len(ids)
        cat.delete_items([ids[1]])
        out = io.StringIO()
        again.write_json(out)
        items = json.loads(out.getvalue())["items"]
    assert [i["id"] for i in items] == [ids[3], ids[2], ids[0]]
    assert [i["position"] for i in items] == [1, 2, 3]  # the deletion closed the gap


def test_every_character_the_json_escapes_is_one_isprintable_refuses():
    """json_escapes returns printable text untouched without its regex scan: exact only while
    every character it escapes is not printable (control, format, surrogate)."""
    assert _JSON and all(not chr(c).isprintable() for c in _JSON)
    lines = [json.dumps({"c": f"Fans in Lyon {chr(c)} « © » – ’"}, ensure_ascii=False) for c in sorted(_JSON)]
    doc = ",\n".join(lines)
    assert json_escapes(doc) == doc.translate(_JSON) != doc
    assert json.loads(f"[{json_escapes(doc)}]") == json.loads(f"[{doc}]")
    plain = ",\n".join(json.dumps({"c": "Fans in Lyon « © » – ’ 서울"}, ensure_ascii=False) for _ in range(3))
    assert json_escapes(plain) is plain
    assert json_escapes("a\tb\rc\x85") == "a\tb\rc\\u0085"  # tab, CR: not escaped; NEL is
