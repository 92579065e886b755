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
print(repr(("sqlite_utils" in sys.modules, code, out.getvalue(),
            sorted(m for m in ("platformdirs", "importlib.resources") if m in sys.modules))))
"""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT, env=env)
    loaded, code, report, locating = eval(done.stdout.strip().splitlines()[-1])  # noqa: S307 - our own repr
    assert not loaded
    # Given --catalog and running no rule, it looks up neither the user's folders nor the
    # bundled resources (speed36: ~3 ms of its start).
    assert locating == []
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


def test_the_utf8_escape_test_says_what_json_escapes_would_do():
    """The report's lines go out as the UTF-8 bytes SQLite made, unless json_escapes would change
    their text: json_escapes_needed answers that from the bytes (their non-ASCII part only)."""
    from app.terminal import json_escapes_needed

    texts = ["", "plain ASCII, \t tab and \r return", "Fans in Türkiye « © » – ’ 서울 \u00a0 \u2028 \U0001f4f7",
             *(f"Fans in Lyon {chr(c)} « © » – ’" for c in sorted(_JSON) if not 0xD800 <= c < 0xE000),
             "DEL \x7f", "C0 \x01 \x1b (JSON writers escape these; json_escapes does not)"]
    for text in texts:
        line = json.dumps({"c": text}, ensure_ascii=False)
        assert json_escapes_needed(line.encode()) == (json_escapes(line) != line), text
    # A file name that is no UTF-8, as os.fsdecode holds it, kept by "surrogatepass"; and bytes
    # that are no UTF-8 at all: both go the slow way, which decodes and escapes them.
    assert json_escapes_needed(json.dumps({"p": os.fsdecode(b"/x/\xff")}, ensure_ascii=False).encode("utf-8", "surrogatepass"))
    assert json_escapes_needed(b'{"c": "caf\xe9"}')
    # A lead byte and a stray continuation byte with ASCII between them: no UTF-8, though the
    # non-ASCII part alone ("\xc3\xa9") would read as "é".
    assert json_escapes_needed(b'{"c": "\xc3a\xa9"}')


def test_the_report_written_as_bytes_is_the_text_report_escaped(catalog_path):
    """`check --format json` writes the lines SQLite made as bytes when nothing needs an escape,
    else as text through json_escapes: either way the stream gets what the report's text with its
    escapes holds, for a gallery with control and format characters in a caption and one of plain
    text, each with a line made in Python (its record no longer current)."""
    from app.commands.check import _Escaped

    galleries = {"nasty": ["Fans cheer in Lyon\u202e, France\x9b, June 3, 2026.\x7f REUTERS/Vadim Ghirda", *CAPTIONS],
                 "plain": CAPTIONS}
    with Catalog.open(catalog_path) as cat:
        for name, captions in galleries.items():
            cat.add_caption_items([{"caption": t} for t in captions], cat.create_gallery(name).id)
            check_gallery(cat, name)
        for name, captions in galleries.items():
            report = check_gallery(cat, name)
            assert report.reused == len(captions)
            # Edited after the check, before its report is written: that line is made in Python.
            cat.set_fields(cat.gallery_item_ids(cat.gallery(name).id)[-1], {"caption": captions[-1] + " Edited."})
            text = io.StringIO()
            report.write_json(text)
            raw = io.BytesIO()
            stream = io.TextIOWrapper(raw, encoding="utf-8", newline="")
            escaped = _Escaped(stream)
            assert escaped.raw is raw  # the bytes way is open to it
            report.write_json(escaped)
            stream.flush()
            assert raw.getvalue().decode("utf-8") == json_escapes(text.getvalue())
            assert not any(c in raw.getvalue().decode("utf-8") for c in "\u202e\x9b\x7f")
            items = json.loads(raw.getvalue())["items"]
            assert [i["caption"] for i in items] == [*captions[:-1], captions[-1] + " Edited."]


def test_the_report_read_along_the_gallery_falls_back_to_the_ids_where_the_gallery_changed(catalog_path, monkeypatch):
    """A gallery's report lines are read along its position index, a chunk at a time, each chunk
    checked against the report's ids: from the first chunk where the gallery no longer holds them
    in that order (moved after the check), the lines are read by id, in the report's order, with
    the positions the gallery has now. Chunks of two items, so the switch happens mid-report."""
    import app.catalog

    monkeypatch.setattr(app.catalog, "LIGHT_CHUNK", 2)
    with Catalog.open(catalog_path) as cat:
        g = cat.create_gallery("G")
        cat.add_caption_items([{"caption": t} for t in [*CAPTIONS, *CAPTIONS[:2]]], g.id)
        check_gallery(cat, "G")
        report = check_gallery(cat, "G")
        ids = list(report.ids)
        lines = [[r[0] for r in rows] for rows in cat.check_report_lines(ids, g.id, report.fingerprint, report.scope)]
        assert lines == [ids[0:2], ids[2:4], ids[4:6]]
        cat.move_items(g.id, [ids[5]], 3)  # the gallery is now ids 0-2, 5, 3, 4
        out = io.StringIO()
        report.write_json(out)
        items = json.loads(out.getvalue())["items"]
    assert [i["id"] for i in items] == ids
    assert [i["position"] for i in items] == [1, 2, 3, 5, 6, 4]
    assert all(i["caption"] and "findings" in i for i in items)
