"""read_file on photos whose metadata the test itself wrote (tests/imagefactory.py)."""

from __future__ import annotations

import hashlib
import io
import os
import pickle
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import exiv2
import pytest
from PIL import Image

from app.fields import FIELD_KEYS
from app.metadata.charset import decode_iim
from app.metadata.formats import sniff
from app.metadata.read import UnreadableFile, read_file
from tests.imagefactory import add_metadata, jpeg_bytes, make_photo, set_iptc_digest

TURKISH = "Çağlar Öztürk"
SPANISH = "José Núñez"


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _edit(data: bytes, **values) -> bytes:
    """Set raw exiv2 keys (EXIF/IIM/XMP) that the factory has no field for."""
    image = exiv2.ImageFactory.open(data)
    image.readMetadata()
    for key, value in values.items():
        key = key.replace("__", ".")
        target = {"Exif": image.exifData, "Iptc": image.iptcData, "Xmp": image.xmpData}[key.split(".")[0]]()
        target[key] = value
    image.writeMetadata()
    with image.io().mmap() as m:
        return bytes(m)


# --- charset -------------------------------------------------------------------------------

def test_iim_utf8_with_declaration(tmp_path):
    p = make_photo(tmp_path / "a.jpg", fields={"creators": [TURKISH], "caption": f"{SPANISH} scores"},
                   xmp=False, iim_charset="utf-8")
    r = read_file(p)
    assert r.fields["creators"].candidates == {"iim": [TURKISH]}
    assert r.fields["caption"].value == f"{SPANISH} scores" and r.fields["caption"].source == "iim"


def test_iim_latin1_without_declaration_is_not_mojibake(tmp_path):
    p = make_photo(tmp_path / "a.jpg", fields={"creators": [SPANISH], "city": "Málaga"}, xmp=False,
                   iim_charset="latin-1")
    r = read_file(p)
    assert r.fields["creators"].value == [SPANISH]
    assert r.fields["city"].value == "Málaga"


def test_iim_utf8_without_declaration(tmp_path):
    p = make_photo(tmp_path / "a.jpg", fields={"creators": [TURKISH]}, xmp=False, iim_charset=None)
    assert read_file(p).fields["creators"].value == [TURKISH]


def test_decode_iim_per_value():
    assert decode_iim(SPANISH.encode("latin-1")) == SPANISH
    assert decode_iim(TURKISH.encode("utf-8")) == TURKISH
    assert decode_iim("“Quoted” – dash".encode("cp1252")) == "“Quoted” – dash"
    assert decode_iim(b"\x81\x8d") == "\x81\x8d"  # bytes cp1252 leaves undefined fall back to Latin-1
    assert decode_iim(b"caf\xc3", utf8_declared=True) == "caf\ufffd"


# --- sources and reconciliation -----------------------------------------------------------

def test_xmp_only(tmp_path):
    p = make_photo(tmp_path / "a.jpg", iim=False, fields={
        "caption": "Fans celebrate.", "creators": ["Ann One", "Bob Two"], "keywords": ["soccer", "fans"],
        "credit_line": "AP Photo", "usage_terms": "Editorial use only", "date_created": "2024-04-13T14:05:09+02:00"})
    r = read_file(p)
    assert set(r.fields) == set(FIELD_KEYS)
    assert r.fields["creators"].value == ["Ann One", "Bob Two"]  # seq order kept
    assert sorted(r.fields["keywords"].value) == ["fans", "soccer"]
    assert r.fields["usage_terms"].value == "Editorial use only"
    assert r.fields["date_created"].value == "2024-04-13T14:05:09+02:00"
    for key in ("caption", "creators", "credit_line"):
        assert r.fields[key].source == "xmp" and "iim" not in r.fields[key].candidates
    assert r.fields["headline"].source is None and r.fields["headline"].value == ""
    assert r.fields["headline"].candidates == {}
    assert r.iptc_digest_current is None


