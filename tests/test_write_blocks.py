"""Blocks a reader or writer can get wrong: malformed XMP, Extended XMP, the intent of a
write that crashed before the catalog heard of it, long file names (issue 11, 1-5 and 16).
Where ExifTool is installed it is the oracle of what the file says."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from app.catalog import Catalog
from app.metadata import jpeg, xmp
from app.metadata.encode import encode_file
from app.metadata.read import read_file
from app.metadata.write import backup_path, write_file
from app.writeback import write_items
from tests.imagefactory import make_photo
from tests.test_write import OLD, item_for


def exiftool_tags(path: Path) -> dict:
    exe = shutil.which("exiftool")
    if exe is None:
        pytest.skip("exiftool is not installed (apt-get install libimage-exiftool-perl)")
    out = subprocess.run([exe, "-j", "-G1", "-a", "-charset", "iptc=UTF8", "-XMP:all", "-IPTC:all", str(path)],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)[0]


def _replace_xmp(data: bytes, packet: bytes, extension: list[bytes] = ()) -> bytes:
    segs, _, _ = jpeg.head(data)
    drop = {s.start for s in segs if s.is_app(jpeg.APP1, jpeg.XMP_SIG, data)}
    new = [jpeg.segment(jpeg.APP1, jpeg.XMP_SIG + packet)]
    new += [jpeg.segment(jpeg.APP1, jpeg.XMP_EXT_SIG + p) for p in extension]
    return jpeg.rebuild(data, drop, new, jpeg.insertion_point(data, segs))


def _main_packet(data: bytes) -> bytes:
    segs, _, _ = jpeg.head(data)
    return next(s.payload(data)[len(jpeg.XMP_SIG):] for s in segs if s.is_app(jpeg.APP1, jpeg.XMP_SIG, data))


# --- 1. XMP that is not well-formed ----------------------------------------------------------------

@pytest.fixture
def bad_xmp(tmp_path) -> Path:
    """A photo whose XMP has one unescaped "&" (ExifTool still reads it; an XML parser does not)."""
    path = make_photo(tmp_path / "amp.jpg", fields={**OLD, "headline": "Old headline"}, iim=False, exif=False)
    data = path.read_bytes()
    packet = _main_packet(data).replace(
        b"</rdf:Description>", b'<photoshop:Source xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/">'
                               b"Tom & Jerry</photoshop:Source></rdf:Description>", 1)
    assert b"Tom & Jerry" in packet
    path.write_bytes(_replace_xmp(data, packet))
    return path


def test_unreadable_xmp_is_read_leniently_and_said(bad_xmp):
    result = read_file(bad_xmp)
    assert result.fields["caption"].value == OLD["caption"]  # not blank, as exiv2 alone left it
    assert result.fields["city"].value == OLD["city"]
    assert any("not well-formed" in w and "--force" in w for w in result.warnings)


def test_unreadable_xmp_is_never_written_over_without_force(bad_xmp):
    before = bad_xmp.read_bytes()
    outcome = write_file(item_for(bad_xmp, headline="New headline"))
    assert outcome.status == "failed"
    assert "not well-formed" in outcome.message and "--force" in outcome.message and "\n" not in outcome.message
    assert bad_xmp.read_bytes() == before


def test_forced_write_rebuilds_the_packet_and_says_what_went(bad_xmp):
    outcome = write_file(item_for(bad_xmp, headline="New headline"), force=True)
    assert outcome.status == "written", outcome.message
    assert outcome.lost and "rebuilt" in outcome.lost[0]
    tags = exiftool_tags(bad_xmp)
    assert tags["XMP-photoshop:Headline"] == "New headline"
    for key, tag in (("caption", "XMP-dc:Description"), ("city", "XMP-photoshop:City"),
                     ("credit_line", "XMP-photoshop:Credit")):
        assert tags[tag] == OLD[key], tag  # everything else the packet held is still there


# --- 4. Extended XMP -------------------------------------------------------------------------------

@pytest.fixture
def extended(tmp_path) -> Path:
    """The caption lives in the Extended XMP (as when a packet outgrew one APP1 segment)."""
    path = make_photo(tmp_path / "ext.jpg", fields={"headline": "Head", "credit_line": "AP"}, iim=False, exif=False)
    data = path.read_bytes()
    ext = xmp.Packet(None)
    ext.wrapped = False
    ext.set(xmp.prop("Xmp.dc.description", xmp.LANG_ALT), "Old caption kept in the extension")
    ext.set(xmp.prop("Xmp.photoshop.Instructions", xmp.TEXT), "Embargoed until 0900")
    guid, payloads = xmp.extension_payloads(ext.to_bytes())
    main = xmp.Packet(_main_packet(data))
    main.set(xmp.HAS_EXTENDED, guid)
    path.write_bytes(_replace_xmp(data, main.to_bytes(), payloads))
    return path


def test_extended_xmp_is_read(extended):
    result = read_file(extended)
    assert result.fields["caption"].value == "Old caption kept in the extension"
    assert result.fields["instructions"].value == "Embargoed until 0900"
    assert result.fields["headline"].value == "Head"
    assert exiftool_tags(extended)["XMP-dc:Description"] == "Old caption kept in the extension"


def test_write_leaves_no_stale_copy_in_the_extension(extended):
    assert write_file(item_for(extended, caption="New caption")).status == "written"
    tags = exiftool_tags(extended)
    assert tags["XMP-dc:Description"] == "New caption"
    assert "Old caption" not in json.dumps(tags)
    assert tags["XMP-photoshop:Instructions"] == "Embargoed until 0900"  # the rest of the extension stays
    assert read_file(extended).fields["caption"].value == "New caption"


def test_untouched_extension_keeps_its_bytes(extended):
    before = [s.payload(extended.read_bytes()) for s in jpeg.head(extended.read_bytes())[0]
              if s.is_app(jpeg.APP1, jpeg.XMP_EXT_SIG, extended.read_bytes())]
    assert write_file(item_for(extended, headline="New head")).status == "written"
    data = extended.read_bytes()
    after = [s.payload(data) for s in jpeg.head(data)[0] if s.is_app(jpeg.APP1, jpeg.XMP_EXT_SIG, data)]
    assert after == before
    assert read_file(extended).fields["caption"].value == "Old caption kept in the extension"


def test_a_caption_too_big_for_one_segment_goes_to_the_extension(tmp_path):
    path = make_photo(tmp_path / "big.jpg", fields=OLD, exif=False)
    caption = "A long caption. " * 5000  # 80 KB: more than one APP1 segment holds
    assert write_file(item_for(path, caption=caption.strip())).status == "written"
    assert read_file(path).fields["caption"].value == caption.strip()
    tags = exiftool_tags(path)
    assert tags["XMP-dc:Description"] == caption.strip()
    assert tags["XMP-photoshop:City"] == OLD["city"]


# --- 5. a crash between the file's replace and the catalog update -------------------------------

def test_a_write_killed_after_the_replace_is_recognised_as_ours(tmp_path):
    cat = Catalog.open(tmp_path / "c.sqlite")
    try:
        path = make_photo(tmp_path / "a.jpg", fields=OLD)
        item_id = cat.apply_read(read_file(path)).item_id
        cat.set_fields(item_id, {"caption": "Written, then killed"})

        class Killed(BaseException):
            pass

        def crash(stage: str) -> None:
            if stage == "replaced":
                raise Killed  # the process dies after os.replace, before mark_written

        item = cat.item(item_id)
        with pytest.raises(Killed):
            write_file(item, hook=crash, before_replace=lambda h, n, keys: cat.record_write_intent(
                item_id, item.path, h, n, keys))
        assert read_file(path).fields["caption"].value == "Written, then killed"
        assert cat.item(item_id).sources["caption"] == "edited"  # the catalog never heard
        report = write_items(cat, [item_id])
        assert report.skipped == 0 and report.failed == 0, report.summary()
        after = cat.item(item_id)
        assert after.sources["caption"] != "edited" and after.embedded["caption"] == "Written, then killed"
        assert cat.write_intent(item_id) is None
    finally:
        cat.close()


def test_a_file_changed_by_someone_else_is_still_skipped(tmp_path):
    cat = Catalog.open(tmp_path / "c.sqlite")
    try:
        path = make_photo(tmp_path / "a.jpg", fields=OLD)
        item_id = cat.apply_read(read_file(path)).item_id
        cat.set_fields(item_id, {"caption": "Ours"})
        cat.record_write_intent(item_id, str(path), "0" * 64, 1, ["caption"])  # a write that never landed
        make_photo(path, fields={**OLD, "caption": "Someone else's, and longer than before"})
        report = write_items(cat, [item_id])
        assert report.skipped == 1
        assert cat.write_intent(item_id) is None
    finally:
        cat.close()


# --- 16. long file names ------------------------------------------------------------------------

def test_a_255_byte_name_is_written_with_a_backup(tmp_path):
    name = "é" * 125 + ".jpg"  # 254 bytes in UTF-8: the old temporary name could not be made
    assert len(os.fsencode(name)) <= 255
    path = make_photo(tmp_path / name, fields=OLD)
    outcome = write_file(item_for(path, caption="Long name"), backup=True)
    assert outcome.status == "written", outcome.message
    assert read_file(path).fields["caption"].value == "Long name"
    bak = backup_path(path)
    assert bak.exists() and len(os.fsencode(bak.name)) <= 255
    assert read_file(bak).fields["caption"].value == OLD["caption"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".creditline-")] == []


def test_encode_is_pure(tmp_path):
    """encode_file works on bytes: the same input gives the same output (no hidden state)."""
    data = make_photo(tmp_path / "p.jpg", fields=OLD).read_bytes()
    assert encode_file(data, {"caption": "x"}).data == encode_file(data, {"caption": "x"}).data


# --- found by the fuzz run (make fuzz): blocks a reader still reads -------------------------------

def test_a_repeated_xmp_segment_gets_the_edit_too(tmp_path):
    path = make_photo(tmp_path / "dup.jpg", fields=OLD, iim=False, exif=False)
    data = path.read_bytes()
    packet = _main_packet(data)
    segs, _, _ = jpeg.head(data)
    at = next(s for s in segs if s.is_app(jpeg.APP1, jpeg.XMP_SIG, data))
    path.write_bytes(data[:at.end] + jpeg.segment(jpeg.APP1, jpeg.XMP_SIG + packet) + data[at.end:])
    assert write_file(item_for(path, caption="New caption")).status == "written"
    new = path.read_bytes()
    packets = [jpeg.xmp_packet_of(s, new) for s in jpeg.head(new)[0] if jpeg.xmp_packet_of(s, new)]
    assert len(packets) == 2
    assert all(xmp.Packet(p).get(xmp.prop("Xmp.dc.description", xmp.LANG_ALT)) == "New caption" for p in packets)
    assert all(xmp.Packet(p).get(xmp.prop("Xmp.photoshop.City", xmp.TEXT)) == OLD["city"] for p in packets)


@pytest.mark.parametrize("header", [
    b"http://ns.ad\xd2be.com/xap/1.0/\x00",
    # the fuzz's seed 4 (hostile39): a flip in the scheme itself; ExifTool takes any APP1 holding
    # "<?xpacket" as XMP ("Non-standard header for APP1 XMP segment"), whatever its header says
    b"hTtp://ns.adobe.com/xap/1.0/\x00",
    b"XMP\x00",
], ids=["host", "scheme", "xmp-nul"])
def test_an_xmp_segment_with_a_damaged_header_is_edited_not_duplicated(tmp_path, header):
    """A flipped byte in "http://ns.adobe.com/xap/1.0/": ExifTool still reads the packet, so
    a new one beside it would leave the old caption on show."""
    path = make_photo(tmp_path / "hdr.jpg", fields=OLD, iim=False, exif=False)
    data = path.read_bytes()
    at = next(s for s in jpeg.head(data)[0] if s.is_app(jpeg.APP1, jpeg.XMP_SIG, data))
    path.write_bytes(jpeg.replace(data, at, jpeg.segment(jpeg.APP1, header + _main_packet(data))))
    assert write_file(item_for(path, caption="New caption")).status == "written"
    new = path.read_bytes()
    packets = [jpeg.xmp_packet_of(s, new) for s in jpeg.head(new)[0] if jpeg.xmp_packet_of(s, new)]
    assert len(packets) == 1 and b"New caption" in packets[0] and OLD["caption"].encode() not in new


def test_the_formats_that_meet_iim_limits_are_those_the_writer_gives_iim():
    """iim-too-long follows app.metadata.formats.IIM_FORMATS: each writable format's file without
    any IIM gets an IIM block from a write exactly when it is listed there."""
    import io  # noqa: PLC0415

    from PIL import Image  # noqa: PLC0415

    from app.metadata import exiv2io  # noqa: PLC0415
    from app.metadata.encode import WRITABLE_FORMATS, encode_file  # noqa: PLC0415
    from app.metadata.formats import IIM_FORMATS  # noqa: PLC0415

    got = set()
    for fmt in WRITABLE_FORMATS:
        buf = io.BytesIO()
        Image.new("RGB", (16, 16), "red").save(buf, fmt)
        assert not exiv2io.read_blocks(buf.getvalue()).iim
        written = encode_file(buf.getvalue(), {"headline": "Storm Elowen"}, fmt).data
        if exiv2io.read_blocks(written).iim:
            got.add(fmt)
    assert got == set(IIM_FORMATS)


def test_a_webp_write_does_not_say_a_value_was_cut_for_iim():
    """WebP gets XMP only, so a credit line over IIM's 32 bytes is written whole and nothing
    is cut; the writer said 'cut there, the full text stays in XMP'."""
    import io  # noqa: PLC0415

    from PIL import Image  # noqa: PLC0415

    from app.metadata.encode import encode_file  # noqa: PLC0415

    buf = io.BytesIO()
    Image.new("RGB", (16, 16), "red").save(buf, "WEBP")
    long_credit = "Jane Roe for The Harbor Gazette via Getty Images"
    out = encode_file(buf.getvalue(), {"credit_line": long_credit}, "WEBP")
    assert not [w for w in out.warnings if "IIM" in w]
    buf = io.BytesIO()
    Image.new("RGB", (16, 16), "red").save(buf, "PNG")
    out = encode_file(buf.getvalue(), {"credit_line": long_credit}, "PNG")
    assert any("IIM 2:110 holds 32" in w for w in out.warnings)  # PNG's IIM copy is cut
