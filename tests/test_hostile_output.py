"""What the CLI writes (issue 11 #14-#16): exports write through links and into FIFOs and
devices; control characters from metadata never reach a terminal raw; a 10 MB caption makes
a bounded PDF."""

from __future__ import annotations

import json
import os
import pty
import select
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from app.catalog import Catalog
from app.cli import main
from app.terminal import display_path, for_terminal, json_escapes
from tests.hostile import deadline

ROOT = Path(__file__).resolve().parents[1]
NASTY = "Fans cheer\x1b]0;owned\x07 in Lyon\x1b[2J\x9b31m \u202eAda Brin\u202c\x00. REUTERS/Ada Brin"


@pytest.fixture
def cat_path(tmp_path) -> Path:
    path = tmp_path / "c.sqlite"
    with Catalog.open(path) as cat:
        item = cat.add_caption_item({"caption": NASTY, "headline": "Head\x1bline", "city": "Lyon"})
        g = cat.create_gallery("g")
        cat.add_to_gallery(g.id, [item])
    return path


def _export(cat_path: Path, out: str, *extra: str) -> int:
    return main(["--catalog", str(cat_path), "export", "--gallery", "g", "--force", "-o", out, *extra])


def test_export_onto_a_link_replaces_the_target_and_keeps_the_link(cat_path, tmp_path):
    target = tmp_path / "sheets" / "real.csv"
    target.parent.mkdir()
    target.write_text("old\n")
    old_inode = target.stat().st_ino
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    assert _export(cat_path, str(link)) == 0
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert "Lyon" in target.read_text(encoding="utf-8")
    assert target.stat().st_ino != old_inode  # still replaced atomically (temp + rename), beside the target
    assert not [p for p in target.parent.iterdir() if p.name.startswith(".")]
    dangling = tmp_path / "dangling.csv"
    dangling.symlink_to(tmp_path / "sheets" / "new.csv")
    assert _export(cat_path, str(dangling)) == 0
    assert dangling.is_symlink() and (tmp_path / "sheets" / "new.csv").is_file()


def test_a_regular_file_is_still_replaced_atomically(cat_path, tmp_path):
    out = tmp_path / "sheet.csv"
    out.write_text("old\n")
    out.chmod(0o640)
    inode = out.stat().st_ino
    assert _export(cat_path, str(out)) == 0
    assert out.stat().st_ino != inode and (out.stat().st_mode & 0o777) == 0o640


@pytest.mark.parametrize("fmt", ["csv", "pdf"])
def test_export_into_a_fifo_writes_into_it(cat_path, tmp_path, fmt):
    fifo = tmp_path / f"pipe.{fmt}"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    with deadline(120, "export into a FIFO"):
        assert _export(cat_path, str(fifo)) == 0
        reader.join()
    assert fifo.is_fifo()  # not replaced by a file
    assert got[0].startswith(b"%PDF") if fmt == "pdf" else b"Lyon" in got[0]


def test_export_to_dev_stdout_and_dev_null(cat_path, tmp_path):
    done = subprocess.run([sys.executable, "-m", "app", "--catalog", str(cat_path), "export", "--gallery", "g",
                           "--force", "-o", "/dev/stdout", "--format", "json"], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["items"][0]["caption"] == NASTY  # the data, whole
    assert "wrote /dev/stdout" in done.stderr
    assert _export(cat_path, "/dev/null", "--format", "csv") == 0
    assert Path("/dev/null").is_char_device()


def _in_a_terminal(args: list[str]) -> str:
    """Run the CLI with a pseudo-terminal as stdout and stderr, as a person at a terminal does."""
    primary, secondary = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "app", *args], cwd=ROOT, stdout=secondary, stderr=secondary,
                            stdin=subprocess.DEVNULL)
    os.close(secondary)
    chunks = []
    with deadline(120, "a command on a terminal"):
        while True:
            ready, _, _ = select.select([primary], [], [], 0.5)
            if ready:
                try:
                    data = os.read(primary, 65536)
                except OSError:
                    break
                if not data:
                    break
                chunks.append(data)
            elif proc.poll() is not None:
                break
    proc.wait()
    os.close(primary)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.parametrize("command", [["show", "1"], ["list"], ["check"], ["export", "--gallery", "g", "--force",
                                                                           "-o", "-", "--format", "text"],
                                     ["list", "--format", "json"]])
def test_control_characters_never_reach_the_terminal_raw(cat_path, command):
    out = _in_a_terminal(["--catalog", str(cat_path), *command])
    assert "Traceback" not in out and ("Head" in out or "Ada Brin" in out)
    for raw in ("\x1b", "\x07", "\x9b", "\u202e", "\x00"):
        assert raw not in out, (command, raw)
    assert any(shown in out for shown in ("\\x1b", "\\u001b", "\\x9b", "\\u009b"))  # shown, not dropped


def test_pipes_get_the_data_and_json_gets_escapes(cat_path, capsys):
    assert main(["--catalog", str(cat_path), "show", "1", "--format", "json"]) == 0
    text = capsys.readouterr().out
    assert "\x1b" not in text and "\x9b" not in text and "\u202e" not in text
    assert json.loads(text)["fields"]["caption"]["value"] == NASTY
    assert main(["--catalog", str(cat_path), "export", "--gallery", "g", "--force", "-o", "-", "--format", "text"]) == 0
    assert NASTY in capsys.readouterr().out  # a pipe gets the text as it is, like a file


def test_export_files_keep_the_data_minus_what_their_format_forbids(cat_path, tmp_path):
    for fmt in ("csv", "json", "html", "txt"):
        assert _export(cat_path, str(tmp_path / f"s.{fmt}")) == 0
    assert NASTY in (tmp_path / "s.csv").read_text(encoding="utf-8")
    assert NASTY in (tmp_path / "s.txt").read_text(encoding="utf-8")
    assert json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))["items"][0]["caption"] == NASTY
    html = (tmp_path / "s.html").read_text(encoding="utf-8")
    assert "Fans cheer]0;owned in Lyon[2J31m" in html and "\x1b" not in html and "\x9b" not in html


def test_the_helpers():
    assert for_terminal("a\tb\nc\x1bd\u202e") == "a\tb\nc\\x1bd\\u202e"
    assert display_path(os.fsdecode(b"/x/caf\xe9.jpg")) == "/x/caf\\xe9.jpg"
    assert display_path("/x/café.jpg") == "/x/café.jpg"
    doc = json_escapes(json.dumps({"p": os.fsdecode(b"/x/\xff"), "c": "\x9b\u200f"}, ensure_ascii=False))
    assert json.loads(doc) == {"p": os.fsdecode(b"/x/\xff"), "c": "\x9b\u200f"}
    assert "\x9b" not in doc and "\u200f" not in doc


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) reads the PDF back")
def test_a_ten_megabyte_caption_makes_a_bounded_pdf(tmp_path):
    path = tmp_path / "c.sqlite"
    sentence = "Fans cheer in Lyon, France, on Monday as the team wins the final. "
    caption = sentence * (10_000_000 // len(sentence))
    with Catalog.open(path) as cat:
        item = cat.add_caption_item({"caption": caption + " REUTERS/Ada Brin"})
        g = cat.create_gallery("g")
        cat.add_to_gallery(g.id, [item])
    out = tmp_path / "s.pdf"
    with deadline(180, "a PDF of a 10 MB caption (it took over 2 minutes)"):
        assert main(["--catalog", str(path), "export", "--gallery", "g", "--force", "-o", str(out)]) == 0
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "more characters)" in text
    pages = text.count("\f")
    assert 1 <= pages <= 6
