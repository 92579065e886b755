"""Round 39's write-oracle findings over more fuzz seeds (fuzz39): each a small file that failed
before its fix."""

from __future__ import annotations

from app.catalog import Catalog
from app.importer import import_paths
from app.metadata.read import read_file
from app.writeback import write_items
from tests.imagefactory import make_photo
from tests.test_write import OLD


def test_a_camera_make_and_model_in_latin_1_do_not_keep_the_photo_out(tmp_path):
    """Fuzz seed 7 (7-0182, 7-0215): one flipped byte in EXIF Make/Model ('FU\\xc7IFILM') read as a
    lone surrogate, which SQLite cannot store: the import refused a photo that read, with 'cannot
    store its metadata: UnicodeEncodeError: ... surrogates not allowed', so it could not be edited
    or written. EXIF ASCII that is not UTF-8 is Latin-1 from older cameras, as for the caption."""
    path = make_photo(tmp_path / "make.jpg", fields=OLD,
                      extra_exif={"Exif.Image.Make": "FUJIFILM", "Exif.Image.Model": "Canon EOS 350D"})
    data = path.read_bytes()
    path.write_bytes(data.replace(b"FUJIFILM\x00", b"FU\xc7IFILM\x00", 1)
                     .replace(b"Canon EOS 350D", b"Canon EO\xa4 350D", 1))
    facts = read_file(path).facts
    assert (facts.camera_make, facts.camera_model) == ("FUÇIFILM", "Canon EO¤ 350D")
    cat = Catalog.open(tmp_path / "c.sqlite")
    summary = import_paths(cat, [path], jobs=1, thumbnails=False)
    assert summary.failures == [] and len(summary.item_ids) == 1
    cat.set_fields(summary.item_ids[0], {"caption": "New caption"})
    assert [o.status for o in write_items(cat, summary.item_ids).outcomes] == ["written"]
    assert read_file(path).fields["caption"].value == "New caption"


def test_a_capture_time_with_a_byte_that_is_no_digit_does_not_keep_the_photo_out(tmp_path):
    """Fuzz seeds 15 and 18 (15-0049, 18-0299): a flipped byte in EXIF DateTimeOriginal
    ('2024:09:29 10:\\xd07:52') became the capture time '2024-09-29T10:\\udcd07:52', a lone
    surrogate the catalog cannot store, and the import refused the photo. A date whose digits are
    not digits is no capture time: the photo comes in without one."""
    path = make_photo(tmp_path / "date.jpg", fields=OLD,
                      extra_exif={"Exif.Photo.DateTimeOriginal": "2024:09:29 10:07:52"})
    data = path.read_bytes()
    path.write_bytes(data.replace(b"2024:09:29 10:07:52", b"2024:09:29 10:\xd07:52", 1))
    assert read_file(path).facts.capture_time is None
    path.write_bytes(data.replace(b"2024:09:29 10:07:52", b"2024:09:29 10\xe407:52", 1))  # seed 18: a separator
    assert read_file(path).facts.capture_time is None
    cat = Catalog.open(tmp_path / "c.sqlite")
    summary = import_paths(cat, [path], jobs=1, thumbnails=False)
    assert summary.failures == [] and len(summary.item_ids) == 1
    cat.set_fields(summary.item_ids[0], {"caption": "New caption"})
    assert [o.status for o in write_items(cat, summary.item_ids).outcomes] == ["written"]
    assert read_file(path).fields["caption"].value == "New caption"
