"""Write-back on files and through the catalog (no exiftool needed; see test_write_oracle.py)."""

from __future__ import annotations

import io
import os
import shutil
import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from app.catalog import Catalog
from app.cli import main as cli_main
from app.fields import BY_KEY, FIELD_KEYS, normalize_value
from app.metadata import exiv2io
from app.metadata.read import read_file
from app.metadata.write import (
    WriteError,
    _values,
    atomic_write,
    backup_path,
    encode_file,
    plan_write,
    reconcile_file,
    scan_data,
    write_file,
)
from app.model import Item
from app.writeback import write_items
from tests.imagefactory import make_photo

OLD = {"caption": "Old caption (AP Photo/Old Name)", "creators": ["Old Name"], "credit_line": "AP",
       "copyright": "Old copyright", "city": "Ankara", "keywords": ["old", "words"]}


def item_for(path: Path, item_id: int = 1, **edits) -> Item:
    """An Item as the catalog would hand it over: embedded = what the file says, edits on top."""
    result = read_file(path)
    embedded = {k: f.value for k, f in result.fields.items()}
    sources = {k: f.source for k, f in result.fields.items()}
    candidates = {k: f.candidates for k, f in result.fields.items()}
    fields = dict(embedded)
    for key, value in edits.items():
        fields[key] = value
        sources[key] = "edited"
    return Item(item_id, str(path), "photo", fields, embedded, sources, candidates, result.facts)


def pixels(path: Path) -> bytes:
    with Image.open(path) as im:
        return im.convert("RGB").tobytes()


def iim_blocks(path: Path) -> list[list[tuple[int, int, bytes]]]:
    """Every IIM block of a JPEG's Photoshop segments, raw, as the file holds them."""
    from app.metadata import iim, jpeg
    from app.metadata.encode import parse_irb

    data = path.read_bytes()
    out = []
    for s in jpeg.head(data)[0]:
        if s.is_app(jpeg.APP13, jpeg.PS_SIG, data):
            for r in parse_irb(s.payload(data)[len(jpeg.PS_SIG):]):
                if r.rid == 0x0404:
                    out.append([(d.record, d.number, d.raw) for d in iim.parse(r.data)])
    return out


def iim_raw(path: Path) -> dict[str, list[bytes]]:
    out: dict[str, list[bytes]] = {}
    for key, raw in exiv2io.read_blocks(path).iim:
        out.setdefault(key, []).append(raw if isinstance(raw, bytes) else raw.encode())
    return out


@pytest.fixture
def photo(tmp_path) -> Path:
    return make_photo(tmp_path / "photo.jpg", fields=OLD, exif=True)


# --- planning -------------------------------------------------------------------------------

def test_plan_lists_only_edited_fields_with_old_and_new(photo):
    item = item_for(photo, caption="New caption", credit_line="Reuters")
    changes = {c.key: (c.old, c.new) for c in plan_write(item)}
    assert changes == {"caption": (OLD["caption"], "New caption"), "credit_line": ("AP", "Reuters")}


def test_blocks_that_disagree_are_left_to_reconcile(tmp_path):
    """Nothing edited: a write has nothing to do, even where IIM and XMP disagree; the
    separate reconcile step plans exactly those fields, with what each block held."""
    path = make_photo(tmp_path / "x.jpg", fields={"credit_line": "AP"}, iim={"credit_line": "AP"},
                      xmp={"credit_line": "Reuters"})
    item = item_for(path)
    assert plan_write(item) == []
    assert write_file(item, force=True).status == "unchanged"
    planned = reconcile_file(item, dry_run=True)
    assert [(c.key, c.old, c.new) for c in planned.changes] == [("credit_line", "IIM AP", "Reuters")]
    assert reconcile_file(item).status == "written"
    again = read_file(path).fields["credit_line"]
    assert again.candidates == {"xmp": "Reuters", "iim": "Reuters"}


def test_reconcile_says_when_the_file_changed_since_it_was_read(tmp_path):
    """Blocks that agreed when read say nothing of the file now: replaced by other bytes, it is
    skipped as write skips it, not reported unchanged; gone, it fails."""
    path = make_photo(tmp_path / "x.jpg", fields={"credit_line": "AP"})
    item = item_for(path)
    assert reconcile_file(item).status == "unchanged"
    path.write_bytes(b"not a photo any more")
    outcome = reconcile_file(item)
    assert outcome.status == "skipped" and "changed on disk since it was read: its size changed" in outcome.message
    assert path.read_bytes() == b"not a photo any more"
    path.unlink()
    outcome = reconcile_file(item)
    assert (outcome.status, outcome.message) == ("failed", "the file is missing")


# --- writing into one file ----------------------------------------------------------------------

def test_round_trip_through_the_reader(photo):
    new = {"caption": "Çağlar Öztürk walks past the Reichstag in Berlin, Germany, on Tuesday.",
           "creators": ["Çağlar Öztürk", "José Núñez"], "credit_line": "Reuters",
           "keywords": ["politics", "Berlin"], "headline": "Berlin", "date_created": "2024-04-13"}
    outcome = write_file(item_for(photo, **new))
    assert outcome.status == "written", outcome.message
    again = read_file(photo)
    for key, value in new.items():
        assert again.fields[key].value == value, key
    # Untouched fields survive.
    assert again.fields["city"].value == "Ankara"
    assert again.fields["copyright"].value == "Old copyright"
    assert outcome.embedded == {k: new[k] for k in outcome.embedded}
    assert set(outcome.embedded) == set(new)
    assert outcome.facts.content_hash == again.facts.content_hash
    assert again.iptc_digest_stored is None  # the file had no digest; a write does not invent one