def _disagreeing(tmp_path, digest):
    data = add_metadata(jpeg_bytes(), iim={"caption": "IIM caption", "credit_line": "IIM credit",
                                           "city": "Lyon"},
                        xmp={"caption": "XMP caption", "credit_line": "XMP credit", "city": "Paris"})
    if digest is not None:
        data = set_iptc_digest(data, digest)
    return read_file(_write(tmp_path / "a.jpg", data))


def test_disagreeing_without_digest_prefers_xmp(tmp_path):
    r = _disagreeing(tmp_path, None)
    assert r.iptc_digest_stored is None and r.iptc_digest_current
    for key, xmp, iim in (("caption", "XMP caption", "IIM caption"), ("credit_line", "XMP credit", "IIM credit"),
                          ("city", "Paris", "Lyon")):
        assert (r.fields[key].value, r.fields[key].source) == (xmp, "xmp")
        assert r.fields[key].candidates == {"xmp": xmp, "iim": iim}


def test_disagreeing_with_matching_digest_prefers_xmp(tmp_path):
    r = _disagreeing(tmp_path, "current")
    assert r.iptc_digest_stored == r.iptc_digest_current
    assert r.fields["caption"].value == "XMP caption"
    assert r.fields["city"].value == "Paris"


def test_disagreeing_with_stale_digest_prefers_iim(tmp_path):
    r = _disagreeing(tmp_path, "0123456789abcdef0123456789abcdef")
    assert r.iptc_digest_stored == "0123456789abcdef0123456789abcdef"
    assert r.iptc_digest_current != r.iptc_digest_stored
    assert (r.fields["caption"].value, r.fields["caption"].source) == ("IIM caption", "iim")
    assert (r.fields["credit_line"].value, r.fields["credit_line"].source) == ("IIM credit", "iim")
    assert r.fields["city"].candidates["xmp"] == "Paris"  # every source's value is kept


def test_exif_wins_for_caption_creators_copyright_only(tmp_path):
    p = make_photo(tmp_path / "a.jpg",
                   iim={"caption": "IIM caption", "creators": ["IIM Name"], "credit_line": "IIM credit"},
                   xmp={"caption": "XMP caption", "creators": ["XMP Name"], "credit_line": "XMP credit"},
                   exif={"caption": "EXIF caption", "creators": "Ann One; Bob Two", "copyright": "© 2024 AP"})
    r = read_file(p)
    assert (r.fields["caption"].value, r.fields["caption"].source) == ("EXIF caption", "exif")
    assert r.fields["creators"].value == ["Ann One", "Bob Two"]
    assert r.fields["creators"].candidates == {"xmp": ["XMP Name"], "iim": ["IIM Name"],
                                               "exif": ["Ann One", "Bob Two"]}
    assert r.fields["copyright"].value == "© 2024 AP"
    assert r.fields["credit_line"].source == "xmp"  # no EXIF twin


def test_exif_only(tmp_path):
    p = make_photo(tmp_path / "a.jpg", iim=False, xmp=False, exif=True,
                   fields={"caption": "Only EXIF", "creators": ["Solo Shooter"], "copyright": "(c) Solo"})
    r = read_file(p)
    assert {k: (v.value, v.source) for k, v in r.fields.items() if v.source} == {
        "caption": ("Only EXIF", "exif"), "creators": (["Solo Shooter"], "exif"), "copyright": ("(c) Solo", "exif")}


def test_blank_exif_does_not_win(tmp_path):
    p = make_photo(tmp_path / "a.jpg", iim=False, xmp={"caption": "XMP caption"}, exif={"caption": "    "})
    r = read_file(p)
    assert (r.fields["caption"].value, r.fields["caption"].source) == ("XMP caption", "xmp")
    assert "exif" not in r.fields["caption"].candidates


