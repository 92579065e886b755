"""The write dialog for a HEIF photo: the fifth walk saw it in red ("failed: HEIF files cannot be
written in place") in every write and at every quit; now its row says the edit goes to an XMP
sidecar, and the write makes the photo "written"."""

from __future__ import annotations

import io

import pytest

pytest.importorskip("PySide6")

from PIL import Image  # noqa: E402
from PySide6.QtGui import QColor  # noqa: E402

from app.metadata.read import read_file  # noqa: E402 - also registers pillow-heif with Pillow
from tests.imagefactory import make_photo  # noqa: E402
from tests.uisession import open_window  # noqa: E402


def test_the_write_list_says_a_heif_gets_a_sidecar_and_writes_it(qtbot, catalog, settings, tmp_path):
    heic = tmp_path / "IMG_4021.heic"
    buf = io.BytesIO()
    Image.new("RGB", (160, 100), (40, 90, 160)).save(buf, format="HEIF", quality=60)
    heic.write_bytes(buf.getvalue())
    jpeg = make_photo(tmp_path / "IMG_4022.jpg", fields={"caption": "Old"}, width=160, height=100)
    ids = [catalog.apply_read(read_file(p)).item_id for p in (heic, jpeg)]
    for i in ids:
        catalog.set_fields(i, {"headline": "Porto under water"})
    before = heic.read_bytes()
    w = open_window(qtbot, catalog, settings)
    w.select_ids(ids)
    w.act_write.trigger()
    dlg = w.open_dialog
    qtbot.waitUntil(lambda: dlg.planned is not None, timeout=20000)

    # Named by number and headline, the file second (left35).
    rows = {dlg.tree.topLevelItem(n).text(0).rsplit(" — ", 1)[-1]: dlg.tree.topLevelItem(n)
            for n in range(dlg.tree.topLevelItemCount())}
    assert set(rows) == {"IMG_4021.heic", "IMG_4022.jpg"}
    assert all(" · Porto under water — " in r.text(0) for r in rows.values())
    row = rows["IMG_4021.heic"]
    assert row.text(1) == "will get an XMP sidecar; the file untouched"
    assert row.foreground(1).color() != QColor("#d93025")  # not a red failure
    assert row.toolTip(0).endswith(f"XMP sidecar: {tmp_path / 'IMG_4021.xmp'}")
    assert "Headline: " in row.child(0).text(0) and "Porto under water" in row.child(0).text(0)
    assert rows["IMG_4022.jpg"].text(1) == "will be written"
    assert dlg.write_button.text() == "Write 2 Files" and "cannot be written" not in dlg.status.text()

    with qtbot.waitSignal(dlg.written, timeout=20000):
        dlg.write_button.click()
    assert row.text(1) == "written to IMG_4021.xmp"  # the sidecar it went to
    assert rows["IMG_4022.jpg"].text(1) == "written"
    assert dlg.status.text().startswith("Done: 2 written")
    assert dlg.heading.text().startswith("Written: 2 photos of ")  # not "to their files": the HEIF is untouched
    assert dlg.heading.text().endswith(", 1 of them to XMP sidecars beside their files.")
    assert heic.read_bytes() == before
    assert read_file(heic).fields["headline"].value == "Porto under water"
    assert [catalog.item(i).changed_fields() for i in ids] == [[], []]  # nothing left for the quit dialog