def test_image_data_and_pixels_are_untouched(photo):
    before_scan, before_px = scan_data(photo.read_bytes()), pixels(photo)
    outcome = write_file(item_for(photo, caption="x" * 3000, creators=["A", "B"], copyright=""))
    assert outcome.status == "written"
    assert scan_data(photo.read_bytes()) == before_scan
    assert pixels(photo) == before_px


def test_long_caption_cut_in_iim_full_in_xmp_and_exif(photo):
    caption = "Ç" * 1500  # 3000 bytes in UTF-8: the IIM cut must not split a character
    outcome = write_file(item_for(photo, caption=caption))
    raw = iim_raw(photo)["Iptc.Application2.Caption"][0]
    assert len(raw) == 2000
    assert raw.decode("utf-8") == "Ç" * 1000
    blocks = exiv2io.read_blocks(photo)
    assert blocks.xmp["Xmp.dc.description"] == caption
    assert blocks.exif["Exif.Image.ImageDescription"] == caption
    assert any("2:120" in w for w in outcome.warnings)
    assert read_file(photo).fields["caption"].value == caption


def test_byline_cut_at_32_bytes_per_creator(photo):
    long_name = "Alexandra Konstantinopoulou-Papadopoulou"
    write_file(item_for(photo, creators=[long_name, "Bo Li"]))
    bylines = iim_raw(photo)["Iptc.Application2.Byline"]
    assert bylines == [long_name.encode()[:32], b"Bo Li"]
    assert exiv2io.read_blocks(photo).xmp["Xmp.dc.creator"] == [long_name, "Bo Li"]
    assert exiv2io.read_blocks(photo).exif["Exif.Image.Artist"] == f"{long_name}; Bo Li"


def test_blank_value_removes_the_field_everywhere(photo):
    write_file(item_for(photo, caption="", creators=[], copyright="", keywords=[]))
    iim = iim_raw(photo)
    blocks = exiv2io.read_blocks(photo)
    for key in ("caption", "creators", "copyright", "keywords"):
        f = BY_KEY[key]
        assert f.iim not in iim, key
        assert f.xmp not in blocks.xmp, key
        if f.exif:
            assert f.exif not in blocks.exif, key
    assert iim["Iptc.Application2.Credit"] == [b"AP"]


def test_latin1_iim_keeps_its_code_page_when_the_new_text_fits(tmp_path):
    path = make_photo(tmp_path / "latin.jpg", fields={"city": "Göteborg", "credit_line": "TT"},
                      iim_charset="latin-1", xmp=False)
    assert iim_raw(path)["Iptc.Application2.City"] == ["Göteborg".encode("latin-1")]
    write_file(item_for(path, credit_line="TT Nyhetsbyrån"))
    iim = iim_raw(path)
    assert "Iptc.Envelope.CharacterSet" not in iim
    assert iim["Iptc.Application2.City"] == ["Göteborg".encode("latin-1")]  # untouched, byte for byte
    assert iim["Iptc.Application2.Credit"] == ["TT Nyhetsbyrån".encode("cp1252")]
    assert read_file(path).fields["credit_line"].value == "TT Nyhetsbyrån"


def test_latin1_iim_is_re_encoded_only_when_the_new_text_needs_utf8(tmp_path):
    path = make_photo(tmp_path / "latin.jpg", fields={"city": "Göteborg", "credit_line": "TT"},
                      iim_charset="latin-1", xmp=False)
    outcome = write_file(item_for(path, credit_line="Çağlar Öztürk"))
    iim = iim_raw(path)
    assert iim["Iptc.Envelope.CharacterSet"] == [b"\x1b%G"]
    assert iim["Iptc.Application2.City"] == ["Göteborg".encode()]
    assert iim["Iptc.Application2.Credit"] == ["Çağlar Öztürk".encode()]
    assert any("re-encoded as UTF-8" in w for w in outcome.warnings)


def test_date_with_time_and_offset(photo):
    write_file(item_for(photo, date_created="2024-04-13T14:05:09+02:00"))
    blocks = exiv2io.read_blocks(photo)
    iim = dict(blocks.iim)
    assert iim["Iptc.Application2.DateCreated"] in ("2024-04-13", b"20240413")
    assert iim["Iptc.Application2.TimeCreated"] in ("14:05:09+02:00", b"140509+0200")
    assert blocks.xmp["Xmp.photoshop.DateCreated"] == "2024-04-13T14:05:09+02:00"
    # Back to a date only: no stale time is left behind.
    write_file(item_for(photo, date_created="2024-04-14"))
    assert "Iptc.Application2.TimeCreated" not in dict(exiv2io.read_blocks(photo).iim)


