"""The three new fields go everywhere the field table goes: templates, `set`, `show`, the
inspector and the template dialog (both built from the table)."""

from __future__ import annotations

from app.catalog import Catalog
from app.cli import main
from app.fields import BY_KEY
from app.model import Item
from app.templates import Template, template_changes

DST = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"


def test_field_table_entries():
    for key, xmp in (("digital_source_type", "Xmp.iptcExt.DigitalSourceType"),
                     ("alt_text", "Xmp.iptc.AltTextAccessibility"),
                     ("ext_description", "Xmp.iptc.ExtDescrAccessibility")):
        f = BY_KEY[key]
        assert f.xmp == xmp and f.iim is None and f.exif is None  # XMP only, no IIM twin
    assert BY_KEY["alt_text"].xmp_type.value == "langAlt" and BY_KEY["digital_source_type"].xmp_type.value == "text"


def test_a_template_stamps_source_type_and_alt_text():
    t = Template("AI illustration", {"digital_source_type": DST, "alt_text": "Illustration of {city}"},
                 ["digital_source_type", "alt_text"])
    item = Item(1, "/x.jpg", "photo", {"city": "Porto", "alt_text": ""})
    assert template_changes(t, [item]) == {1: {"digital_source_type": DST, "alt_text": "Illustration of Porto"}}


def test_set_and_show(tmp_path, capsys):
    path = str(tmp_path / "c.sqlite")
    cat = Catalog.open(path)
    item_id = cat.add_caption_item({"caption": "A street."})
    cat.close()
    assert main(["--catalog", path, "set", str(item_id), "alt_text=Water fills a street.",
                 f"digital_source_type={DST}"]) == 0
    capsys.readouterr()
    assert main(["--catalog", path, "show", str(item_id)]) == 0
    out = capsys.readouterr().out
    assert "Alt text (accessibility)" in out and "Water fills a street." in out and DST in out


def test_inspector_and_template_dialog_have_the_fields(qapp, session):
    from ui.inspector import Inspector
    from ui.templates import TemplatesDialog

    insp = Inspector(session)
    assert {"digital_source_type", "alt_text", "ext_description"} <= set(insp.editors)
    dlg = TemplatesDialog(session)
    assert {"digital_source_type", "alt_text", "ext_description"} <= set(dlg.checks)
    assert dlg.checks["alt_text"].text() == "Alt text (accessibility)"
    insp.deleteLater()
    dlg.deleteLater()