def test_iim_cut_at_its_limit_gives_the_full_xmp(tmp_path):
    full = "Photographer's Mate 3rd Class (AW) Elizabeth Thompson"
    cut = full.encode()[:32].decode()
    data = add_metadata(jpeg_bytes(), iim={"creators": [cut], "credit_line": "U.S. Navy"},
                        xmp={"creators": [full], "credit_line": "U.S. Navy photo"})
    r = read_file(_write(tmp_path / "a.jpg", set_iptc_digest(data, "ff" * 16)))
    assert r.fields["creators"].value == [full] and r.fields["creators"].source == "xmp"
    # "U.S. Navy" is shorter than the 32-byte limit: a real IIM edit, so IIM stays.
    assert r.fields["credit_line"].value == "U.S. Navy" and r.fields["credit_line"].source == "iim"


def test_date_created_combines_iim_date_and_time(tmp_path):
    data = add_metadata(jpeg_bytes(), iim={"date_created": "2024-04-13"}, xmp=None)
    data = _edit(data, Iptc__Application2__TimeCreated="14:05:09+02:00")
    r = read_file(_write(tmp_path / "a.jpg", data))
    assert r.fields["date_created"].candidates["iim"] == "2024-04-13T14:05:09+02:00"


def test_repeated_iim_keywords_are_a_list(tmp_path):
    p = make_photo(tmp_path / "a.jpg", xmp=False, fields={"keywords": ["politics", "election", "Paris"]})
    assert read_file(p).fields["keywords"].value == ["politics", "election", "Paris"]


# --- facts --------------------------------------------------------------------------------

def test_file_facts(tmp_path):
    data = add_metadata(jpeg_bytes(640, 427), extra_exif={
        "Exif.Image.Make": "Canon", "Exif.Image.Model": "EOS R5", "Exif.Image.Orientation": 6,
        "Exif.Photo.DateTimeOriginal": "2024:04:13 14:05:09", "Exif.Photo.OffsetTimeOriginal": "+02:00",
        "Exif.GPSInfo.GPSLatitudeRef": "S", "Exif.GPSInfo.GPSLatitude": "33/1 52/1 1200/100",
        "Exif.GPSInfo.GPSLongitudeRef": "E", "Exif.GPSInfo.GPSLongitude": "151/1 12/1 3000/100"})
    p = _write(tmp_path / "a.jpg", data)
    f = read_file(p).facts
    assert f.size == len(data) and f.content_hash == hashlib.sha256(data).hexdigest()
    assert f.mtime_ns == os.stat(p).st_mtime_ns
    assert (f.format, f.width, f.height, f.orientation) == ("JPEG", 640, 427, 6)
    assert (f.capture_time, f.capture_offset) == ("2024-04-13T14:05:09", "+02:00")
    assert f.gps_lat == pytest.approx(-(33 + 52 / 60 + 12 / 3600), abs=1e-6)
    assert f.gps_lon == pytest.approx(151 + 12 / 60 + 30 / 3600, abs=1e-6)
    assert (f.camera_make, f.camera_model, f.sidecar) == ("Canon", "EOS R5", None)


def test_data_argument_is_used_instead_of_reading(tmp_path):
    data = add_metadata(jpeg_bytes(), xmp={"headline": "From memory"})
    r = read_file(tmp_path / "not-there.jpg", data=data)
    assert r.fields["headline"].value == "From memory"
    assert r.facts.content_hash == hashlib.sha256(data).hexdigest() and r.facts.size == len(data)


@pytest.mark.parametrize("fmt,ext,expected", [("PNG", ".png", "PNG"), ("TIFF", ".tif", "TIFF"),
                                              ("WEBP", ".webp", "WEBP"), ("HEIF", ".heic", "HEIF")])