def test_time_without_offset_stays_without_one(photo):
    """IIM 2:60 written without an offset when the value has none: never an invented UTC."""
    write_file(item_for(photo, date_created="2024-04-13T14:05:09"))
    assert [raw for r, n, raw in iim_blocks(photo)[0] if (r, n) == (2, 60)] == [b"140509"]
    assert read_file(photo).fields["date_created"].value == "2024-04-13T14:05:09"


def test_unedited_iim_time_keeps_its_bytes(tmp_path):
    """A stored time without an offset ("165100", as wire software writes it) survives a
    caption edit byte for byte; exiv2 alone would rewrite it as 16:51:00+00:00."""
    from app.metadata import iim

    data = make_photo(tmp_path / "t.jpg", fields=OLD).read_bytes()
    block = iim.encode([iim.Dataset(2, 0, b"\x00\x04"), iim.Dataset(2, 55, b"20050929"),
                        iim.Dataset(2, 60, b"165100"), iim.Dataset(2, 120, b"Old")])
    path = tmp_path / "t2.jpg"
    path.write_bytes(_with_app13(data, block))
    write_file(item_for(path, caption="New"))
    assert [raw for r, n, raw in iim_blocks(path)[0] if (r, n) == (2, 60)] == [b"165100"]


def _with_app13(data: bytes, block: bytes, *, twice_before_app0: bytes | None = None) -> bytes:
    """``data`` with its Photoshop APP13 replaced by one holding ``block`` (and, with
    ``twice_before_app0``, a second one: both moved in front of APP0)."""
    from app.metadata import jpeg
    from app.metadata.encode import Resource

    segs, _, _ = jpeg.head(data)
    drop = {s.start for s in segs if s.is_app(jpeg.APP13, jpeg.PS_SIG, data)}
    app13 = [jpeg.segment(jpeg.APP13, jpeg.PS_SIG + Resource(b"8BIM", 0x0404, b"\x00\x00", block).encode())]
    if twice_before_app0 is not None:
        app13.append(jpeg.segment(jpeg.APP13, jpeg.PS_SIG + Resource(b"8BIM", 0x0404, b"\x00\x00",
                                                                     twice_before_app0).encode()))
        return jpeg.rebuild(data, drop, app13, jpeg.AFTER_SOI)
    return jpeg.rebuild(data, drop, app13, segs[0].start)


def test_two_app13_segments_before_app0_both_get_the_new_value(tmp_path):
    """Issue 11 #3: exiv2 left the stale second block as the only IIM; now every block
    that holds an edited dataset gets the new value and the rest stays."""
    from app.metadata import iim, jpeg

    data = make_photo(tmp_path / "a.jpg", fields=OLD).read_bytes()
    first = iim.encode([iim.Dataset(2, 0, b"\x00\x04"), iim.Dataset(2, 110, b"AP"), iim.Dataset(2, 120, b"One")])
    second = iim.encode([iim.Dataset(2, 0, b"\x00\x04"), iim.Dataset(2, 110, b"AP"), iim.Dataset(2, 90, b"Oslo"),
                         iim.Dataset(2, 120, b"Two")])
    path = tmp_path / "two.jpg"
    path.write_bytes(_with_app13(data, first, twice_before_app0=second))
    segs, _, _ = jpeg.head(path.read_bytes())
    assert [s.marker for s in segs[:3]] == [jpeg.APP13, jpeg.APP13, jpeg.APP0]
    outcome = write_file(item_for(path, caption="New caption", credit_line="Reuters"))
    assert outcome.status == "written", outcome.message
    from app.metadata.encode import secondary_iim

    blocks = iim_blocks(path)
    assert len(blocks) == 2
    assert [[raw for r, n, raw in b if (r, n) == (2, 120)] for b in blocks] == [[b"New caption"]] * 2
    assert [[raw for r, n, raw in b if (r, n) == (2, 110)] for b in blocks] == [[b"Reuters"]] * 2
    assert (2, 90, b"Oslo") in secondary_iim(path.read_bytes())  # the second block keeps what only it had
    assert read_file(path).fields["caption"].value == "New caption"


def test_force_does_not_write_fields_nobody_edited(photo):
    before = photo.read_bytes()
    outcome = write_file(item_for(photo), force=True)
    assert outcome.status == "unchanged"
    assert photo.read_bytes() == before


def test_dry_run_writes_nothing(photo):
    before = photo.read_bytes()
    outcome = write_file(item_for(photo, caption="New"), dry_run=True)
    assert outcome.status == "planned"
    assert [(c.key, c.old, c.new) for c in outcome.changes] == [("caption", OLD["caption"], "New")]
    assert photo.read_bytes() == before


def test_nothing_edited_is_left_alone(photo):
    before = photo.read_bytes()
    assert write_file(item_for(photo)).status == "unchanged"
    assert photo.read_bytes() == before


# --- safety ----------------------------------------------------------------------------------

def test_mode_is_kept_and_backup_holds_the_old_bytes(photo):
    os.chmod(photo, 0o640)
    old = photo.read_bytes()
    outcome = write_file(item_for(photo, caption="New"), backup=True)
    assert outcome.status == "written"
    assert stat.S_IMODE(photo.stat().st_mode) == 0o640
    assert backup_path(photo).read_bytes() == old
    assert outcome.backup == str(backup_path(photo))
    assert not [p for p in photo.parent.iterdir() if p.name.endswith(".tmp")]


