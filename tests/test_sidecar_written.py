"""A photo with Content Credentials written to its XMP sidecar counts as written (sidecar36).

walk18: after `creditline write --sidecar-only` the demo's signed photo (13, the README's tour)
stayed "✎ not written" for ever: `write --dry-run` listed it again, `check` warned of "edits
not yet written", the app's Ctrl+S offered it and found nothing to write, and every quit
asked. The sidecar holds the edits: the catalog records that write as any other."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess

import pytest

from app.catalog import Catalog
from app.cli import main
from app.demo import DEMO_GALLERY, build_demo

SIGNED = 13  # the demo's AI-generated picture, signed with the demo's test credential
CAPTION = ("AI-generated illustration: a giant wave breaks behind the lighthouse of Nazaré, Portugal, as Storm "
           "Elowen reaches the coast on March 10, 2026. (Photo by Rui Falcão/The Serra Courier)")


@pytest.fixture
def demo(tmp_path):
    return build_demo(tmp_path / "catalog.sqlite")


def _cli(demo, capsys, *args: str) -> tuple[int, str]:
    code = main(["--catalog", str(demo.catalog_path), *args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err  # check's "not yet written" goes to stderr


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _item(demo):
    cat = Catalog.open(demo.catalog_path)
    try:
        return cat.item(demo.item_ids[SIGNED - 1])
    finally:
        cat.close()


def test_a_sidecar_write_counts_as_written_and_a_later_edit_is_pending_again(demo, capsys, exiftool):
    gallery = ["--gallery", DEMO_GALLERY]
    photo = sorted(demo.photos_dir.glob("13-*.jpg"))[0]
    sidecar = photo.with_suffix(".xmp")
    before = _sha(photo)
    assert _item(demo).c2pa_state == "valid"
    assert _cli(demo, capsys, "set", *gallery, str(SIGNED), f"caption={CAPTION}")[0] == 0

    code, out = _cli(demo, capsys, "write", *gallery, "--sidecar-only")
    assert code == 0 and f"wrote {sidecar}" in out and out.rstrip().endswith("1 written, 12 unchanged, 0 skipped, 0 failed")

    # the photo's bytes are the signed ones, byte for byte; the sidecar holds the edit (ExifTool)
    assert _sha(photo) == before
    tags = json.loads(subprocess.run([exiftool, "-j", "-G1", "-XMP-dc:Description", str(sidecar)],
                                     capture_output=True, text=True, check=True).stdout)[0]
    assert tags["XMP-dc:Description"] == CAPTION
    own = json.loads(subprocess.run([exiftool, "-j", "-G1", "-XMP-dc:Description", str(photo)],
                                    capture_output=True, text=True, check=True).stdout)[0]
    assert own["XMP-dc:Description"] != CAPTION  # the photo itself is not written into

    # written: nothing listed again, no warning of edits not yet written, no chip
    code, out = _cli(demo, capsys, "write", *gallery, "--sidecar-only", "--dry-run")
    assert code == 0 and out == "0 would be written, 13 unchanged, 0 would be skipped, 0 would fail\n"
    code, out = _cli(demo, capsys, "check", *gallery)
    assert "not yet written" not in out
    item = _item(demo)
    assert item.pending == 0 and item.changed_fields() == [] and item.facts.sidecar == str(sidecar)
    code, out = _cli(demo, capsys, "show", *gallery, str(SIGNED))
    assert ("    written to its XMP sidecar 13-elowen-nazare-wave.xmp (the photo and its Content Credentials "
            "untouched)\n") in out

    # a later edit is pending again, and goes to the sidecar again
    assert _cli(demo, capsys, "set", *gallery, str(SIGNED), "headline=Nazaré's wall of water")[0] == 0
    assert _item(demo).pending == 1
    code, out = _cli(demo, capsys, "check", *gallery)
    assert "1 photo has edits not yet written to its file" in out
    code, out = _cli(demo, capsys, "show", *gallery, str(SIGNED))
    assert "its XMP sidecar 13-elowen-nazare-wave.xmp holds the edits written so far" in out
    code, out = _cli(demo, capsys, "write", *gallery, "--sidecar-only", "--dry-run")
    assert f"would write {sidecar}\n  headline: " in out and "1 would be written, 12 unchanged" in out
    code, out = _cli(demo, capsys, "write", *gallery, "--sidecar-only")
    assert code == 0 and "1 written, 12 unchanged" in out
    assert _item(demo).pending == 0 and _sha(photo) == before
    tags = json.loads(subprocess.run([exiftool, "-j", "-G1", "-XMP-dc:Description", "-XMP-photoshop:Headline",
                                      str(sidecar)], capture_output=True, text=True, check=True).stdout)[0]
    assert (tags["XMP-dc:Description"], tags["XMP-photoshop:Headline"]) == (CAPTION, "Nazaré's wall of water")


def test_a_re_read_of_the_signed_photo_reads_its_sidecar_and_keeps_the_edits(demo, capsys, exiftool):
    """Import again after the photo's time changed (a re-read, not "unchanged"): the photo is
    read with its sidecar, so the catalog goes on showing the edit and nothing is pending. Read
    alone, the photo's own caption came back and the edit was gone."""
    gallery = ["--gallery", DEMO_GALLERY]
    photo = sorted(demo.photos_dir.glob("13-*.jpg"))[0]
    assert _cli(demo, capsys, "set", *gallery, str(SIGNED), f"caption={CAPTION}")[0] == 0
    assert _cli(demo, capsys, "write", *gallery, "--sidecar-only")[0] == 0
    st = photo.stat()
    os.utime(photo, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))

    code, out = _cli(demo, capsys, "import", str(demo.photos_dir))
    assert code == 0 and "updated 1" in out and "conflicts 0" in out
    item = _item(demo)
    assert item.fields["caption"] == CAPTION and item.sources["caption"] == "xmp" and item.pending == 0
    code, out = _cli(demo, capsys, "write", *gallery, "--sidecar-only", "--dry-run")
    assert out == "0 would be written, 13 unchanged, 0 would be skipped, 0 would fail\n"

    # another program edits the sidecar, the photo untouched: the next import reads the pair again
    subprocess.run([exiftool, "-overwrite_original", "-XMP-photoshop:Headline=Lighthouse and wave",
                    str(photo.with_suffix(".xmp"))], capture_output=True, check=True)
    code, out = _cli(demo, capsys, "import", str(demo.photos_dir))
    assert code == 0 and "updated 1" in out and "conflicts 0" in out
    item = _item(demo)
    assert item.fields["headline"] == "Lighthouse and wave" and item.fields["caption"] == CAPTION
    assert item.pending == 0
