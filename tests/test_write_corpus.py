"""Writing a caption and a credit into every writable corpus file changes those two
fields and nothing else.

Each JPEG/TIFF/PNG/WebP of the shared corpus is copied, written once (module fixture),
and checked against Pillow (identical pixels), ExifTool (our values in every block where
each field lives; every other tag ExifTool reads, in every group, exactly as before; the
IPTC digest in the state it was in) and our own reader. Files the writer refuses must be
among the corpus's known-broken files and fail with one clear line.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from app.metadata.read import UnreadableFile, read_file
from app.metadata.write import scan_data, write_file
from app.model import Item
from tests.conftest import CORPUS
from tests.test_write import item_for

CAPTION = "Çağlar Öztürk crosses the finish line in Berlin, Germany, on Sunday, Sept. 29, 2024."
CREDIT = "Reuters"
EXTENSIONS = {".jpg", ".jpeg", ".tif", ".tiff", ".png", ".webp"}
# MANIFEST.md "Broken / truncated / fuzzed": the only files allowed to be refused.
KNOWN_BROKEN = {
    "exiv2-issue_1847_poc.jpg", "exiv2-bug444.jpg", "imagemeta-corrupt-infinite_loop_exif.jpg",
    "imagemeta-corrupt-huge_tag_exif.jpg", "imagemeta-invalid-encoding-usercomment.jpg",
    "pillow-truncated_exif_dpi.jpg", "kim-photo_46.jpg", "mei-Issue_122.jpg",
}
# Writing an edited caption must refuse these: their EXIF copy of the caption cannot be
# updated safely, and leaving it would show the old caption first (MWG).
ODD_IIM = ("exiv2-iptc-psAPP13-wIPTC1-psAPP13-wIPTC2.jpg", "exiv2-iptc-psAPP13-wIPTCmid1-wIPTCempty-wIPTCmid2.jpg",
           "exiftool-AFCP.jpg", "exiftool-FotoStation.jpg", "mei-Issue_122.jpg")

pytestmark = pytest.mark.exiftool


def _pixels(data: bytes) -> bytes | None:
    try:
        with Image.open(io.BytesIO(data)) as im:
            return im.convert("RGB").tobytes()
    except Exception:  # noqa: BLE001 - a file Pillow cannot decode before the write is no evidence
        return None


def _exiftool(exiftool: str, paths: list[Path]) -> dict[str, dict]:
    """Every tag of every file, duplicates kept: ``-G1:4`` names a repeat ``IPTC2:Copy1:Credit``;
    the copy number is dropped here and same-named tags are numbered ``#2``, ``#3``."""
    out = subprocess.run([exiftool, "-j", "-a", "-G1:4", "--System:all", *map(str, paths)],
                         capture_output=True, text=True, check=False).stdout
    files = {}
    for record in json.loads(out):
        tags: dict[str, object] = {}
        for key, value in record.items():
            parts = key.split(":")
            plain = ":".join(p for p in parts if not (p.startswith("Copy") and p[4:].isdigit()))
            n, name = 1, plain
            while name in tags:
                n += 1
                name = f"{plain}#{n}"
            tags[name] = value
        files[Path(record["SourceFile"]).name] = tags
    return files


@pytest.fixture(scope="module")
def written(tmp_path_factory, corpus_dir, exiftool):
    folder = tmp_path_factory.mktemp("corpus-write")
    originals = sorted(p for p in (corpus_dir / "images").iterdir() if p.suffix.lower() in EXTENSIONS)
    outcomes, shown = {}, {}
    for src in originals:
        dst = folder / src.name
        shutil.copyfile(src, dst)
        try:
            item = item_for(dst, caption=CAPTION, credit_line=CREDIT)  # as the catalog would hold it
            shown[src.name] = item.embedded
        except UnreadableFile:
            item = Item(1, str(dst), "photo", {"caption": CAPTION, "credit_line": CREDIT}, {},
                        {"caption": "edited", "credit_line": "edited"})
        outcomes[src.name] = write_file(item)
    before = _exiftool(exiftool, originals)
    after = _exiftool(exiftool, [folder / n for n, o in outcomes.items() if o.status == "written"])
    return {"folder": folder, "outcomes": outcomes, "before": before, "after": after, "originals": originals,
            "shown": shown}


def _names() -> list[str]:
    images = CORPUS / "images"
    return sorted(p.name for p in images.iterdir() if p.suffix.lower() in EXTENSIONS) if images.is_dir() else []


@pytest.fixture(params=_names(), ids=lambda n: n)
def name(request):
    return request.param


def test_refusals_are_known_broken_files_with_a_clear_message(written, name, corpus_dir):
    o = written["outcomes"][name]
    if o.status == "written":
        return
    assert o.status == "failed"
    assert name in KNOWN_BROKEN, f"{name} refused: {o.message}"
    assert o.message and "\n" not in o.message and "Traceback" not in o.message
    assert (written["folder"] / name).read_bytes() == (corpus_dir / "images" / name).read_bytes()


def test_pixels_and_image_data_unchanged(written, name, corpus_dir):
    if written["outcomes"][name].status != "written":
        pytest.skip("refused (checked by the refusal test)")
    old = (corpus_dir / "images" / name).read_bytes()
    new = (written["folder"] / name).read_bytes()
    before = _pixels(old)
    if before is not None:
        assert _pixels(new) == before
    if name.lower().endswith((".jpg", ".jpeg")):
        assert scan_data(new) == scan_data(old)