def test_file_changed_on_disk_is_skipped_unless_forced(photo):
    item = item_for(photo, caption="Ours")
    make_photo(photo, fields={**OLD, "caption": "Someone else's much longer caption"})
    before = photo.read_bytes()
    outcome = write_file(item)
    assert outcome.status == "skipped"
    assert "changed on disk" in outcome.message
    assert photo.read_bytes() == before
    assert write_file(item, force=True).status == "written"
    assert read_file(photo).fields["caption"].value == "Ours"


def test_touched_but_identical_file_is_not_a_change(photo):
    item = item_for(photo, caption="Ours")
    os.utime(photo, ns=(1_000_000_000, 1_000_000_000))
    assert write_file(item).status == "written"


def test_read_only_file_is_refused(photo):
    item = item_for(photo, caption="Ours")
    before = photo.read_bytes()
    os.chmod(photo, 0o444)
    outcome = write_file(item)
    assert outcome.status == "failed"
    assert outcome.message == "the file is read-only"
    assert photo.read_bytes() == before


def test_a_dry_run_says_a_read_only_file_would_fail(photo):
    """The walk: `write --dry-run` (and the app's Ctrl+S list) said "would write" a locked file,
    then the write itself failed on it."""
    item = item_for(photo, caption="Ours")
    os.chmod(photo, 0o444)
    outcome = write_file(item, dry_run=True)
    assert outcome.status == "failed"
    assert outcome.message == "the file is read-only"
    os.chmod(photo, 0o644)
    assert write_file(item, dry_run=True).status == "planned"


