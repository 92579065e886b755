"""Round 39 (hostile39): the app's worker paths and the CLI against hostile files, catalogs and
disks, as a newsroom pipeline meets them. Each test failed before its fix; none is timed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.catalog import Catalog
from app.cli import main

ROOT = Path(__file__).resolve().parents[1]
BAD = os.fsdecode(b"desk-\xff\xfe")  # a folder name that is not UTF-8 (a Latin-1 share, an old NAS)


@pytest.fixture
def cat_path(tmp_path) -> Path:
    path = tmp_path / "c.sqlite"
    with Catalog.open(path) as cat:
        item = cat.add_caption_item({"caption": "Fans cheer in Lyon. REUTERS/Ada Brin", "city": "Lyon"})
        g = cat.create_gallery("g")
        cat.add_to_gallery(g.id, [item])
    return path


@pytest.mark.parametrize("fmt", ["pdf", "csv", "html"])
def test_an_export_into_a_folder_whose_name_is_not_utf8_is_written_there(cat_path, tmp_path, capsys, fmt):
    # the PDF went through Qt, which encodes a name as UTF-8: the surrogate-escaped bytes became
    # U+FFFD, "cannot write desk-\udcff\udcfe/sheet.pdf: No such file or directory", exit 2
    folder = tmp_path / BAD
    folder.mkdir()
    out = folder / f"sheet.{fmt}"
    assert main(["--catalog", str(cat_path), "export", "--gallery", "g", "-o", str(out)]) == 0
    assert out.is_file() and out.stat().st_size > 0
    assert "Lyon" in out.read_bytes().decode("latin-1") or fmt == "pdf"
    assert sorted(p.name for p in folder.iterdir()) == [out.name]  # no temporary file left
    assert "desk-\\xff\\xfe" in capsys.readouterr().out


def test_an_export_error_shows_a_name_that_is_not_utf8_as_the_other_lines_do(cat_path, tmp_path):
    # piped, the error said "desk-\udcff\udcfe" where `wrote` and `list` say "desk-\xff\xfe"
    out = tmp_path / BAD / "missing" / "sheet.csv"
    run = subprocess.run([sys.executable, "-m", "app", "--catalog", str(cat_path), "export", "--gallery", "g",
                          "-o", str(out)], capture_output=True, cwd=ROOT, timeout=120)
    assert run.returncode == 2
    err = run.stderr.decode("utf-8")
    assert "desk-\\xff\\xfe" in err and "\\udc" not in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("body, why", [
    # billion laughs: ten levels of ten entities each; libxml2 stops the amplification
    ('<!DOCTYPE x:xmpmeta [<!ENTITY a "aaaaaaaaaa">'
     + "".join(f'<!ENTITY {chr(98 + i)} "' + f"&{chr(97 + i)};" * 10 + '">' for i in range(9)) + "]>"
     '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
     '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:description><rdf:Alt>'
     '<rdf:li xml:lang="x-default">&j;</rdf:li></rdf:Alt></dc:description></rdf:Description></rdf:RDF></x:xmpmeta>',
     "amplification"),
    # 100,000 nested elements
    ('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
     '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">' + "<dc:x>" * 100_000
     + "</dc:x>" * 100_000 + "</rdf:Description></rdf:RDF></x:xmpmeta>", "depth"),
])
def test_a_hostile_sidecar_is_refused_in_one_plain_line_and_rebuilt_only_when_forced(body, why):
    # said "the sidecar's the XMP packet is not well-formed XML (...)"
    from app.metadata.write import WriteError, sidecar_bytes  # noqa: PLC0415

    with pytest.raises(WriteError) as refused:
        sidecar_bytes(body.encode(), {"caption": "Edited. REUTERS/Ada Brin"})
    line = str(refused.value)
    assert line.startswith("the sidecar's XMP packet is not well-formed XML (") and why in line.lower()
    assert "\n" not in line
    data, lost = sidecar_bytes(body.encode(), {"caption": "Edited. REUTERS/Ada Brin"}, force=True)
    assert b"Edited. REUTERS/Ada Brin" in data and len(data) < 10_000 and lost


def test_a_write_the_catalog_could_not_record_is_recorded_by_the_next_write(tmp_path):
    # Under a file-size limit (`ulimit -f`, a quota) the photo's new bytes fit but the catalog's
    # WAL does not: the file was replaced, mark_written failed ("unexpected error:
    # OperationalError: disk I/O error"), the write's intent was cleared, and every later write
    # skipped our own bytes as "changed on disk since it was read" (only --force went on).
    import resource  # noqa: PLC0415

    from tests.imagefactory import make_photo  # noqa: PLC0415

    photo = make_photo(tmp_path / "a.jpg", fields={"caption": "A. REUTERS/Ada Brin"})
    cat_file = tmp_path / "c.sqlite"
    cli = [sys.executable, "-m", "app", "--catalog", str(cat_file)]
    assert subprocess.run([*cli, "import", str(photo), "--no-thumbnails"], capture_output=True, timeout=120,
                          cwd=ROOT).returncode == 0
    caption = "Big " + "word " * 8_000 + "REUTERS/Ada Brin"
    assert subprocess.run([*cli, "set", "1", f"caption={caption}"], capture_output=True, timeout=120,
                          cwd=ROOT).returncode == 0
    limit = 100 * 1024  # the photo's new bytes (~60 KB) fit; the catalog's WAL does not

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    first = subprocess.run([*cli, "write"], capture_output=True, timeout=120, cwd=ROOT, preexec_fn=limited)
    err = first.stderr.decode()
    assert first.returncode == 1 and "Traceback" not in err, err
    assert b"word word" in photo.read_bytes()  # the file took the edit (the catalog did not hear of it)
    assert "the file was written, but the catalog could not record it" in err and len(err.splitlines()) == 1, err
    second = subprocess.run([*cli, "write"], capture_output=True, timeout=120, cwd=ROOT)
    assert second.returncode == 0 and "skipped" not in second.stderr.decode(), second.stderr.decode()
    with Catalog.open(cat_file) as cat:
        item = cat.item(1)
        assert item.fields["caption"] == caption and not item.changed_fields() and cat.write_intent(1) is None


@pytest.mark.parametrize("command", [["set", "1", "caption=" + "Huge " * 20_000],
                                     ["import-text", "{text}", "--gallery", "T", "--every-paragraph"]])
def test_a_file_size_limit_is_named_not_a_disk_io_error(tmp_path, command):
    # SQLite says "disk I/O error" for EFBIG: the editor (or a batch job's limits) could not
    # tell a failing disk from `ulimit -f`
    import resource  # noqa: PLC0415

    cat_file = tmp_path / "c.sqlite"
    with Catalog.open(cat_file) as cat:
        for i in range(40):
            cat.add_caption_item({"caption": f"Caption {i}. " + "Words " * 400 + "REUTERS/Ada Brin"})
        cat.backup()  # today's backup made: the limit is the command's trouble
    text = tmp_path / "page.txt"
    text.write_text("Gallery\n\n" + "\n\n".join(f"Fans {i} cheer. " + "Crowd " * 600 + "AP Photo/Bo Li"
                                               for i in range(30)) + "\n")
    limit = 48 * 1024  # the catalog is far bigger: its WAL may not grow past a few pages

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    args = [a.replace("{text}", str(text)) for a in command]
    run = subprocess.run([sys.executable, "-m", "app", "--catalog", str(cat_file), *args], capture_output=True,
                         timeout=120, cwd=ROOT, preexec_fn=limited)
    err = run.stderr.decode()
    assert run.returncode == 2 and "Traceback" not in err, err
    assert "file-size limit of" in err and "(ulimit -f)" in err and "disk I/O error" not in err, err
    assert len(err.strip().splitlines()) == 1, err
    with Catalog.open(cat_file) as cat:
        assert cat.quick_check() is None and cat.item(1).fields["caption"].startswith("Caption 0.")


def test_a_catalog_whose_wal_another_user_left_opens_read_only_with_the_reason(tmp_path):
    # A desk's shared catalog: another user's program was killed with the catalog open, leaving
    # its -wal and -shm (owned by that user). Writes said "the catalog is read-only (no write
    # permission on it or its folder)", both of which were writable, and `check` failed whole.
    import shutil  # noqa: PLC0415
    import signal  # noqa: PLC0415

    if os.geteuid() != 0 or not shutil.which("setpriv"):
        pytest.skip("needs root (to give the files to another user) and setpriv (to drop root's powers)")
    path = tmp_path / "c.sqlite"
    with Catalog.open(path) as cat:
        item = cat.add_caption_item({"caption": "Before. REUTERS/Ada Brin"})
    killed = subprocess.run([sys.executable, "-c", (
        "import os, signal, sqlite3\n"
        f"c = sqlite3.connect({str(path)!r}, isolation_level=None)\n"
        "c.execute('PRAGMA wal_autocheckpoint=0')\n"
        f"c.execute(\"UPDATE items SET caption = 'In the WAL. REUTERS/Ada Brin' WHERE id = {item}\")\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n")], timeout=60)
    assert killed.returncode == -signal.SIGKILL
    for side in ("c.sqlite-wal", "c.sqlite-shm"):
        assert (tmp_path / side).exists()
        os.chown(tmp_path / side, 65534, 65534)  # nobody's

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["setpriv", "--bounding-set=-all", "--inh-caps=-all", "--", sys.executable, "-m", "app",
                               "--catalog", str(path), *args], cwd=ROOT, capture_output=True, text=True, timeout=120)

    listed = run("list")
    assert listed.returncode == 0 and "In the WAL." in listed.stdout, listed.stderr  # what the killed program saved
    checked = run("check")
    assert checked.returncode in (0, 1) and "catalog: 1 item" in checked.stdout, checked.stderr
    refused = run("set", str(item), "headline=x")
    assert refused.returncode == 2 and "c.sqlite-wal" in refused.stderr and "its folder" not in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1, refused.stderr


def _iim_jpeg(repeats: int) -> bytes:
    """A JPEG whose IIM holds a caption and ``repeats`` keywords, its Photoshop resource stream
    split across as many APP13 segments as it needs (as Photoshop writes a block over 64 KB)."""
    import io  # noqa: PLC0415
    import struct  # noqa: PLC0415

    from PIL import Image  # noqa: PLC0415

    def dataset(number: int, value: bytes) -> bytes:
        return b"\x1c\x02" + bytes([number]) + struct.pack(">H", len(value)) + value

    block = dataset(0, b"\x00\x04") + dataset(120, b"Caption. REUTERS/Ada Brin") \
        + b"".join(dataset(25, b"k%d" % (i % 100)) for i in range(repeats))
    stream = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(block)) + block + b"\x00" * (len(block) % 2)
    segments = b""
    for at in range(0, len(stream), 65_000):
        body = b"Photoshop 3.0\x00" + stream[at:at + 65_000]
        segments += b"\xff\xed" + struct.pack(">H", len(body) + 2) + body
    out = io.BytesIO()
    Image.new("RGB", (32, 32)).save(out, "JPEG")
    return out.getvalue()[:2] + segments + out.getvalue()[2:]


def _keyword_datasets(photo: Path) -> int:
    from app.metadata.irb import jpeg_irb  # noqa: PLC0415

    return jpeg_irb(photo.read_bytes()).count(b"\x1c\x02\x19\x00")


def test_an_iim_block_of_65535_keywords_is_written_across_app13_segments(tmp_path):
    # a resource over one segment's 65,533 bytes failed the write: "unexpected error:
    # ValueError: a JPEG segment holds at most 65533 bytes, not 517782"
    from app.metadata.read import read_file  # noqa: PLC0415
    from app.writeback import write_items  # noqa: PLC0415

    photo = tmp_path / "k.jpg"
    photo.write_bytes(_iim_jpeg(65_535))
    before = read_file(photo).fields["keywords"].value
    assert len(before) == 100 and _keyword_datasets(photo) == 65_535  # read as distinct keywords
    with Catalog.open(tmp_path / "c.sqlite") as cat:
        from app.importer import import_paths  # noqa: PLC0415

        import_paths(cat, [photo], jobs=1, thumbnails=False)
        (item_id,) = cat.item_ids()
        cat.set_fields(item_id, {"caption": "Edited. REUTERS/Ada Brin"})
        report = write_items(cat, [item_id])
        assert [o.status for o in report.outcomes] == ["written"], [o.message for o in report.outcomes]
    after = read_file(photo)
    assert after.fields["caption"].value == "Edited. REUTERS/Ada Brin"
    assert after.fields["keywords"].value == before
    assert _keyword_datasets(photo) == 65_535  # every repeat kept (unedited datasets keep their bytes)
    assert photo.read_bytes().count(b"\xff\xed") >= 8  # the block continues across APP13 segments


def test_a_write_leaves_the_temporary_file_of_another_write_of_the_same_photo_alone(tmp_path):
    # Two writes of one photo at once (the app's Ctrl+S and a gate's `creditline write`): each
    # cleared the other's temporary file as a leftover of a killed write, and the other failed
    # "No such file or directory" (10 of 30 photos in two concurrent `creditline write`s).
    fcntl = pytest.importorskip("fcntl")
    from app.metadata.write import _tmp_prefix, write_file  # noqa: PLC0415
    from tests.imagefactory import make_photo  # noqa: PLC0415

    photo = make_photo(tmp_path / "a.jpg", fields={"caption": "A. REUTERS/Ada Brin"})
    others = tmp_path / (_tmp_prefix(photo) + "otherwrt.tmp")  # another process's write, under way
    others.write_bytes(b"half of another write")
    leftover = tmp_path / (_tmp_prefix(photo) + "killedwr.tmp")  # a killed write's: nobody holds it
    leftover.write_bytes(b"junk")
    with open(others, "rb") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        with Catalog.open(tmp_path / "c.sqlite") as cat:
            from app.importer import import_paths  # noqa: PLC0415

            import_paths(cat, [photo], jobs=1, thumbnails=False)
            (item_id,) = cat.item_ids()
            cat.set_fields(item_id, {"caption": "Edited. REUTERS/Ada Brin"})
            outcome = write_file(cat.item(item_id))
        assert outcome.status == "written", outcome.message
        assert others.read_bytes() == b"half of another write"  # left to the write that holds it
    assert not leftover.exists()  # a killed write's leftover is still cleared
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")) == [others.name]