def test_other_formats(tmp_path, fmt, ext, expected):
    buf = io.BytesIO()
    Image.new("RGB", (300, 200), (10, 120, 30)).save(buf, fmt)
    data = buf.getvalue()
    if fmt in ("PNG", "TIFF", "WEBP"):
        data = add_metadata(data, iim=None, xmp={"caption": f"{fmt} caption", "creators": [TURKISH]})
    r = read_file(_write(tmp_path / f"x{ext}", data))
    assert (r.facts.format, r.facts.width, r.facts.height) == (expected, 300, 200)
    if fmt != "HEIF":
        assert r.fields["caption"].value == f"{fmt} caption"
        assert r.fields["creators"].value == [TURKISH]


def test_sniff_names_raw_flavours_by_extension():
    tiff = io.BytesIO()
    Image.new("RGB", (8, 8)).save(tiff, "TIFF")
    assert sniff(tiff.getvalue(), "x.tif") == "TIFF"
    assert sniff(tiff.getvalue(), "x.NEF") == "NEF"
    assert sniff(b"FUJIFILMCCD-RAW 0201", "x.raf") == "RAF"
    assert sniff(b"\x00\x00\x00\x18ftypcrx \x00\x00\x00\x01crx isom", "x.cr3") == "CR3"
    assert sniff(b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf", "x.avif") == "AVIF"
    assert sniff(b"hello", "x.jpg") is None


# --- RAW with sidecar ---------------------------------------------------------------------

SIDECAR = """<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/">
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{caption}</rdf:li></rdf:Alt></dc:description>
<dc:creator><rdf:Seq><rdf:li>{creator}</rdf:li></rdf:Seq></dc:creator>
</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>"""


def _raw_like(tmp_path: Path, name: str) -> Path:
    tiff = io.BytesIO()
    Image.new("RGB", (400, 300), (90, 90, 90)).save(tiff, "TIFF")
    data = add_metadata(tiff.getvalue(), iim=None, xmp={"caption": "Embedded caption", "credit_line": "Embedded credit"})
    return _write(tmp_path / name, data)


@pytest.mark.parametrize("sidecar_name", ["shot.xmp", "shot.dng.xmp"])
def test_raw_sidecar_wins_over_embedded_xmp(tmp_path, sidecar_name):
    raw = _raw_like(tmp_path, "shot.dng")
    (tmp_path / sidecar_name).write_text(SIDECAR.format(caption="Sidecar caption", creator=SPANISH), "utf-8")
    r = read_file(raw)
    assert r.facts.format == "DNG" and r.facts.sidecar == str(tmp_path / sidecar_name)
    assert (r.facts.width, r.facts.height) == (400, 300)
    assert r.fields["caption"].value == "Sidecar caption"
    assert r.fields["creators"].value == [SPANISH]
    assert r.fields["credit_line"].value == "Embedded credit"  # not in the sidecar: embedded value kept


def test_raw_without_sidecar_reads_embedded(tmp_path):
    r = read_file(_raw_like(tmp_path, "shot.nef"))
    assert r.facts.format == "NEF" and r.facts.sidecar is None
    assert r.fields["caption"].value == "Embedded caption"


def test_broken_sidecar_is_a_warning(tmp_path):
    raw = _raw_like(tmp_path, "shot.dng")
    (tmp_path / "shot.xmp").write_text("<x:xmpmeta this is not xml", "utf-8")
    r = read_file(raw)
    assert r.fields["caption"].value == "Embedded caption"
    assert any("sidecar" in w for w in r.warnings) and r.facts.sidecar is None


# --- broken files -------------------------------------------------------------------------

@pytest.mark.parametrize("name,content,reason", [
    ("empty.jpg", b"", "empty file"),
    ("text.jpg", b"This is a caption file, not a photo.\n", "not an image"),
    ("cut.jpg", None, "truncated JPEG"),
    ("cut.png", "png", "truncated PNG"),
])
def test_broken_files_are_rejected_with_one_line(tmp_path, name, content, reason):
    if content is None:
        full = add_metadata(jpeg_bytes(800, 600), xmp={"caption": "x"})
        content = full[: len(full) * 2 // 3]
    elif content == "png":
        buf = io.BytesIO()
        Image.new("RGB", (200, 200), (1, 2, 3)).save(buf, "PNG")
        content = buf.getvalue()[:-40]
    p = _write(tmp_path / name, content)
    with pytest.raises(UnreadableFile) as info:
        read_file(p)
    assert reason in info.value.reason and "\n" not in info.value.reason
    assert p.read_bytes() == content  # nothing touched


def test_missing_file(tmp_path):
    with pytest.raises(UnreadableFile, match="cannot read file"):
        read_file(tmp_path / "gone.jpg")


def test_bad_exif_with_good_pixels_is_read_with_a_warning(tmp_path):
    data = bytearray(add_metadata(jpeg_bytes(), iim={"credit_line": "Reuters"}, xmp=None,
                                  exif={"caption": "EXIF caption"}))
    tiff = data.find(b"Exif\x00\x00") + 6
    data[tiff:tiff + 4] = b"XX\x00\x00"  # destroy the TIFF header inside APP1
    r = read_file(_write(tmp_path / "a.jpg", bytes(data)))
    assert r.warnings
    assert r.fields["credit_line"].value == "Reuters"
    assert (r.facts.width, r.facts.height) == (320, 200)


# --- concurrency --------------------------------------------------------------------------

def _summary(path: str) -> tuple:
    r = read_file(path)
    return r.facts.content_hash, {k: v.value for k, v in r.fields.items()}


def test_threads_and_processes_agree_with_sequential(tmp_path):
    paths = [str(make_photo(tmp_path / f"p{i}.jpg", fields={"caption": f"Caption {i} {TURKISH}",
                                                              "creators": [f"Name {i}"], "city": "Paris"},
                            exif=(i % 2 == 0))) for i in range(12)]
    expected = [_summary(p) for p in paths]
    with ThreadPoolExecutor(6) as pool:
        assert list(pool.map(_summary, paths * 3)) == expected * 3
    with ProcessPoolExecutor(2) as pool:
        assert list(pool.map(_summary, paths)) == expected
    assert pickle.loads(pickle.dumps(read_file(paths[0]))).fields["caption"].value == f"Caption 0 {TURKISH}"


def test_tiff_facts_keep_the_stored_size_with_orientation(tmp_path):
    buf = io.BytesIO()
    Image.new("RGB", (600, 400), (1, 2, 3)).save(buf, "TIFF")
    data = add_metadata(buf.getvalue(), extra_exif={"Exif.Image.Orientation": 6})
    f = read_file(_write(tmp_path / "a.tif", data)).facts
    assert (f.width, f.height, f.orientation) == (600, 400, 6)


@pytest.mark.parametrize("xmp_time,offset", [("2024-04-13T14:05:09+01:00", "+01:00"),
                                              ("2024-04-13T14:05:09Z", "+00:00"),
                                              ("2024-04-13T09:00:00+01:00", None)])  # another time: not used
def test_capture_offset_from_xmp_when_exif_has_none(tmp_path, xmp_time, offset):
    data = add_metadata(jpeg_bytes(), extra_exif={"Exif.Photo.DateTimeOriginal": "2024:04:13 14:05:09"})
    data = _edit(data, Xmp__exif__DateTimeOriginal=xmp_time)
    f = read_file(_write(tmp_path / "a.jpg", data)).facts
    assert (f.capture_time, f.capture_offset) == ("2024-04-13T14:05:09", offset)


_FUZZ_CHILD = r"""
import random, sys
from app.metadata.read import read_file, UnreadableFile
from app.thumbnails import make_thumbnail, ThumbnailError
seeds = [open(p, "rb").read() for p in sys.argv[2:]]
rng = random.Random(int(sys.argv[1]))
for i in range(150):
    d = bytearray(rng.choice(seeds))
    for _ in range(rng.randint(1, 10)):
        d[rng.randrange(min(len(d), 3000))] = rng.randrange(256)
    if rng.random() < 0.2:
        d = d[: rng.randrange(len(d))]
    try:
        read_file("fuzz.jpg", data=bytes(d))
    except UnreadableFile as e:
        assert e.reason and "\n" not in e.reason
    try:
        make_thumbnail(bytes(d))
    except ThumbnailError:
        pass
print("ok")
"""


def test_mutated_files_never_crash_or_hang(tmp_path):
    """Random byte damage in the metadata segments: only UnreadableFile/ThumbnailError, in a
    child process so a crash in C code or a hang fails the test instead of killing the run."""
    import subprocess
    import sys

    seeds = [
        make_photo(tmp_path / "a.jpg", fields={"caption": "Caption " * 20, "creators": [TURKISH, SPANISH],
                                               "keywords": ["a", "b"], "city": "Paris"}, exif=True),
        _write(tmp_path / "b.jpg", set_iptc_digest(add_metadata(jpeg_bytes(), iim={"credit_line": "AP"},
                                                                xmp={"credit_line": "AP"}), "current")),
    ]
    proc = subprocess.run([sys.executable, "-c", _FUZZ_CHILD, "7", *map(str, seeds)], capture_output=True,
                          text=True, timeout=120, cwd=Path(__file__).resolve().parents[1])
    assert proc.returncode == 0 and proc.stdout.strip().endswith("ok"), proc.stderr[-3000:]


def test_latin1_exif_strings_are_decoded(tmp_path):
    data = add_metadata(jpeg_bytes(), exif={"creators": "JosX Nunez"}, iim=None, xmp=None)
    data = data.replace(b"JosX", b"Jos\xe9")  # same length: a camera that wrote Latin-1
    r = read_file(_write(tmp_path / "a.jpg", data))
    assert r.fields["creators"].value == ["José Nunez"]


def test_exif_text_from_exiv2_with_surrogate_escapes():
    from app.metadata.charset import decode_exif_ascii

    # Latin-1 bytes "Jos\xe9 N\xfa\xf1ez" as python-exiv2 passes them on
    assert decode_exif_ascii("Jos\udce9 N\udcfa\udcf1ez") == "José Núñez"
    assert decode_exif_ascii(b"Jos\xc3\xa9\x00junk") == "José"


def test_iim_block_walk():
    from app.metadata.irb import iim_datasets, iim_problem

    good = b"\x1c\x02\x78\x00\x05Hello" + b"\x1c\x02\x50\x80\x02\x00\x03Ann" + b"\x00\x00"
    assert iim_datasets(good) == [(2, 120, b"Hello"), (2, 80, b"Ann")]  # extended length, zero padding
    assert iim_problem(good) is None
    bad = b"\x1c\x01\x5a\x00\x04\x00\xc4" + b"\x1c\x02\x78\x00\x05Hello"  # 1:90 claims 4 bytes, holds 2
    assert iim_problem(bad) is not None and "malformed IIM" in iim_problem(bad)


def _app13(iim: bytes) -> bytes:
    res = b"8BIM\x04\x04\x00\x00" + len(iim).to_bytes(4, "big") + iim + b"\x00" * (len(iim) % 2)
    body = b"Photoshop 3.0\x00" + res
    return b"\xff\xed" + (len(body) + 2).to_bytes(2, "big") + body


def test_second_app13_block_fills_missing_fields_only(tmp_path):
    data = add_metadata(jpeg_bytes(), iim={"credit_line": "Reuters"}, xmp=None)
    second = (b"\x1c\x02\x6e\x00\x03AFP"  # 2:110 Credit: the standard block has one already
              + b"\x1c\x02\x78\x00\x0fSecond caption."  # 2:120 Caption: missing there
              + b"\x1c\x02\x50\x00\x0aJos\xe9 N\xfa\xf1ez")  # 2:80 By-line in Latin-1
    sos = data.index(b"\xff\xda")
    r = read_file(_write(tmp_path / "a.jpg", data[:sos] + _app13(second) + data[sos:]))
    assert r.fields["credit_line"].value == "Reuters"
    assert r.fields["caption"].value == "Second caption."
    assert r.fields["creators"].value == [SPANISH]
    assert any("caption" in w and "creators" in w for w in r.warnings)


def test_camera_boilerplate_description_does_not_hide_the_real_caption(tmp_path):
    path = make_photo(tmp_path / "olympus.jpg", fields={"caption": "Fans cheer in Lisbon, Portugal."},
                      exif={"caption": "OLYMPUS DIGITAL CAMERA"})
    field = read_file(path).fields["caption"]
    assert field.value == "Fans cheer in Lisbon, Portugal."
    assert field.source == "xmp"
    assert field.candidates["exif"] == "OLYMPUS DIGITAL CAMERA"  # kept: a disagreement worth showing


def test_camera_boilerplate_alone_is_still_read(tmp_path):
    path = make_photo(tmp_path / "only.jpg", fields={}, iim=False, xmp=False, exif={"caption": "SONY DSC"})
    assert read_file(path).fields["caption"].value == "SONY DSC"


def test_a_picture_past_pillows_pixel_bound_is_read_from_its_header(tmp_path):
    """Over ~179 MP Pillow refuses to open a picture at all (a decompression bomb to it); a
    stitched panorama is no broken file: its metadata is read, its size from the header."""
    from tests.hostile import huge_jpeg_header, huge_png  # noqa: PLC0415

    png = tmp_path / "pano.png"
    png.write_bytes(huge_png(14_000, 14_000))  # 196 MP
    jpg = tmp_path / "pano.jpg"
    jpg.write_bytes(huge_jpeg_header(60_000, 60_000))
    for path, size in ((png, 14_000), (jpg, 60_000)):
        r = read_file(path)
        assert (r.facts.width, r.facts.height) == (size, size)


def test_a_tiff_or_webp_past_pillows_pixel_bound_is_read_with_exiv2s_size(tmp_path):
    """An archive scan or stitched TIFF (or a WebP up to 16,383 px a side) past ~179 MP: no
    header reader of ours knows the format, so exiv2's reading of the header gives the size."""
    from tests.hostile import huge_tiff, huge_webp  # noqa: PLC0415

    for name, data in (("scan.tif", huge_tiff(14_000, 13_000)), ("pano.webp", huge_webp(14_000, 13_000))):
        path = tmp_path / name
        path.write_bytes(data)
        r = read_file(path)
        assert (r.facts.width, r.facts.height) == (14_000, 13_000), name


def _webp(size: tuple[int, int], **options) -> bytes:
    buf = io.BytesIO()
    Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)).save(buf, "WEBP", **options)
    return buf.getvalue()