def test_read_only_folder_is_refused(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    path = make_photo(folder / "p.jpg", fields=OLD)
    item = item_for(path, caption="Ours")
    os.chmod(folder, 0o555)
    try:
        outcome = write_file(item)
    finally:
        os.chmod(folder, 0o755)
    assert outcome.status == "failed"
    assert "read-only" in outcome.message and "locked" in outcome.message
    assert sorted(p.name for p in folder.iterdir()) == ["p.jpg"]


def _as_unprivileged(fn) -> object:
    """Run ``fn`` in a forked child that is an ordinary user (root's writes ignore modes);
    returns what it returned. Everything it needs is imported already, so the child does
    not have to read Python from root's home."""
    import pickle

    if os.geteuid() != 0:
        return fn()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(read)
        try:
            os.setgid(65534)
            os.setuid(65534)
            result = fn()
        except BaseException as exc:  # noqa: BLE001 - handed back to the parent
            result = exc
        with os.fdopen(write, "wb") as fh:
            pickle.dump(result, fh)
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as fh:
        data = fh.read()
    os.waitpid(pid, 0)
    return pickle.loads(data)


def test_folder_the_os_refuses_gives_a_clear_error(tmp_path):
    """A folder the user cannot write (the OS really refuses, not only our mode check)."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="creditline-ro-"))  # 0700 pytest dirs would lock the child out
    try:
        os.chmod(folder, 0o755)  # root's folder: an ordinary user may read, not write
        path = make_photo(folder / "p.jpg", fields=OLD)
        os.chmod(path, 0o666)  # the file itself looks writable: only the folder refuses
        before = path.read_bytes()
        item = item_for(path, caption="Ours")

        def attempt():
            outcome = write_file(item)
            try:
                atomic_write(path, b"new")  # below the up-front check: the OS itself says no
                raw = "written"
            except PermissionError as exc:
                raw = f"PermissionError {exc.errno}"
            return outcome.status, outcome.message, raw

        status, message, raw = _as_unprivileged(attempt)
        assert status == "failed"
        assert message == f"the folder {folder} is read-only"
        assert raw.startswith("PermissionError")
        assert path.read_bytes() == before
        assert sorted(p.name for p in folder.iterdir()) == ["p.jpg"]
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_missing_file_and_non_image_fail_cleanly(tmp_path, photo):
    item = item_for(photo, caption="x")
    photo.unlink()
    assert write_file(item) .message == "the file is missing"
    fake = tmp_path / "fake.jpg"
    fake.write_text("<html>502 Bad Gateway</html>")
    item = Item(2, str(fake), "photo", {"caption": "x"}, {}, {"caption": "edited"})
    outcome = write_file(item)
    assert outcome.status == "failed"
    assert outcome.message == "this file type files cannot be written in place"
    assert fake.read_text() == "<html>502 Bad Gateway</html>"


def test_encode_refuses_heif(corpus_dir):
    data = (corpus_dir / "images" / "exiv2-Stonehenge.heic").read_bytes()
    with pytest.raises(WriteError, match="HEIF files cannot be written in place"):
        encode_file(data, {"caption": "x"})


def test_caption_only_item_has_no_file():
    outcome = write_file(Item(5, None, "caption", {"caption": "x"}, {}, {"caption": "edited"}))
    assert outcome.status == "no-file"
    assert outcome.ok


# --- RAW: sidecars -------------------------------------------------------------------------------

def _fake_raw(path: Path) -> Path:
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 20, 30)).save(buf, "TIFF")
    path.write_bytes(buf.getvalue())
    return path


def test_raw_gets_a_sidecar_and_is_never_written(tmp_path):
    raw = _fake_raw(tmp_path / "DSC_0001.NEF")
    before = raw.read_bytes()
    item = item_for(raw, caption="Sidecar caption", creators=["A. Photographer"])
    outcome = write_file(item)
    assert outcome.status == "written", outcome.message
    assert raw.read_bytes() == before
    sidecar = tmp_path / "DSC_0001.xmp"
    assert outcome.target == str(sidecar)
    xmp = exiv2io.read_blocks(sidecar.read_bytes()).xmp
    assert xmp["Xmp.dc.description"] == "Sidecar caption"
    assert xmp["Xmp.dc.creator"] == ["A. Photographer"]
    again = read_file(raw)
    assert again.fields["caption"].value == "Sidecar caption"
    assert outcome.facts.sidecar == str(sidecar)


def test_a_sidecar_that_is_no_file_or_far_too_big_is_never_read_nor_written_over(tmp_path):
    """A FIFO named like the sidecar would block a plain read for ever; a sidecar of gigabytes is
    no sidecar a desk wrote. Reading says so and goes on; writing refuses, leaving it as it was."""
    from app.metadata.sidecar import MAX_SIDECAR_BYTES  # noqa: PLC0415

    raw = _fake_raw(tmp_path / "DSC_0002.NEF")
    fifo = tmp_path / "DSC_0002.xmp"
    os.mkfifo(fifo)
    outcome = write_file(item_for(raw, caption="New"))
    assert outcome.status == "failed" and "not a regular file" in outcome.message
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    fifo.unlink()
    big = tmp_path / "DSC_0002.NEF.xmp"
    with open(big, "wb") as fh:
        fh.truncate(MAX_SIDECAR_BYTES + 1)  # sparse: costs no disk
    result = read_file(raw)
    assert result.facts.sidecar is None
    assert any("sidecar not read" in w and "more than a sidecar's 32 MB" in w for w in result.warnings)
    outcome = write_file(item_for(raw, caption="New"))
    assert outcome.status == "failed" and "32 MB" in outcome.message
    assert big.stat().st_size == MAX_SIDECAR_BYTES + 1 and not (tmp_path / "DSC_0002.xmp").exists()


def test_existing_long_sidecar_is_updated_in_place(tmp_path):
    raw = _fake_raw(tmp_path / "IMG_1.CR2")
    long = tmp_path / "IMG_1.CR2.xmp"
    long.write_text('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
                    '<rdf:Description rdf:about="" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" '
                    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:darktable="http://darktable.sf.net/" '
                    'photoshop:Credit="AFP" darktable:xmp_version="4"><dc:description><rdf:Alt>'
                    '<rdf:li xml:lang="x-default">Old</rdf:li></rdf:Alt></dc:description></rdf:Description>'
                    '</rdf:RDF></x:xmpmeta>')
    write_file(item_for(raw, caption="New"))
    xmp = exiv2io.read_blocks(long.read_bytes()).xmp
    assert xmp["Xmp.dc.description"] == "New"
    assert xmp["Xmp.photoshop.Credit"] == "AFP"  # kept
    assert 'darktable:xmp_version="4"' in long.read_text()  # another program's data, untouched
    assert not (tmp_path / "IMG_1.xmp").exists()


# --- the service and the CLI over a catalog ----------------------------------------------------

def _import(cat: Catalog, path: Path) -> int:
    return cat.apply_read(read_file(path)).item_id


def test_write_items_records_the_write_in_the_catalog(tmp_path, catalog):
    a = make_photo(tmp_path / "a.jpg", fields=OLD)
    b = make_photo(tmp_path / "b.jpg", fields=OLD)
    ia, ib = _import(catalog, a), _import(catalog, b)
    catalog.set_fields(ia, {"caption": "New A", "creators": ["Çağlar Öztürk"]})
    catalog.set_fields(ib, {"caption": "New B"})
    os.chmod(b, 0o444)  # b fails, a must still be written
    seen = []
    report = write_items(catalog, [ia, ib], progress=lambda d, t, o: seen.append((d, t, o.status)))
    assert seen == [(1, 2, "written"), (2, 2, "failed")]
    assert not report.ok and report.written == 1 and report.failed == 1
    item = catalog.item(ia)
    assert item.changed_fields() == []
    assert item.embedded["caption"] == "New A"
    assert item.facts.content_hash == read_file(a).facts.content_hash
    assert catalog.apply_read(read_file(a)).status == "unchanged"  # a re-import sees nothing new
    assert catalog.item(ib).changed_fields() == ["caption"]
    # Written again: nothing left to do.
    assert write_items(catalog, [ia]).outcomes[0].status == "unchanged"


def test_write_items_stops_between_files_when_cancelled(tmp_path, catalog):
    ids = []
    for n in range(3):
        p = make_photo(tmp_path / f"{n}.jpg", fields=OLD)
        ids.append(_import(catalog, p))
        catalog.set_fields(ids[-1], {"caption": f"New {n}"})
    done = []
    report = write_items(catalog, ids, progress=lambda d, t, o: done.append(d), cancel=lambda: len(done) >= 1)
    assert report.cancelled and report.written == 1
    assert catalog.item(ids[1]).changed_fields() == ["caption"]


def test_cli_dry_run_then_write(tmp_path, catalog, catalog_path, capsys):
    a = make_photo(tmp_path / "a.jpg", fields=OLD)
    ia = _import(catalog, a)
    catalog.set_fields(ia, {"credit_line": "Reuters"})
    catalog.add_caption_item({"caption": "A caption with no photo"})
    g = catalog.create_gallery("front")
    catalog.add_to_gallery(g.id, [ia])
    before = a.read_bytes()
    rc = cli_main(["write", "--catalog", str(catalog_path), "--gallery", "front", "--dry-run"])
    out = capsys.readouterr().out
    assert rc == 0
    assert f"would write {a}" in out
    assert '  credit_line: "AP" -> "Reuters"' in out
    assert a.read_bytes() == before
    rc = cli_main(["write", "--catalog", str(catalog_path), "--backup"])
    out = capsys.readouterr().out
    assert rc == 0, out
    assert f"wrote {a}" in out and "1 written" in out
    assert read_file(a).fields["credit_line"].value == "Reuters"
    assert backup_path(a).read_bytes() == before


def test_cli_dry_run_says_what_would_fail_and_be_skipped(tmp_path, catalog, catalog_path, capsys):
    """A dry run tries nothing: a locked file "would fail", one changed on disk "would be
    skipped" (the walk read "failed:" in a dry run and thought something had gone wrong)."""
    locked, changed = make_photo(tmp_path / "locked.jpg", fields=OLD), make_photo(tmp_path / "changed.jpg", fields=OLD)
    for p in (locked, changed):
        catalog.set_fields(_import(catalog, p), {"caption": "New"})
    os.chmod(locked, 0o444)
    make_photo(changed, fields={**OLD, "caption": "changed by someone else"})
    try:
        assert cli_main(["write", "--catalog", str(catalog_path), "--dry-run"]) == 1
    finally:
        os.chmod(locked, 0o644)
    captured = capsys.readouterr()
    err = captured.err
    assert captured.out.splitlines()[-1] == "0 would be written, 0 unchanged, 1 would be skipped, 1 would fail"
    assert f"{locked}: would fail: the file is read-only" in err
    assert f"{changed}: would be skipped: " in err and "changed on disk" in err
    assert ": failed:" not in err and ": skipped:" not in err


def test_cli_writes_only_the_items_named(tmp_path, catalog, catalog_path, capsys):
    """`write 2 5`, as `reconcile` takes them: the others keep their edits for later."""
    paths = [make_photo(tmp_path / f"{n}.jpg", fields=OLD) for n in "abc"]
    ids = [_import(catalog, p) for p in paths]
    for i in ids:
        catalog.set_fields(i, {"caption": f"New caption {i}"})
    assert cli_main(["write", "--catalog", str(catalog_path), str(ids[0]), f"#{ids[2]}"]) == 0
    assert "2 written" in capsys.readouterr().out
    assert [read_file(p).fields["caption"].value for p in paths] == \
        [f"New caption {ids[0]}", OLD["caption"], f"New caption {ids[2]}"]
    assert catalog.item(ids[1]).changed_fields() == ["caption"]
    assert cli_main(["write", "--catalog", str(catalog_path), "999"]) == 2
    assert "no item with id 999" in capsys.readouterr().err


def test_cli_exit_codes(tmp_path, catalog, catalog_path, capsys):
    a = make_photo(tmp_path / "a.jpg", fields=OLD)
    ia = _import(catalog, a)
    catalog.set_fields(ia, {"caption": "New"})
    make_photo(a, fields={**OLD, "caption": "changed by someone else"})
    assert cli_main(["write", "--catalog", str(catalog_path)]) == 1
    assert "changed on disk" in capsys.readouterr().err
    assert cli_main(["write", "--catalog", str(catalog_path), "--gallery", "nope"]) == 2
    assert "no gallery named 'nope'" in capsys.readouterr().err
    assert cli_main(["write", "--catalog", str(catalog_path), "--force"]) == 0


def test_every_field_round_trips(photo):
    values = {k: (["one", "two"] if BY_KEY[k].is_list else f"{k} value") for k in FIELD_KEYS}
    values["date_created"] = "2023-01-02"
    values["country_code"] = "TUR"
    values.update(color_label="Winner", rating="4", tagged="True")  # the marks, in their shapes
    write_file(item_for(photo, **values))
    again = read_file(photo)
    assert {k: again.fields[k].value for k in FIELD_KEYS} == values


def test_copy_of_corpus_file_keeps_unrelated_metadata(tmp_path, corpus_dir):
    path = tmp_path / "sunrise.jpg"
    shutil.copyfile(corpus_dir / "images" / "imagemeta-sunrise.jpg", path)
    before = read_file(path)
    write_file(item_for(path, credit_line="Reuters"))
    after = read_file(path)
    assert after.facts.gps_lat == before.facts.gps_lat and after.facts.camera_model == before.facts.camera_model
    for key in FIELD_KEYS:
        if key != "credit_line":
            assert after.fields[key].value == before.fields[key].value, key


def test_dry_run_reports_a_file_changed_on_disk(photo):
    item = item_for(photo, caption="Ours")
    make_photo(photo, fields={**OLD, "caption": "Edited elsewhere, and longer than before"})
    outcome = write_file(item, dry_run=True)
    assert outcome.status == "skipped" and "changed on disk" in outcome.message


def test_a_stale_digest_stays_stale_so_unedited_fields_show_what_they_showed(tmp_path, corpus_dir):
    """metadata_demo_iim_and_xmp_only.jpg: IIM says "(IIM)", XMP "(XMP)", stale digest, so
    readers show IIM. Writing the caption leaves the digest stale and every block of the
    other fields as it was, so what they show does not change."""
    path = tmp_path / "demo.jpg"
    shutil.copyfile(corpus_dir / "images" / "imagemeta-metadata_demo_iim_and_xmp_only.jpg", path)
    item = item_for(path, caption="New caption")
    shown = dict(item.embedded)
    assert shown["creators"] == ["Carl Seibert (IIM)"]
    planned = write_file(item, dry_run=True)
    assert [c.key for c in planned.changes] == ["caption"]
    write_file(item)
    again = read_file(path)
    assert again.iptc_digest_stored != again.iptc_digest_current
    assert again.fields["caption"].value == "New caption"
    for key in ("creators", "copyright"):
        assert again.fields[key].value == shown[key]
        assert again.fields[key].candidates == item.candidates[key]


def test_symlink_stays_a_link_and_owner_is_kept(tmp_path, photo):
    link = tmp_path / "link.jpg"
    link.symlink_to(photo)
    if os.geteuid() == 0:
        os.chown(photo, 12345, 23456)
    outcome = write_file(item_for(link, caption="Through the link"))
    assert outcome.status == "written", outcome.message
    assert link.is_symlink()
    assert read_file(photo).fields["caption"].value == "Through the link"
    if os.geteuid() == 0:
        assert (photo.stat().st_uid, photo.stat().st_gid) == (12345, 23456)


_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=300)
_NAMES = st.lists(_TEXT.filter(lambda s: ";" not in s), min_size=1, max_size=3, unique_by=str.strip)
_WORDS = st.lists(_TEXT.filter(lambda s: ";" not in s and "," not in s), max_size=3, unique_by=str.strip)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(caption=st.one_of(_TEXT, st.text(alphabet="ab \n\r\t", min_size=1, max_size=40)), names=_NAMES,
       words=_WORDS)
