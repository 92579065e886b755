"""ExifTool, the independent reader, reads the new fields as Creditline writes them: IPTC Digital
Source Type (Iptc4xmpExt), Alt Text and Extended Description (Iptc4xmpCore, language
alternatives kept as the caption's are); and Creditline reads what ExifTool writes."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from app.fields import BY_KEY
from app.metadata.read import read_file
from app.metadata.write import write_file
from tests.imagefactory import make_photo
from tests.test_write import item_for

pytestmark = pytest.mark.exiftool

DST = "http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia"
ALT = "Zoë Ångström, in a red coat, crosses a flooded street in Zürich; water reaches her knees."
EXT = "Behind her, shop windows are boarded up.\nA tram stands still at the end of the street."


def _tags(exiftool: str, path: Path) -> dict:
    out = subprocess.run([exiftool, "-j", "-G1", "-XMP:all", str(path)], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)[0]


def test_exiftool_reads_the_new_fields_as_written(tmp_path, exiftool):
    path = make_photo(tmp_path / "p.jpg", fields={"caption": "A flooded street."})
    outcome = write_file(item_for(path, digital_source_type=DST, alt_text=ALT, ext_description=EXT))
    assert outcome.status == "written", outcome.message
    tags = _tags(exiftool, path)
    for key, value in (("digital_source_type", DST), ("alt_text", ALT), ("ext_description", EXT)):
        assert tags[BY_KEY[key].exiftool_xmp] == value, key
    # The packet itself: the IPTC namespaces (whatever prefix the writer picks) and a language alternative.
    packet = subprocess.run([exiftool, "-b", "-XMP", str(path)], check=True, capture_output=True).stdout
    root = etree.fromstring(packet.strip().split(b"?>", 1)[1].rsplit(b"<?xpacket", 1)[0])
    core, ext = "{http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/}", "{http://iptc.org/std/Iptc4xmpExt/2008-02-29/}"
    rdf, lang = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}", "{http://www.w3.org/XML/1998/namespace}lang"
    [alt] = root.iter(f"{core}AltTextAccessibility")
    [li] = alt.iter(f"{rdf}li")
    assert li.get(lang) == "x-default" and li.text == ALT
    dst = [e.text for e in root.iter(f"{ext}DigitalSourceType")] + [
        d.get(f"{ext}DigitalSourceType") for d in root.iter(f"{rdf}Description") if d.get(f"{ext}DigitalSourceType")]
    assert dst == [DST]
    assert "ExifTool:Warning" not in tags


def test_other_languages_are_kept_and_blank_removes(tmp_path, exiftool):
    path = make_photo(tmp_path / "p.jpg", fields={"caption": "A flooded street."})
    subprocess.run([exiftool, "-overwrite_original", "-XMP-iptcCore:AltTextAccessibility=Old English text",
                    "-XMP-iptcCore:AltTextAccessibility-fr=Une rue inondée", "-XMP-iptcExt:DigitalSourceType="
                    "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture", str(path)], check=True,
                   capture_output=True)
    read = read_file(path)
    assert read.fields["alt_text"].value == "Old English text"  # ExifTool's writing, read by Creditline
    assert read.fields["digital_source_type"].value.endswith("/digitalCapture")
    write_file(item_for(path, alt_text=ALT))
    tags = _tags(exiftool, path)
    assert tags["XMP-iptcCore:AltTextAccessibility"] == ALT
    assert tags["XMP-iptcCore:AltTextAccessibility-fr"] == "Une rue inondée"
    write_file(item_for(path, alt_text="", digital_source_type=""))
    tags = _tags(exiftool, path)
    assert "XMP-iptcCore:AltTextAccessibility" not in tags and "XMP-iptcExt:DigitalSourceType" not in tags
