"""The write path in the app (issue 11): what the reader could not read cleanly is shown in
the inspector, and File > Reconcile Metadata Blocks lists each disagreeing copy before it
makes them agree."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from app.metadata.read import read_file  # noqa: E402
from tests.imagefactory import make_photo  # noqa: E402
from tests.test_write_blocks import _main_packet, _replace_xmp  # noqa: E402
from tests.uisession import open_window  # noqa: E402


def test_the_inspector_says_what_could_not_be_read(qtbot, catalog, settings, tmp_path):
    path = make_photo(tmp_path / "amp.jpg", fields={"caption": "A caption", "city": "Porto"}, iim=False, exif=False)
    data = path.read_bytes()
    broken = _main_packet(data).replace(b"</rdf:Description>", b'<photoshop:Source xmlns:photoshop='
                                        b'"http://ns.adobe.com/photoshop/1.0/">Tom & Jerry</photoshop:Source>'
                                        b"</rdf:Description>", 1)
    path.write_bytes(_replace_xmp(data, broken))
    item_id = catalog.apply_read(read_file(path)).item_id
    w = open_window(qtbot, catalog, settings)
    w.select_ids([item_id])
    summary = w.inspector.summary
    qtbot.waitUntil(lambda: "Read with problems" in summary.text(), timeout=5000)
    assert "not well-formed" in summary.text()
    assert "--force" in summary.toolTip()
    assert w.inspector.editors["caption"].value() == "A caption"  # read leniently, not blank


def test_reconcile_lists_each_copy_then_makes_them_agree(qtbot, catalog, settings, tmp_path):
    path = make_photo(tmp_path / "x.jpg", fields={"credit_line": "AP", "caption": "Same"},
                      iim={"credit_line": "AP"}, xmp={"credit_line": "Reuters"})
    item_id = catalog.apply_read(read_file(path)).item_id
    w = open_window(qtbot, catalog, settings)
    w.select_ids([item_id])
    w.act_reconcile.trigger()
    dlg = w.open_dialog
    qtbot.waitUntil(lambda: dlg.planned is not None, timeout=20000)
    assert dlg.planned_ids() == [item_id]
    assert "Credit line: IIM AP → “Reuters”" in dlg.listing()
    assert dlg.write_button.text() == "Reconcile 1 File"
    assert read_file(path).fields["credit_line"].candidates == {"xmp": "Reuters", "iim": "AP"}  # nothing yet
    with qtbot.waitSignal(dlg.written, timeout=20000):
        dlg.write_button.click()
    assert read_file(path).fields["credit_line"].candidates == {"xmp": "Reuters", "iim": "Reuters"}
    assert "1 written" in dlg.status.text()
    dlg.close()
    # Again: every copy agrees now, and the dialog says there is nothing to reconcile (not "write").
    w.act_reconcile.trigger()
    dlg = w.open_dialog
    qtbot.waitUntil(lambda: dlg.planned is not None, timeout=20000)
    assert dlg.heading.text() == "Nothing to reconcile in the selected photo."
    assert dlg.write_button.text() == "Reconcile Files" and not dlg.write_button.isEnabled()
