"""A big photo is held once while it is written: the JPEG writer edits the head and writes
the image data from the old bytes as they are, with no copy of it (measured, not timed:
``bench/bench_big_write.py`` has the figures for a 300 MB scan)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from PIL import Image

from app import provenance_write as pw
from app.metadata import jpeg
from app.metadata.encode import encode_file
from app.metadata.read import read_file
from app.metadata.write import write_file
from tests.test_write import item_for
from tests.tracing import traced_peak

EDITS = {"caption": "A big scan, captioned", "credit_line": "Test Agency", "creators": ["Jane Doe"]}


@pytest.fixture
def big(tmp_path) -> Path:
    """A JPEG of ~4 MB (random pixels compress badly), big enough that a copy shows."""
    path = tmp_path / "scan.jpg"
    Image.frombytes("RGB", (1000, 1000), os.urandom(3_000_000)).save(path, quality=100, subsampling=0)
    return path


def test_the_encoded_jpeg_is_its_new_head_and_a_view_of_the_old_image_data(big):
    data = big.read_bytes()
    encoded, peak = traced_peak(lambda: encode_file(data, {"caption": "x", "credit_line": "y"}))
    *_, tail = encoded.parts
    assert isinstance(tail, memoryview) and tail.obj is data  # no copy of the image data
    assert peak < len(data) // 4  # only the head was copied and edited
    new = encoded.data
    assert len(new) == encoded.size
    assert jpeg.scan_data(new) == jpeg.scan_data(data)
    assert read_file(big, data=new).fields["caption"].value == "x"


def test_write_file_holds_a_big_photo_once(big):
    item = item_for(big, **EDITS)
    size = big.stat().st_size
    before_scan = jpeg.scan_data(big.read_bytes())
    outcome, peak = traced_peak(lambda: write_file(item))
    assert outcome.status == "written", outcome.message
    # the old bytes (read to check and edit), then the new ones (read back), never both at once;
    # the copies the writer made were five times the file
    assert peak < 1.5 * size
    written = big.read_bytes()
    assert jpeg.scan_data(written) == before_scan
    assert outcome.facts is not None and outcome.facts.size == len(written)
    assert outcome.facts.content_hash == hashlib.sha256(written).hexdigest()
    assert read_file(big).fields["caption"].value == EDITS["caption"]


def test_an_unsigned_photos_bytes_are_not_kept_through_its_write(big):
    before, original = pw.signed_state(item_for(big), None)
    assert before is None and original is None


@pytest.mark.parametrize("fmt", ["TIFF", "PNG", "WEBP"])
def test_a_big_tiff_png_or_webp_is_written_through_a_file_not_held_in_memory(tmp_path, fmt):
    """Left by mem30 (bench_big_write.py --tiff: a 300 MB TIFF written at 932 MB peak): the
    file was read whole, exiv2 wrote its new copy into memory, and that was copied to Python;
    three copies at once. exiv2 now rewrites a copy of the file through its file I/O (the copy
    then replaces the photo, as before), so the write holds no copy of the photo in Python
    (traced here; exiv2's own buffer is C++ and not traced), and with the read-back, one."""
    path = tmp_path / f"scan.{fmt.lower()}"
    image = Image.frombytes("RGB", (1000, 1000), os.urandom(3_000_000))
    image.save(path, **({"lossless": True} if fmt == "WEBP" else {}))
    size = path.stat().st_size
    with Image.open(path) as im:
        pixels = im.convert("RGB").tobytes()
    item = item_for(path, **EDITS)
    outcome, peak = traced_peak(lambda: write_file(item, reread=False))
    assert outcome.status == "written", outcome.message
    assert peak < size // 4, (peak, size)  # the write proper: a hash buffer, no copy of the photo
    with Image.open(path) as im:
        assert im.convert("RGB").tobytes() == pixels
    assert read_file(path).fields["caption"].value == EDITS["caption"]
    item = item_for(path, caption="Captioned again")
    outcome, peak = traced_peak(lambda: write_file(item))
    assert outcome.status == "written", outcome.message
    written = path.read_bytes()
    assert outcome.facts is not None and outcome.facts.size == len(written)
    assert outcome.facts.content_hash == hashlib.sha256(written).hexdigest()
    assert outcome.embedded["caption"] == "Captioned again"
    # the read-back's one copy (a WebP's size was read by opening it with Pillow, which held
    # the file twice more: its header is now read from the chunks)
    assert peak < 1.5 * size, (peak, size)
    assert not [p.name for p in tmp_path.iterdir() if p.name != path.name]  # no working copy left


@pytest.mark.parametrize("fmt", ["TIFF", "PNG", "WEBP"])
def test_the_working_copy_of_a_photo_in_a_folder_not_named_in_utf8_is_made_where_exiv2_opens_it(tmp_path, fmt):
    """exiv2 takes a path as UTF-8 text: a working copy beside a photo in a folder whose name
    is not UTF-8 could not be opened (TypeError from the binding). It is made in the temporary
    folder instead, and copied beside the photo to replace it."""
    folder = tmp_path / os.fsdecode(b"caf\xe9")
    folder.mkdir()
    path = folder / os.fsdecode(b"scan-\xff." + fmt.lower().encode())
    Image.new("RGB", (64, 48), (1, 2, 3)).save(path)
    outcome = write_file(item_for(path, caption="Café caption"))
    assert outcome.status == "written", outcome.message
    assert read_file(path).fields["caption"].value == "Café caption"
    assert os.listdir(folder) == [path.name]


def _webp_file(path: Path, kind: str) -> Path:
    rgba = Image.frombytes("RGBA", (300, 200), os.urandom(240_000))
    if kind == "lossless":
        rgba.convert("RGB").save(path, "WEBP", lossless=True)
    elif kind == "alpha":  # lossy with an ALPH chunk before the VP8 one
        rgba.save(path, "WEBP", quality=80)
    else:  # an animation: ANMF chunks
        frames = [Image.frombytes("RGB", (300, 200), os.urandom(180_000)) for _ in range(3)]
        frames[0].save(path, "WEBP", save_all=True, append_images=frames[1:], duration=80, loop=0)
    return path


def _pixel_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    from app.metadata import webp  # noqa: PLC0415

    return [(c, data[s:e]) for c, s, e in webp.chunks(data) if c in (b"VP8 ", b"VP8L", b"ALPH", b"ANMF")]


@pytest.mark.parametrize("kind", ["lossless", "alpha", "animated"])
def test_exiv2_writes_a_webps_metadata_without_its_pixels(tmp_path, monkeypatch, kind):
    """exiv2's WebP writer read the image chunk into a buffer and built the new file in memory
    (bench_big_write.py --webp: 339 MB for a 150 MB file). It now edits a view of the file
    (metadata chunks, pixel chunks cut to their headers) and the photo's own pixel chunks are
    copied back in their place: the same chunks, byte for byte, the same frames."""
    from app.metadata import exiv2io  # noqa: PLC0415

    path = _webp_file(tmp_path / "p.webp", kind)
    path.chmod(0o640)
    before = path.read_bytes()
    with Image.open(path) as im:
        frames = [im.seek(i) or im.convert("RGBA").tobytes() for i in range(im.n_frames)]
    given: list[int] = []
    real = exiv2io.write_container

    def spy(target, **kw):
        given.append(Path(target).stat().st_size)
        return real(target, **kw)

    monkeypatch.setattr(exiv2io, "write_container", spy)
    outcome = write_file(item_for(path, **EDITS))
    assert outcome.status == "written", outcome.message
    assert given and max(given) < 4096 < len(before) // 2, (given, len(before))
    after = path.read_bytes()
    assert _pixel_chunks(after) == _pixel_chunks(before)
    with Image.open(path) as im:
        assert [im.seek(i) or im.convert("RGBA").tobytes() for i in range(im.n_frames)] == frames
    r = read_file(path)
    assert r.fields["caption"].value == EDITS["caption"]
    assert r.fields["creators"].value == EDITS["creators"]
    assert (r.facts.width, r.facts.height) == (300, 200)
    assert path.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["p.webp"]
