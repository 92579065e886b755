"""ExifTool, an independent reader, checks what write-back leaves in the files."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from app.fields import BY_KEY
from app.metadata.write import write_file
from tests.imagefactory import make_photo
from tests.test_write import item_for

pytestmark = pytest.mark.exiftool

OLD = {"caption": "Old caption (AP Photo/Old Name)", "creators": ["Old Name", "Second Oldname"],
       "credit_line": "Old Agency", "copyright": "Old copyright", "city": "Oldtown",
       "keywords": ["oldword"], "headline": "Old headline"}


def exiftool_json(exiftool: str, path: Path, *, copies: bool = True) -> dict:
    """Every tag, duplicates kept (``-G1:4`` names them ``IPTC:Copy1:Credit``)."""
    args = [exiftool, "-j", "-a", "-G1:4" if copies else "-G1", "--System:all", str(path)]
    return json.loads(subprocess.run(args, check=True, capture_output=True, text=True).stdout)[0]


def values_of(tags: dict, *names: str) -> dict[str, object]:
    """Tags whose name (without groups and copy numbers) is one of ``names``."""
    return {k: v for k, v in tags.items() if k.rsplit(":", 1)[-1] in names}


def exiftool_names(key: str) -> tuple[str, ...]:
    f = BY_KEY[key]
    return tuple(n.split(":", 1)[1] for n in (f.exiftool_iim, f.exiftool_xmp, f.exiftool_exif) if n)


def as_list(v: object) -> list[str]:
    return [str(x) for x in v] if isinstance(v, list) else [str(v)]


def test_exiftool_reads_exactly_our_values(tmp_path, exiftool):
    path = make_photo(tmp_path / "p.jpg", fields=OLD, exif=True)
    caption = ("Çağlar Öztürk, left, and José Núñez speak in Ankara, Türkiye, on Tuesday, April 9, 2024. "
               * 40).strip()
    assert len(caption.encode()) > 2000
    creators = ["Çağlar Öztürk", "José Núñez", "Zoë Ångström"]
    keywords = ["politics", "Türkiye", "elections"]
    outcome = write_file(item_for(path, caption=caption, creators=creators, keywords=keywords,
                                  credit_line="Reuters", copyright="© 2024 Reuters"))
    assert outcome.status == "written", outcome.message
    tags = exiftool_json(exiftool, path, copies=False)
    assert tags["XMP-dc:Description"] == caption
    assert tags["IFD0:ImageDescription"] == caption
    iim_caption = tags["IPTC:Caption-Abstract"]
    assert len(iim_caption.encode()) <= 2000 and caption.startswith(iim_caption)
    assert len(caption.encode()[:2000].decode("utf-8", "ignore")) == len(iim_caption)
    assert tags["XMP-dc:Creator"] == creators
    assert tags["IPTC:By-line"] == creators
    assert tags["IFD0:Artist"] == "; ".join(creators)
    assert tags["XMP-dc:Subject"] == keywords and tags["IPTC:Keywords"] == keywords
    assert tags["XMP-photoshop:Credit"] == tags["IPTC:Credit"] == "Reuters"
    assert tags["XMP-dc:Rights"] == tags["IPTC:CopyrightNotice"] == tags["IFD0:Copyright"] == "© 2024 Reuters"
    assert tags["IPTC:CodedCharacterSet"] == "UTF8"
    assert "Photoshop:IPTCDigest" not in tags  # the file had none; a write does not invent one
    assert "ExifTool:Warning" not in tags and "ExifTool:Error" not in tags


def test_no_stale_duplicate_of_an_old_value_anywhere(tmp_path, exiftool):
    path = make_photo(tmp_path / "p.jpg", fields=OLD, exif=True)
    new = {"caption": "New caption", "creators": ["New Name"], "credit_line": "New Agency",
           "copyright": "", "city": "Newtown", "keywords": [], "headline": "New headline"}
    write_file(item_for(path, **new))
    tags = exiftool_json(exiftool, path)
    dump = json.dumps(tags, ensure_ascii=False)
    for stale in ("Old caption", "Old Name", "Oldname", "Old Agency", "Old copyright", "Oldtown", "oldword",
                  "Old headline"):
        assert stale not in dump, stale
    for key, value in new.items():
        found = values_of(tags, *exiftool_names(key))
        if not value:
            assert found == {}, key
            continue
        assert found, key
        for tag, v in found.items():
            expected = "; ".join(value) if tag.startswith("IFD0") and isinstance(value, list) else value
            assert as_list(v) == as_list(expected), (key, tag)


def test_edited_fields_come_out_in_sync_in_every_block(tmp_path, exiftool, corpus_dir):
    """exiftool-MWG.jpg labels every copy RIGHT/WRONG; after a write no copy of the
    written fields is left with either label, and the file gets no IPTC digest it did not
    have (a digest would change which block readers show for the fields nobody edited)."""
    path = tmp_path / "MWG.jpg"
    shutil.copyfile(corpus_dir / "images" / "exiftool-MWG.jpg", path)
    new = {"caption": "Synced caption", "creators": ["Ann One", "Bo Two"], "copyright": "Synced rights",
           "city": "Synced city", "state": "Synced state", "country": "Synced country",
           "sublocation": "Synced place"}
    outcome = write_file(item_for(path, **new))
    assert outcome.status == "written", outcome.message
    tags = exiftool_json(exiftool, path)
    for key, value in new.items():
        found = values_of(tags, *exiftool_names(key))
        assert found, key
        for tag, v in found.items():
            expected = "; ".join(value) if tag.startswith("IFD0") and isinstance(value, list) else value
            assert as_list(v) == as_list(expected), (key, tag, v)
    assert "Photoshop:IPTCDigest" not in tags


def test_sidecar_is_valid_xmp_for_exiftool(tmp_path, exiftool):
    from tests.test_write import _fake_raw

    raw = _fake_raw(tmp_path / "A.NEF")
    write_file(item_for(raw, caption="Sidecar Çağlar", creators=["X Y"]))
    tags = exiftool_json(exiftool, tmp_path / "A.xmp", copies=False)
    assert tags["XMP-dc:Description"] == "Sidecar Çağlar"
    assert tags["XMP-dc:Creator"] == "X Y"


def test_windows_xp_author_and_keywords_follow_when_present(tmp_path, exiftool, corpus_dir):
    path = tmp_path / "xp.jpg"
    shutil.copyfile(corpus_dir / "images" / "pyexiv2-1.jpg", path)
    assert exiftool_json(exiftool, path, copies=False)["IFD0:XPAuthor"] == "test-中文-"
    write_file(item_for(path, creators=["Çağlar Öztürk", "Bo Li"], keywords=[]))
    tags = exiftool_json(exiftool, path, copies=False)
    assert tags["IFD0:XPAuthor"] == tags["IFD0:Artist"] == "Çağlar Öztürk; Bo Li"
    assert "IFD0:XPKeywords" not in tags
    fresh = make_photo(tmp_path / "plain.jpg", fields=OLD, exif=True)
    write_file(item_for(fresh, creators=["X"]))
    assert "IFD0:XPAuthor" not in exiftool_json(exiftool, fresh, copies=False)  # never added


def test_exif_block_we_create_passes_exiftool_validate(tmp_path, exiftool):
    path = make_photo(tmp_path / "noexif.jpg", fields=OLD, exif=False)
    write_file(item_for(path, caption="New caption", creators=["A B"]))
    out = subprocess.run([exiftool, "-j", "-validate", "-warning", "-a", str(path)], check=True,
                         capture_output=True, text=True).stdout
    tags = json.loads(out)[0]
    assert tags["Validate"] == "OK", tags
    assert exiftool_json(exiftool, path, copies=False)["IFD0:ImageDescription"] == "New caption"


def test_an_edit_keeps_the_other_languages_of_a_caption(tmp_path, exiftool):
    """An AFP picture can carry its French caption beside the English default: editing the
    default keeps the French one, and the language that only copied the old default (en-US)
    follows the edit instead of keeping text the editor replaced."""
    path = make_photo(tmp_path / "p.jpg", fields=OLD)
    subprocess.run([exiftool, "-q", "-overwrite_original", "-XMP-dc:Description=Old caption",
                    "-XMP-dc:Description-en-US=Old caption", "-XMP-dc:Description-fr-FR=Légende d'origine",
                    "-XMP-dc:Rights-de-DE=Alte Rechte", str(path)], check=True)
    outcome = write_file(item_for(path, caption="New caption", copyright="© 2024 AFP"))
    assert outcome.status == "written", outcome.message
    tags = exiftool_json(exiftool, path, copies=False)
    assert tags["XMP-dc:Description"] == "New caption"
    assert tags["XMP-dc:Description-en-US"] == "New caption"
    assert tags["XMP-dc:Description-fr-FR"] == "Légende d'origine"
    assert tags["XMP-dc:Rights"] == "© 2024 AFP"
    assert tags["XMP-dc:Rights-de-DE"] == "Alte Rechte"


def test_clearing_a_caption_removes_every_language(tmp_path, exiftool):
    path = make_photo(tmp_path / "p.jpg", fields=OLD)
    subprocess.run([exiftool, "-q", "-overwrite_original", "-XMP-dc:Description-fr-FR=Légende",
                    str(path)], check=True)
    outcome = write_file(item_for(path, caption=""))
    assert outcome.status == "written", outcome.message
    tags = exiftool_json(exiftool, path, copies=False)
    assert not values_of(tags, "Description", "Description-fr-FR")
