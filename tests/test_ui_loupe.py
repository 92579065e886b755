"""The loupe: thumbnail at once, the photo decoded on the task runner, fit and 100 %,
arrows for next and previous (the selection follows), Space or double-click to open."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QPointF, QSize, Qt  # noqa: E402
from PySide6.QtGui import QColor, QImage  # noqa: E402

from tests.uisession import add_photo, open_window  # noqa: E402
from ui.loupe import Loupe, oriented  # noqa: E402


def test_oriented_turns_as_exif_says() -> None:
    image = QImage(4, 2, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    image.setPixelColor(0, 0, QColor("red"))
    assert oriented(image, 1).size() == QSize(4, 2)
    six = oriented(image, 6)  # rotate 90 clockwise: the top-left corner goes top-right
    assert six.size() == QSize(2, 4) and six.pixelColor(1, 0) == QColor("red")
    assert oriented(image, 3).pixelColor(3, 1) == QColor("red")
    assert oriented(image, 8).pixelColor(0, 3) == QColor("red")


def test_loupe_decodes_off_the_ui_thread_and_steps(session, qtbot, tmp_path) -> None:
    ids = [add_photo(session, tmp_path / f"p{i}.jpg", thumbnail=True, caption=f"Photo {i}") for i in range(3)]
    shown: list[int] = []
    loupe = Loupe(session.catalog, session.tasks, ids, 1, on_current=shown.append)
    qtbot.addWidget(loupe)
    loupe.show()
    qtbot.waitExposed(loupe)
    # The 256 px thumbnail at once; the photo itself comes from the task runner.
    assert loupe.stage == "thumbnail" and loupe.view.image.width() == 256
    assert shown == [ids[1]]
    qtbot.waitUntil(lambda: loupe.stage == "full", timeout=5000)
    assert loupe.view.image.size() == QSize(640, 400)
    assert "640 \u00d7 400" in loupe.info.text() and "2 of 3" in loupe.info.text()
    assert "Photo 1" in loupe.caption.text()

    qtbot.keyClick(loupe, Qt.Key.Key_Right)
    assert loupe.index == 2 and shown[-1] == ids[2]
    qtbot.keyClick(loupe, Qt.Key.Key_Right)  # the last one stays
    assert loupe.index == 2
    qtbot.keyClick(loupe, Qt.Key.Key_Left)
    qtbot.keyClick(loupe, Qt.Key.Key_Left)
    assert loupe.index == 0 and shown[-1] == ids[0]
    qtbot.waitUntil(lambda: loupe.stage == "full", timeout=5000)

    loupe.resize(400, 330)
    qtbot.wait(20)
    assert not loupe.view.actual and loupe.view.scale() < 1
    qtbot.keyClick(loupe, Qt.Key.Key_Z)
    assert loupe.view.actual and loupe.view.scale() == 1 and "100 %" in loupe.info.text()
    qtbot.keyClick(loupe, Qt.Key.Key_Z)
    assert not loupe.view.actual
    # A click zooms in on the point clicked; a drag pans.
    assert loupe.view.height() < 400  # so the photo is taller than the view at 100 %
    loupe.view.set_actual(True, QPointF(loupe.view.width() * 0.1, loupe.view.height() * 0.1))
    assert loupe.view.center.x() <= 0.5 and loupe.view.center.y() < 0.5
    qtbot.keyClick(loupe, Qt.Key.Key_Escape)
    assert not loupe.isVisible()


def test_space_and_double_click_open_the_loupe_from_the_grid(qtbot, catalog, settings, tmp_path) -> None:

    from app.metadata.read import read_file  # noqa: PLC0415
    from tests.imagefactory import make_photo  # noqa: PLC0415

    ids = []
    for i in range(2):
        path = make_photo(tmp_path / f"g{i}.jpg", fields={"caption": f"Grid {i}"}, width=640, height=400)
        ids.append(catalog.apply_read(read_file(path), None).item_id)
    w = open_window(qtbot, catalog, settings)
    w.select_ids([ids[1]])
    w.view.setFocus()
    qtbot.keyClick(w.view, Qt.Key.Key_Space)
    loupe = w.open_loupe_window
    assert loupe.isVisible() and loupe.current_id() == ids[1]
    qtbot.keyClick(loupe, Qt.Key.Key_Left)
    assert w.selected_ids() == [ids[0]]  # the selection (and so the inspector) follows
    qtbot.keyClick(loupe, Qt.Key.Key_Space)
    assert not loupe.isVisible()
    index = w.model.index(w.model.row_of(ids[1]), 0)
    w.view.doubleClicked.emit(index)
    assert w.open_loupe_window.isVisible() and w.open_loupe_window.current_id() == ids[1]
    w.open_loupe_window.close()


def test_embedded_preview_comes_first_then_the_full_decode(tmp_path) -> None:
    """A camera JPEG carrying a big EXIF preview: the loupe's task posts the preview (turned as
    the EXIF orientation says) before it decodes the photo itself."""
    import io  # noqa: PLC0415
    import threading  # noqa: PLC0415

    from PIL import Image  # noqa: PLC0415

    from app.thumbnails import loupe_preview  # noqa: PLC0415
    from tests.imagefactory import add_exif_thumbnail, jpeg_bytes  # noqa: PLC0415
    from ui.loupe import decode_photo  # noqa: PLC0415
    from ui.tasks import TaskContext  # noqa: PLC0415

    out = io.BytesIO()
    Image.new("RGB", (1200, 800), (200, 40, 40)).save(out, "JPEG", quality=30)
    path = tmp_path / "camera.jpg"
    path.write_bytes(add_exif_thumbnail(jpeg_bytes(2400, 1600), out.getvalue(), orientation=6))
    found = loupe_preview(path)
    assert found is not None and found[1] == 6

    posts: list = []
    ctx = TaskContext(threading.Event(), lambda kind, payload: posts.append(payload))
    full, fit = decode_photo(ctx, str(path), QSize(600, 600))
    kind, preview, preview_fit = posts[-1]
    assert kind == "preview" and preview.size() == QSize(800, 1200)  # turned upright
    assert preview_fit.size() == QSize(400, 600)
    assert full.size() == QSize(1600, 2400) and fit.size() == QSize(400, 600)


def test_a_heic_is_decoded_at_full_size_by_the_apps_own_decoder(tmp_path) -> None:
    """The fifteenth walk: a HEIC in the loupe said "thumbnail, loading…" for good, over its 256
    px thumbnail blown up to the screen. Qt has no HEIF reader, and the photo's own decoder
    (pillow-heif, which makes its thumbnail) was not asked."""
    import threading  # noqa: PLC0415

    from PIL import Image  # noqa: PLC0415

    from ui.loupe import decode_photo  # noqa: PLC0415
    from ui.tasks import TaskContext  # noqa: PLC0415

    pillow_heif = pytest.importorskip("pillow_heif")
    pillow_heif.register_heif_opener()
    path = tmp_path / "valencia.heic"
    picture = Image.new("RGB", (1200, 800), (30, 90, 200))
    picture.paste((250, 250, 250), (0, 0, 100, 100))  # a white top-left corner: the photo upright
    picture.save(path, "HEIF", quality=90)
    ctx = TaskContext(threading.Event(), lambda kind, payload: None)
    full, fit = decode_photo(ctx, str(path), QSize(600, 600))
    assert full.size() == QSize(1200, 800) and fit.size() == QSize(600, 400)
    assert full.pixelColor(20, 20).lightness() > 230 and full.pixelColor(1100, 700).blue() > 150


def test_a_file_no_decoder_reads_says_so_rather_than_loading(session, qtbot, tmp_path) -> None:
    """A photo whose file neither Qt nor the app can decode showed "thumbnail, loading…" for good."""
    [item_id] = [add_photo(session, tmp_path / "p0.jpg", thumbnail=True, caption="Photo 0")]
    (tmp_path / "p0.jpg").write_bytes(b"\xff\xd8\xff\xe0 not a picture any more")
    loupe = Loupe(session.catalog, session.tasks, [item_id], 0)
    qtbot.addWidget(loupe)
    loupe.show()
    qtbot.waitExposed(loupe)
    qtbot.waitUntil(lambda: loupe._task is None, timeout=5000)
    assert "loading" not in loupe.info.text()
    assert "no decoder for this file: showing its thumbnail" in loupe.info.text()
    assert loupe.view.image.width() == 256  # the thumbnail stays up
    (tmp_path / "p0.jpg").unlink()
    loupe.show_index(0)
    qtbot.waitUntil(lambda: loupe._task is None, timeout=5000)
    assert "the photo file is missing: showing its thumbnail" in loupe.info.text()
