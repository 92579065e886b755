"""Round 39's write-oracle findings over more fuzz seeds (fuzz39): each a small file that failed
before its fix."""

from __future__ import annotations

from app.catalog import Catalog
from app.importer import import_paths
from app.metadata.read import read_file
from app.writeback import write_items
from tests.imagefactory import make_photo
from tests.test_write import OLD


def _imported_edited_and_written(tmp_path, path) -> None:
    """The photo comes into a catalog, takes a caption edit and is written with it."""
    cat = Catalog.open(tmp_path / "c.sqlite")
    summary = import_paths(cat, [path], jobs=1, thumbnails=False)
    assert summary.failures == [] and len(summary.item_ids) == 1
    cat.set_fields(summary.item_ids[0], {"caption": "New caption"})
    assert [o.status for o in write_items(cat, summary.item_ids).outcomes] == ["written"]
    assert read_file(path).fields["caption"].value == "New caption"


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
    _imported_edited_and_written(tmp_path, path)


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
    _imported_edited_and_written(tmp_path, path)


def _tiff_with_xmp(path, packet: bytes):
    """A small TIFF whose tag 700 holds ``packet``, and whose RowsPerStrip (0x0116) entry has a
    count no file can hold (fuzz seed 16's flip): exiv2 skips that entry, Pillow cannot open it."""
    import io
    import struct

    from PIL import Image
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (40, 90, 160)).save(buf, "TIFF", tiffinfo={700: packet})
    data = bytearray(buf.getvalue())
    assert data[:2] == b"II"
    ifd = struct.unpack_from("<I", data, 4)[0]
    for k in range(struct.unpack_from("<H", data, ifd)[0]):
        entry = ifd + 2 + 12 * k
        if struct.unpack_from("<H", data, entry)[0] == 0x0116:
            struct.pack_into("<I", data, entry + 4, 0x94000001)
    path.write_bytes(bytes(data))
    return path


PACKET = (b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
          b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about=""'
          b' xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"'
          b' photoshop:City="Straits of Magellan" photoshop:Credit="U.S. Navy"'
          b' xmp:MetadataDate="20\x194-06-30T10:38:14"/></rdf:RDF></x:xmpmeta><?xpacket end="w"?>')


def test_a_tiff_xmp_packet_pillow_cannot_reach_is_not_replaced_by_a_new_one(tmp_path):
    """Fuzz seeds 16 and 21 (16-0276, 21-0316, exiv2-Reagan.tiff): a packet exiv2 cannot decode
    (one control byte) is read from its raw bytes, which came from Pillow alone; with RowsPerStrip
    damaged too Pillow cannot open the TIFF, so the packet was taken as absent: no warning, and
    a caption write put a new packet in its place, losing its 18 other values (City, Credit, …).
    The raw packet now comes from exiv2's tag 700 as well: the photo reads as ExifTool reads it,
    and the write refuses as for any packet that is not well-formed (--force rebuilds it)."""
    path = _tiff_with_xmp(tmp_path / "r.tiff", PACKET)
    before = path.read_bytes()
    r = read_file(path)
    assert r.fields["city"].value == "Straits of Magellan"
    assert any("not well-formed" in w for w in r.warnings)
    cat = Catalog.open(tmp_path / "c.sqlite")
    ids = import_paths(cat, [path], jobs=1, thumbnails=False).item_ids
    cat.set_fields(ids[0], {"caption": "New caption"})
    [outcome] = write_items(cat, ids).outcomes
    assert outcome.status == "failed" and "not well-formed" in outcome.message
    assert path.read_bytes() == before


def test_a_forced_write_over_a_packet_exiv2_half_decoded_is_no_unexpected_error(tmp_path, corpus_dir):
    """Fuzz seed 13 (13-0004, ExifTool's PNG.png: a stray '&', a byte 0xFB in the packet, and
    damaged chunks Pillow will not open): the raw packet falls back to exiv2's serialisation,
    which holds that byte as a lone surrogate, and 'creditline write' answered 'unexpected error:
    UnicodeEncodeError: … surrogates not allowed'. Without --force it now refuses with its one
    line; with --force too, since nothing of the packet can be read here while ExifTool may still read
    values in it (the lead: the write oracle's kim-photo_46.jpg lost its rdf:about to a new packet)."""
    data = bytearray((corpus_dir / "images" / "exiftool-PNG.png").read_bytes())
    for at, byte in ((142, 0o251), (239, 0o107), (262, 0o16), (444, 0o46), (447, 0o274)):
        data[at] = byte
    path = tmp_path / "png.png"
    path.write_bytes(bytes(data))
    cat = Catalog.open(tmp_path / "c.sqlite")
    ids = import_paths(cat, [path], jobs=1, thumbnails=False).item_ids
    cat.set_fields(ids[0], {"caption": "New caption"})
    [refused] = write_items(cat, ids).outcomes
    assert refused.status == "failed" and "--force" in refused.message and "unexpected" not in refused.message
    before = path.read_bytes()
    [forced] = write_items(cat, ids, force=True).outcomes
    assert forced.status == "failed" and "cannot be read at all" in forced.message, forced.message
    assert "unexpected" not in forced.message and path.read_bytes() == before