@pytest.mark.parametrize("options", [{"quality": 80}, {"lossless": True},
                                     {"quality": 80, "exif": b"Exif\x00\x00II*\x00\x08\x00\x00\x00\x00\x00"},
                                     {"lossless": True, "icc_profile": b"\x00" * 64}],
                         ids=["VP8", "VP8L", "VP8X-lossy", "VP8X-lossless"])
def test_a_webps_size_is_read_from_its_chunks_as_pillow_reports_it(tmp_path, options):
    for size in ((1, 1), (63, 17), (640, 481), (16383, 2)):
        data = _webp(size, **options)
        with Image.open(io.BytesIO(data)) as im:
            assert im.size == size
        r = read_file(_write(tmp_path / "p.webp", data))
        assert (r.facts.width, r.facts.height) == size, (options, size)


def test_a_webp_is_read_without_pillow_copying_it(tmp_path):
    """Left by left31 (bench_big_write.py --webp --mb 150: import at 7.7x the file): Pillow opens
    a WebP by reading it whole and joining it to its first 30 bytes, only to give the size; the
    reader held three copies of the file. The size is now read from the chunk headers."""
    from tests.tracing import traced_peak  # noqa: PLC0415

    path = _write(tmp_path / "big.webp", _webp((1200, 1000), lossless=True))
    size = path.stat().st_size
    r, peak = traced_peak(lambda: read_file(path))
    assert (r.facts.width, r.facts.height) == (1200, 1000)
    assert peak < 1.5 * size, (peak, size)