def test_any_text_round_trips(tmp_path, caption, names, words):
    path = tmp_path / "h.jpg"
    if not path.exists():
        make_photo(path, fields={"caption": "x"}, exif=True)
    values = {"caption": normalize_value("caption", caption), "creators": normalize_value("creators", names),
              "keywords": normalize_value("keywords", words)}
    item = Item(1, str(path), "photo", values, {}, {k: "edited" for k in values})
    values = _values(item, list(values))  # line breaks become LF, which is all XML can keep
    new = encode_file(path.read_bytes(), values).data
    out = tmp_path / "h2.jpg"
    out.write_bytes(new)
    result = read_file(out)
    for key, value in values.items():
        assert result.fields[key].value == value, key


def test_cli_write_and_reconcile_take_gallery_positions_as_set_does(tmp_path, catalog, catalog_path, capsys):
    """`write --gallery G 2` is the photo at position 2 of G, as `set --gallery G 2` and `show` take it
    and as `check` numbers it. It took 2 as a catalog id: walk 13 set photo 5 of a gallery, wrote
    "5", and got another photo (#5, unchanged) while photo 5's edit stayed unwritten."""
    paths = [make_photo(tmp_path / f"{n}.jpg", fields=OLD) for n in "abc"]
    ids = [_import(catalog, p) for p in paths]
    catalog.add_to_gallery(catalog.create_gallery("G").id, [ids[2], ids[0], ids[1]])  # position 2 is ids[0]
    for i in ids:
        catalog.set_fields(i, {"caption": f"New caption {i}"})
    assert cli_main(["write", "--catalog", str(catalog_path), "--gallery", "G", "2"]) == 0
    assert "1 written" in capsys.readouterr().out
    assert [read_file(p).fields["caption"].value for p in paths] == [f"New caption {ids[0]}", OLD["caption"], OLD["caption"]]
    # An id says so with '#', and "NAME#N" names a position without --gallery.
    assert cli_main(["write", "--catalog", str(catalog_path), "--gallery", "G", f"#{ids[1]}"]) == 0
    assert cli_main(["write", "--catalog", str(catalog_path), "G#1"]) == 0
    assert [read_file(p).fields["caption"].value for p in paths] == [f"New caption {i}" for i in ids]
    capsys.readouterr()
    assert cli_main(["write", "--catalog", str(catalog_path), "--gallery", "G", "4"]) == 2
    assert "no item at position 4 of gallery 'G' (it has 3)" in capsys.readouterr().err
    assert cli_main(["reconcile", "--catalog", str(catalog_path), "--dry-run", "--gallery", "G", "3"]) == 0
    assert cli_main(["reconcile", "--catalog", str(catalog_path), "--dry-run", "--gallery", "G", "9"]) == 2
    assert "no item at position 9" in capsys.readouterr().err