def test_exiftool_sees_our_values_and_no_new_error(written, name):
    if written["outcomes"][name].status != "written":
        pytest.skip("refused (checked by the refusal test)")
    before, after = written["before"].get(name, {}), written["after"][name]
    assert "ExifTool:Error" not in after or after["ExifTool:Error"] == before.get("ExifTool:Error")
    warning = after.get("ExifTool:Warning")
    assert warning is None or warning.startswith("[minor]") or warning == before.get("ExifTool:Warning"), warning
    assert after["XMP-dc:Description"] == CAPTION
    assert after["XMP-photoshop:Credit"] == CREDIT
    for tag, value in after.items():
        base = tag.rsplit(":", 1)[-1].split("#")[0]
        if base in ("Caption-Abstract", "Description", "ImageDescription") and not tag.startswith("PNG") and \
                written["before"][name].get(tag) != "":
            assert value == CAPTION, tag
        if base == "Credit" and (tag.startswith("IPTC") or tag.startswith("XMP")) and \
                written["before"][name].get(tag) != "":
            assert value == CREDIT, tag  # (an empty Credit in EXIF's IPTC-NAA copy stays: nothing was there)


def _digest_state(tags: dict) -> str:
    if "Photoshop:IPTCDigest" not in tags:
        return "none"
    return "current" if tags["Photoshop:IPTCDigest"] == tags.get("File:CurrentIPTCDigest") else "stale"


def test_iptc_digest_keeps_its_state(written, name):
    """A current digest is recomputed; a stale one (IIM edited after XMP, so readers show
    IIM) stays stale, so no reader switches blocks for a field nobody edited."""
    if written["outcomes"][name].status != "written":
        pytest.skip("refused (checked by the refusal test)")
    before, after = _digest_state(written["before"][name]), _digest_state(written["after"][name])
    if before == "none" and after == "current":
        # Only a Photoshop block the write created (IIM was elsewhere or nowhere) starts current.
        assert not any(t.startswith("Photoshop:") for t in written["before"][name]), "a digest was added"
    else:
        assert after == before


# Tags that hold where things are in the file, not what it says, and what a write must change.
_MOVES = ("ThumbnailOffset", "StripOffsets", "MPImageStart", "PreviewImageStart", "JpgFromRawStart")
_WRITTEN = ("Caption-Abstract", "Description", "ImageDescription", "Credit", "IPTCDigest", "CurrentIPTCDigest",
            "CodedCharacterSet", "ApplicationRecordVersion", "XMPToolkit", "HasExtendedXMP", "FileSize",
            "ExifByteOrder", "FileModifyDate", "FileAccessDate", "FileInodeChangeDate", "Warning")


def test_nothing_else_changes(written, name):
    """The write oracle: every tag ExifTool read before, in every group, reads the same
    after, except the two edited fields, structural offsets and bookkeeping tags."""
    if written["outcomes"][name].status != "written":
        pytest.skip("refused (checked by the refusal test)")
    before, after = written["before"][name], written["after"][name]
    changed = []
    for tag, value in before.items():
        base = tag.rsplit(":", 1)[-1].split("#")[0]
        if base in _WRITTEN or base in _MOVES or tag.startswith(("File:", "Composite:")) or tag == "SourceFile":
            continue
        if not _same(value, after.get(tag)):
            changed.append((tag, value, after.get(tag)))
    assert not changed, changed


def _same(old: object, new: object) -> bool:
    """Equal up to white space; or the same bytes, now that the block declares UTF-8: a
    non-ASCII caption needs the IIM's 1:90 marker, and UTF-8 text already in the block
    then stops reading as Latin-1 mojibake ("KÃ¥lltorp" becomes "Kålltorp")."""
    a, b = " ".join(str(old).split()), " ".join(str(new).split())
    if a == b:
        return True
    try:
        return b.encode("utf-8").decode("cp1252") == a
    except UnicodeError:
        return False


def test_our_reader_reads_back_our_values(written, name):
    if written["outcomes"][name].status != "written":
        pytest.skip("refused (checked by the refusal test)")
    result = read_file(written["folder"] / name)
    assert result.fields["caption"].value == CAPTION
    assert result.fields["credit_line"].value == CREDIT


def test_untouched_fields_keep_the_value_shown(written, name):
    """What the catalog shows for a field nobody edited is what it showed before."""
    o = written["outcomes"][name]
    if o.status != "written" or name not in written["shown"]:
        pytest.skip("refused or unreadable before the write")
    before, after = written["shown"][name], read_file(written["folder"] / name).fields
    for key, value in before.items():
        if key in ("caption", "credit_line"):
            continue
        now = after[key].value
        assert now == value, key


@pytest.mark.parametrize("odd", ODD_IIM)
def test_every_iim_block_holding_an_edited_field_gets_the_new_value(written, odd):
    """Two APP13 blocks, an IIM copy in EXIF, AFCP and FotoStation trailers: wherever the
    caption or the credit was, the new value is; every other dataset stays where it was."""
    assert written["outcomes"][odd].status == "written", written["outcomes"][odd].message
    before, after = written["before"][odd], written["after"][odd]
    assert after["IPTC:Caption-Abstract"] == CAPTION
    assert after["IPTC:Credit"] == CREDIT
    for tag, value in before.items():
        base = tag.split(":")[-1].split("#")[0]
        # Not the IPTC-NAA copy some tools leave in EXIF (ExifTool leaves it too); empty
        # datasets hold nothing to update.
        if tag.startswith("IPTC") and base in ("Caption-Abstract", "Credit") and value and odd != "mei-Issue_122.jpg":
            assert after.get(tag) == (CAPTION if base == "Caption-Abstract" else CREDIT), tag


def test_refused_formats_named_clearly(written):
    refused = {n: o.message for n, o in written["outcomes"].items() if o.status != "written"}
    assert len(written["outcomes"]) - len(refused) >= 50
    for message in refused.values():
        assert "\n" not in message and message.endswith(("not written", "--force writes XMP and IIM anyway)",
                                                          "rebuilds it from what can be read")), message