def test_a_truncated_or_garbled_webp_is_unreadable_with_its_one_line_reason(tmp_path):
    data = _webp((64, 48), lossless=True)
    vp8x = _webp((64, 48), quality=80, exif=b"Exif\x00\x00II*\x00\x08\x00\x00\x00\x00\x00")
    junk_chunk = data[:12] + b"JUNK" + data[16:]
    frames = [Image.frombytes("RGB", (64, 48), os.urandom(9216)) for _ in range(2)]
    buf = io.BytesIO()
    frames[0].save(buf, "WEBP", save_all=True, append_images=frames[1:], lossless=True)
    anim = bytearray(buf.getvalue())
    first = anim.index(b"ANMF") + 8 + 16  # the first frame's nested image chunk
    anim[first + 8] ^= 0xFF  # its VP8L signature: only libwebp's demuxer looks inside frames
    cases = {
        "truncated": (data[: len(data) // 2], "truncated WEBP"),
        "cut in its header": (data[:20], "truncated WEBP"),
        "a chunk longer than the file": (data[:16] + (2**31).to_bytes(4, "little") + data[20:], "truncated WEBP"),
        "garbled image header": (data[:20] + b"\xa5" * (len(data) - 20), "corrupt WEBP image"),
        "garbage first chunk": (junk_chunk, "corrupt WEBP image"),
        "an animation with a garbled frame": (bytes(anim), "corrupt WEBP image"),
        "extended with no image": (vp8x[:30].replace(vp8x[4:8], (22).to_bytes(4, "little"), 1),
                                   "corrupt WEBP image"),
    }
    for what, (bad, reason) in cases.items():
        with pytest.raises(UnreadableFile) as caught:
            read_file(_write(tmp_path / "bad.webp", bad))
        assert caught.value.reason.startswith(reason), (what, caught.value.reason)
        assert "\n" not in caught.value.reason
        with pytest.raises((OSError, ValueError)):  # Pillow (libwebp's demuxer) refuses each one as well
            with Image.open(io.BytesIO(bad)) as im:
                im.load()


@pytest.mark.parametrize("options", [{"lossless": True}, {"quality": 80}], ids=["VP8L", "VP8"])
def test_exiv2_reads_a_webps_metadata_without_its_pixels(tmp_path, monkeypatch, options):
    """exiv2 allocates and zeroes a buffer the size of every chunk it walks past: the image
    chunk of a 150 MB WebP cost 150 MB more to read its metadata (bench_big_write.py --webp).
    It is handed the metadata chunks and the pixel chunks' headers, and reads the same."""
    from app.metadata import exiv2io, webp  # noqa: PLC0415

    data = add_metadata(_webp((800, 600), **options), iim=None,
                        xmp={"caption": "WebP caption", "creators": [TURKISH]},
                        exif={"copyright": "(c) Ada Brin"})
    given: list[int] = []
    real = exiv2io.read_blocks

    def spy(source, **kw):
        given.append(len(source))
        return real(source, **kw)

    monkeypatch.setattr(exiv2io, "read_blocks", spy)
    r = read_file(_write(tmp_path / "p.webp", data))
    assert given and max(given) < 4096 < len(data), (given, len(data))
    assert (r.facts.width, r.facts.height) == (800, 600)
    assert r.fields["caption"].value == "WebP caption"
    assert r.fields["creators"].value == [TURKISH]
    assert r.fields["copyright"].value == "(c) Ada Brin"
    whole, view = real(data), real(webp.metadata_view(data))
    assert (whole.xmp, whole.exif, whole.iim, whole.width, whole.height) == \
        (view.xmp, view.exif, view.iim, view.width, view.height)
    assert view.warnings == whole.warnings