def test_a_failed_writes_reason_outlives_the_session_until_a_write_succeeds(tmp_path, catalog_path, capsys):
    """Left by an earlier walk: a write that failed (read-only file) said why in the session;
    after quitting and reopening, the photo showed only "not written". The reason is kept in the
    catalog, shown by `show` (text and JSON), and forgotten once a write of it succeeds."""
    a = make_photo(tmp_path / "a.jpg", fields=OLD)
    gone = make_photo(tmp_path / "gone.jpg", fields=OLD)
    with Catalog.open(catalog_path) as cat:
        ia, ig = _import(cat, a), _import(cat, gone)
        cat.set_fields(ia, {"caption": "New A"})
        cat.set_fields(ig, {"caption": "New gone"})
        os.chmod(a, 0o444)
        gone.unlink()
        try:
            report = write_items(cat, [ia, ig])
        finally:
            os.chmod(a, 0o644)
        assert report.failed == 2
        dry = write_items(cat, [ia], dry_run=True)  # a dry run tries nothing: it changes nothing kept
        assert dry.outcomes[0].status == "planned"
    with Catalog.open(catalog_path) as cat:  # the app quit and opened again
        failed = cat.item(ia).write_failure
        assert failed is not None and failed.status == "failed" and failed.reason == "the file is read-only"
        assert failed.path == str(a)
        assert cat.item(ig).write_failure.reason == "the file is missing"
        assert set(cat.write_failures()) == {ia, ig}
        assert [it.write_failure.reason for it in cat.items([ia, ig])] == ["the file is read-only",
                                                                           "the file is missing"]
    os.chmod(a, 0o444)  # locked again: the failure stands
    try:
        assert cli_main(["show", "--catalog", str(catalog_path), str(ia)]) == 0
    finally:
        os.chmod(a, 0o644)
    out = capsys.readouterr().out
    assert "Last write failed (" in out and "): the file is read-only" in out
    # Unlocked: said as the file stands now, not as a failure that stands.
    assert cli_main(["show", "--catalog", str(catalog_path), str(ia)]) == 0
    out = capsys.readouterr().out
    assert "Last write failed" not in out
    assert "was refused (the file is read-only); it can be written now." in out
    assert cli_main(["show", "--catalog", str(catalog_path), "--format", "json", str(ig)]) == 0
    import json  # noqa: PLC0415

    shown = json.loads(capsys.readouterr().out)["write_failure"]
    assert shown["status"] == "failed" and shown["reason"] == "the file is missing" and shown["lifted"] is None
    with Catalog.open(catalog_path) as cat:
        assert write_items(cat, [ia]).written == 1  # the file is writable again
        assert cat.item(ia).write_failure is None
        assert set(cat.write_failures()) == {ig}
        cat.delete_items([ig])  # forgotten with its item
        assert cat.write_failures() == {}
    assert cli_main(["show", "--catalog", str(catalog_path), str(ia)]) == 0
    assert "Last write" not in capsys.readouterr().out


def test_an_older_catalog_gains_the_write_failures_table(tmp_path):
    from app.catalog import SCHEMA_VERSION, migrate  # noqa: PLC0415

    path = tmp_path / "old.sqlite"
    migrate(path, target=SCHEMA_VERSION - 1)
    with Catalog.open(path) as cat:
        p = make_photo(tmp_path / "a.jpg", fields=OLD)
        i = _import(cat, p)
        cat.record_write_failure(i, str(p), "failed", "the disk is full")
        assert cat.write_failures([i])[i].reason == "the disk is full"


@pytest.mark.parametrize(("save", "expected"), [
    ({"dpi": (300, 300)}, (300.0, 300.0, 2)),   # JFIF in dots per inch
    ({"dpi": (118, 118), "jfif_unit": 2}, (118.0, 118.0, 3)),  # dots per centimetre
    ({}, (72.0, 72.0, 2)),                       # an aspect ratio only: ExifTool's 72 dpi
])
def test_an_exif_block_made_for_an_edit_says_the_files_own_resolution(tmp_path, save, expected):
    """walk16: a caption written to a JPEG without EXIF gets a minimal EXIF block (the caption's
    EXIF twin, as ExifTool's MWG writing makes one), whose required resolution said 72 dpi even
    where the file's JFIF header says 300: a new value contradicting one the file held."""
    path = tmp_path / "no-exif.jpg"
    dpi = {"dpi": save["dpi"]} if "dpi" in save else {}
    Image.new("RGB", (64, 48), (40, 90, 160)).save(path, quality=90, **dpi)
    if "jfif_unit" in save:  # Pillow writes dpi; set the unit byte to dots per centimetre
        data = bytearray(path.read_bytes())
        at = data.index(b"JFIF\x00") + 7
        data[at] = save["jfif_unit"]
        path.write_bytes(bytes(data))
    with Image.open(path) as im:
        assert not im.getexif()
        jfif_before = (im.info.get("jfif_unit"), im.info.get("jfif_density"))
    outcome = write_file(item_for(path, caption="A new caption"))
    assert outcome.status == "written", outcome.message
    with Image.open(path) as im:
        exif = im.getexif()
        assert (float(exif[0x011A]), float(exif[0x011B]), exif[0x0128]) == expected
        assert exif[0x010E] == "A new caption"
        assert (im.info.get("jfif_unit"), im.info.get("jfif_density")) == jfif_before
