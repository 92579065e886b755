"""Thumbnails: size, orientation, which decoding path, and the on-disk cache."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from app.thumbnails import THUMB_SIZE, ThumbnailCache, ThumbnailError, make_thumbnail, render_thumbnail
from tests.imagefactory import add_exif_thumbnail, add_metadata, jpeg_bytes

BLUE = (40, 90, 160)
RED = (220, 20, 20)


def _solid_jpeg(w: int, h: int, color) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (w, h), color).save(buf, "JPEG", quality=90)
    return buf.getvalue()


def _open(jpeg: bytes) -> Image.Image:
    im = Image.open(io.BytesIO(jpeg))
    assert im.format == "JPEG"
    return im


def _close(a, b, tol=40) -> bool:
    return all(abs(x - y) <= tol for x, y in zip(a, b, strict=True))


def test_landscape_jpeg_uses_draft_decoding_and_keeps_aspect():
    t = render_thumbnail(_solid_jpeg(1600, 1067, BLUE))
    assert t.method == "draft"
    assert _open(t.jpeg).size == (256, 171)
    assert _close(_open(t.jpeg).getpixel((128, 85)), BLUE)


def test_orientation_6_gives_a_portrait_thumbnail():
    data = add_metadata(jpeg_bytes(400, 200), extra_exif={"Exif.Image.Orientation": 6})
    im = _open(make_thumbnail(data))
    assert im.size == (128, 256)


def test_orientation_argument_overrides_the_file():
    data = _solid_jpeg(400, 200, BLUE)
    assert _open(make_thumbnail(data)).size == (256, 128)
    assert _open(make_thumbnail(data, orientation=8)).size == (128, 256)


def test_orientation_rotates_the_right_way():
    # Left half black, right half white; Orientation 6 means "rotate 90° clockwise to view",
    # so the white half must end up at the bottom.
    im = Image.new("RGB", (400, 200), (0, 0, 0))
    im.paste((255, 255, 255), (200, 0, 400, 200))
    buf = io.BytesIO()
    im.save(buf, "JPEG")
    thumb = _open(make_thumbnail(buf.getvalue(), orientation=6))
    assert thumb.getpixel((64, 240))[0] > 200 and thumb.getpixel((64, 16))[0] < 50


def test_embedded_preview_is_used_when_big_enough_with_the_right_shape():
    # The preview is red and the photo blue, so the colour tells which was decoded.
    data = add_exif_thumbnail(_solid_jpeg(1600, 1067, BLUE), _solid_jpeg(320, 213, RED))
    t = render_thumbnail(data)
    assert t.method == "preview"
    im = _open(t.jpeg)
    assert im.size == (256, 170)
    assert _close(im.getpixel((128, 85)), RED)


def test_embedded_preview_with_orientation():
    data = add_exif_thumbnail(_solid_jpeg(1600, 1067, BLUE), _solid_jpeg(320, 213, RED), orientation=6)
    t = render_thumbnail(data)
    assert t.method == "preview" and _open(t.jpeg).size == (170, 256)


@pytest.mark.parametrize("preview_size,why", [((320, 240), "letterboxed 4:3 preview of a 3:2 photo"),
                                              ((160, 107), "too small")])
def test_unsuitable_preview_is_ignored(preview_size, why):
    data = add_exif_thumbnail(_solid_jpeg(1600, 1067, BLUE), _solid_jpeg(*preview_size, RED))
    t = render_thumbnail(data)
    assert t.method == "draft", why
    assert _close(_open(t.jpeg).getpixel((128, 85)), BLUE)
    assert _open(t.jpeg).size == (256, 171)


@pytest.mark.parametrize("fmt", ["PNG", "WEBP", "TIFF", "HEIF"])
def test_other_formats_full_decode(fmt):
    buf = io.BytesIO()
    mode_img = Image.new("RGBA" if fmt == "PNG" else "RGB", (900, 600), BLUE)
    mode_img.save(buf, fmt)
    t = render_thumbnail(buf.getvalue())
    assert t.method == ("draft" if fmt == "WEBP" else "full")  # libwebp scales while it decodes
    assert _open(t.jpeg).size == (THUMB_SIZE, 171)
    assert _close(_open(t.jpeg).getpixel((100, 100)), BLUE)


def test_small_images_are_not_enlarged():
    assert _open(make_thumbnail(_solid_jpeg(100, 60, BLUE))).size == (100, 60)


@pytest.mark.parametrize("data", [b"", b"plain text", jpeg_bytes(800, 600)[:600]])
def test_undecodable_data_raises_thumbnail_error(data):
    with pytest.raises(ThumbnailError):
        make_thumbnail(data)


def test_cache_put_get_and_atomic_write(tmp_path):
    cache = ThumbnailCache(tmp_path / "thumbs")
    key = "ab" + "0" * 62
    assert cache.get(key) is None
    jpeg = make_thumbnail(_solid_jpeg(600, 400, BLUE))
    path = cache.put(key, jpeg)
    assert path == cache.path(key) and path.parent.name == "ab"
    assert cache.get(key) == jpeg
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left behind
    cache.put(key, b"replaced")
    assert cache.get(key) == b"replaced"


def test_cache_regenerates_a_missing_thumbnail_from_the_file(tmp_path):
    src = tmp_path / "photo.jpg"
    src.write_bytes(add_metadata(jpeg_bytes(800, 400), extra_exif={"Exif.Image.Orientation": 6}))
    cache = ThumbnailCache(tmp_path / "thumbs")
    key = "cd" + "1" * 62
    made = cache.ensure(key, src)
    assert _open(made).size == (128, 256) and cache.get(key) == made
    cache.path(key).unlink()
    assert cache.ensure(key, src) == made
    src.unlink()
    assert cache.ensure(key, src) == made  # cached: the source is not needed any more


def _tiff(w: int, h: int, color) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (w, h), color).save(buf, "TIFF")
    return buf.getvalue()


def test_tiff_orientation_is_applied_once():
    # Pillow's TIFF decoder turns the pixels itself; turning them again would undo it.
    data = add_metadata(_tiff(600, 400, BLUE), extra_exif={"Exif.Image.Orientation": 6})
    t = render_thumbnail(data, orientation=6)
    assert t.method == "full" and _open(t.jpeg).size == (171, 256)


def test_raw_like_file_uses_its_embedded_preview():
    # A TIFF-based RAW stand-in: the "sensor" image is blue, the embedded preview red.
    data = add_exif_thumbnail(_tiff(600, 400, BLUE), _solid_jpeg(300, 200, RED), orientation=6)
    t = render_thumbnail(data)
    assert t.method == "preview"
    im = _open(t.jpeg)
    assert im.size == (171, 256) and _close(im.getpixel((80, 128)), RED)


def test_threads_give_the_same_thumbnails_as_one_thread():
    from concurrent.futures import ThreadPoolExecutor

    blobs = [add_exif_thumbnail(_solid_jpeg(1600, 1067, BLUE), _solid_jpeg(320, 213, RED)),
             _solid_jpeg(1200, 800, BLUE), add_metadata(jpeg_bytes(600, 300), extra_exif={"Exif.Image.Orientation": 8})]
    expected = [make_thumbnail(b) for b in blobs]
    with ThreadPoolExecutor(6) as pool:
        assert list(pool.map(make_thumbnail, blobs * 8)) == expected * 8


def test_cut_off_jpeg_gives_a_partial_thumbnail():
    data = jpeg_bytes(800, 600)
    t = render_thumbnail(data[: len(data) * 2 // 3])
    assert t.partial and _open(t.jpeg).size == (256, 192)
    assert not render_thumbnail(data).partial


def _detailed_jpeg(w: int, h: int) -> bytes:
    """Strokes, blocks and a gradient drawn at 320 px and enlarged: detail a 256 px thumbnail
    can show, which a too-small decode (1/8 scale, then enlarged) or a soft filter loses."""
    from PIL import ImageDraw

    small = Image.linear_gradient("L").resize((320, 320 * h // w)).convert("RGB")
    draw = ImageDraw.Draw(small)
    for n, x in enumerate(range(0, 320, 7)):
        draw.line([(x, 0), (x + 60, small.height)], fill=(255, 240 - 3 * n, 30), width=1 + n % 2)
    for y in range(8, small.height, 13):
        draw.rectangle([80, y, 80 + 2 * (y % 70 + 10), y + 3], fill=(10, 10, 10))
    buf = io.BytesIO()
    small.resize((w, h), Image.Resampling.BICUBIC).save(buf, "JPEG", quality=92)
    return buf.getvalue()


def test_draft_thumbnail_is_as_sharp_as_a_full_resolution_one():
    """The fast path (1/4 DCT decode, then a short resize) against the slow ideal (full
    decode, Lanczos): close in PSNR and in edge energy, and exactly 256 px on the long edge."""
    import math

    from PIL import ImageChops, ImageFilter, ImageStat

    data = _detailed_jpeg(1600, 1067)
    t = render_thumbnail(data)
    fast = _open(t.jpeg).convert("RGB")
    assert t.method == "draft" and fast.size == (256, 171)
    ideal = Image.open(io.BytesIO(data)).convert("RGB").resize(fast.size, Image.Resampling.LANCZOS)
    hist = ImageChops.difference(fast, ideal).histogram()
    mse = sum(count * (i % 256) ** 2 for i, count in enumerate(hist)) / (256 * 171 * 3)
    psnr = 10 * math.log10(255**2 / mse)

    def edges(im):
        return ImageStat.Stat(im.convert("L").filter(ImageFilter.FIND_EDGES)).mean[0]

    # The strokes sit near the thumbnail's Nyquist limit, so a fraction of a pixel of
    # phase keeps PSNR modest for every method (Lanczos on the draft: 21.4 dB); a rotated
    # or wrong picture scores far lower. Edge energy is what tells sharp from soft here:
    # Hamming 0.91, bicubic 0.94 of the ideal; bilinear 0.87, a 1/8 decode enlarged 0.86,
    # a 1 px blur 0.48.
    assert psnr > 19, psnr
    assert edges(fast) > 0.88 * edges(ideal), (edges(fast), edges(ideal))


def test_a_small_exif_thumbnail_is_ruled_out_without_asking_exiv2(monkeypatch):
    import app.thumbnails as thumbnails

    def no_exiv2(*args, **kwargs):
        raise AssertionError("exiv2 consulted for a JPEG whose only preview is 160 px")

    data = add_exif_thumbnail(_solid_jpeg(1600, 1067, BLUE), _solid_jpeg(160, 107, RED))
    monkeypatch.setattr(thumbnails.exiv2io, "best_preview", no_exiv2)
    assert render_thumbnail(data).method == "draft"
    assert render_thumbnail(_solid_jpeg(1600, 1067, BLUE)).method == "draft"  # no EXIF at all


def test_the_preview_precheck_never_hides_a_preview_exiv2_finds(corpus_dir):
    """On real photos: whenever exiv2 finds a preview of at least N px, the cheap check
    of the JPEG's segments says there may be one (it may say so more often, never less)."""
    from app.metadata import exiv2io
    from app.thumbnails import _jpeg_may_hold_preview

    blobs = [p.read_bytes() for p in sorted((corpus_dir / "images").iterdir())]
    blobs = [b for b in blobs if b[:3] == b"\xff\xd8\xff"]
    blobs.append(add_exif_thumbnail(_solid_jpeg(1600, 1067, BLUE), _solid_jpeg(320, 213, RED)))
    found = 0
    for data in blobs:
        for edge in (1, 120, 160, 161, 256, 1000):
            if exiv2io.best_preview(data, edge) is not None:
                found += 1
                assert _jpeg_may_hold_preview(data, edge), edge
    assert len(blobs) > 20 and found > 20


@pytest.mark.parametrize("orientation", [1, 6])
def test_a_header_opened_once_serves_the_reader_and_the_thumbnail(tmp_path, orientation):
    """The importer parses the image header once (open_photo) and hands it to read_file
    and make_thumbnail: the results are the ones each gets by opening the bytes itself."""
    from app.metadata.read import open_photo, read_file

    data = add_metadata(jpeg_bytes(900, 600), xmp={"caption": "shared"},
                        extra_exif={"Exif.Image.Orientation": orientation})
    path = tmp_path / "a.jpg"
    path.write_bytes(data)
    photo = open_photo(data, path)
    assert photo is not None
    shared = read_file(path, data=data, photo=photo)
    alone = read_file(path, data=data)
    assert shared.facts == alone.facts and shared.fields == alone.fields
    assert make_thumbnail(data, shared.facts.orientation, photo) == make_thumbnail(data, alone.facts.orientation)
    assert _open(make_thumbnail(data, orientation)).size == ((256, 171) if orientation == 1 else (171, 256))


def test_open_photo_leaves_raw_and_junk_to_the_reader():
    from app.metadata.read import open_photo

    assert open_photo(b"plain text") is None
    assert open_photo(jpeg_bytes(800, 600)[:40]) is None
    assert open_photo(b"II*\x00" + bytes(60), "shot.nef") is None  # RAW: Pillow would see only a preview


def test_cache_put_makes_its_folder_and_leaves_no_temporary_file(tmp_path):
    cache = ThumbnailCache(tmp_path / "thumbs")
    keys = ["ef" + f"{n:062d}" for n in range(3)]
    for n, key in enumerate(keys):
        cache.put(key, b"\xff\xd8jpeg" + bytes([n]))
    assert sorted(p.name for p in (tmp_path / "thumbs" / "ef").iterdir()) == sorted(f"{k}.jpg" for k in keys)
    assert cache.get(keys[2]) == b"\xff\xd8jpeg\x02"


def test_a_tiff_past_pillows_bound_shows_its_own_preview_or_says_why():
    """Pillow will not open a 182 MP TIFF at all; one that carries a preview (a second IFD)
    still gets a thumbnail from it, one that does not gets the editor's one-line reason with
    its size (the same words as for a PNG over the decode budget)."""
    from tests.hostile import huge_tiff, huge_webp  # noqa: PLC0415

    thumb = render_thumbnail(huge_tiff(14_000, 13_000, preview=True))
    assert thumb.method == "preview"
    im = _open(thumb.jpeg)
    assert im.width == THUMB_SIZE and abs(im.height - THUMB_SIZE * 341 / 512) <= 1  # the preview's shape
    assert _close(im.getpixel((10, 10)), (200, 30, 30))
    for data in (huge_tiff(14_000, 13_000), huge_webp(14_000, 13_000)):
        with pytest.raises(ThumbnailError) as err:
            make_thumbnail(data)
        assert str(err.value) == ("picture too large to decode for a thumbnail (14,000 x 13,000 pixels, 182 MP; "
                                  "the limit is 50 MP)")


def _scene(size: tuple[int, int], mode: str = "RGB") -> Image.Image:
    """A picture with structure (quadrants and a gradient) whose thumbnail shows a wrong scale,
    a flip or a lost alpha."""
    w, h = size
    im = Image.linear_gradient("L").resize(size).convert(mode if mode != "RGBA" else "RGB")
    im.paste(RED, (0, 0, w // 2, h // 2))
    im.paste(BLUE, (w // 2, h // 2, w, h))
    if mode == "RGBA":
        im = im.convert("RGBA")
        im.putalpha(Image.new("L", size, 255))
        im.paste((0, 0, 0, 0), (w // 2, 0, w, h // 2))  # transparent top right: white in the thumbnail
    return im


def _mean_diff(a: Image.Image, b: Image.Image) -> float:
    assert a.size == b.size
    pa, pb = a.convert("RGB").tobytes(), b.convert("RGB").tobytes()
    return sum(abs(x - y) for x, y in zip(pa, pb, strict=True)) / len(pa)


@pytest.mark.parametrize("options", [{"quality": 90}, {"lossless": True}], ids=["lossy", "lossless"])
@pytest.mark.parametrize("mode", ["RGB", "RGBA"])
def test_a_webp_decoded_scaled_looks_like_the_full_decode(options, mode):
    """Left by left31: a WebP's thumbnail decoded the whole picture through Pillow (about 7x a
    150 MB WebP's size); libwebp now scales while decoding. The thumbnail is the one Pillow's
    full decode gives, within resampling differences, alpha shown on white as before."""
    buf = io.BytesIO()
    _scene((1500, 1000), mode).save(buf, "WEBP", **options)
    data = buf.getvalue()
    t = render_thumbnail(data)
    assert t.method == "draft"
    with Image.open(io.BytesIO(data)) as im:
        full = Image.new("RGB", im.size, (255, 255, 255))
        full.paste(im, mask=im.getchannel("A") if im.mode == "RGBA" else None)
    full.thumbnail((THUMB_SIZE, THUMB_SIZE), Image.Resampling.LANCZOS)
    got = _open(t.jpeg)
    assert got.size == full.size == (256, 171)
    assert _mean_diff(got, full) < 4
    if mode == "RGBA":
        assert _close(got.getpixel((200, 30)), (255, 255, 255), tol=10)


def test_a_webps_thumbnail_is_turned_by_its_exif_orientation():
    buf = io.BytesIO()
    exif = Image.Exif()
    exif[0x0112] = 6  # turned 90 degrees clockwise for display
    _scene((600, 400)).save(buf, "WEBP", quality=90, exif=exif.tobytes())
    got = _open(render_thumbnail(buf.getvalue()).jpeg)
    assert got.size == (171, 256)
    assert _close(got.getpixel((150, 20)), RED)  # the top-left quadrant now at the top right


def test_a_big_webps_thumbnail_holds_no_full_size_copy():
    """Pillow's path copied the file into Python twice and the decoded picture once more
    (traced here; libwebp's own buffers are C and not traced: bench_big_write.py --webp)."""
    import os  # noqa: PLC0415

    from tests.tracing import traced_peak  # noqa: PLC0415

    buf = io.BytesIO()
    Image.frombytes("RGB", (1200, 1000), os.urandom(3_600_000)).save(buf, "WEBP", lossless=True)
    data = buf.getvalue()
    t, peak = traced_peak(lambda: render_thumbnail(data))
    assert peak < len(data) // 2, (peak, len(data))
    assert t.method == "draft"


def test_an_animated_or_broken_webp_still_goes_through_pillow():
    frames = [Image.new("RGB", (300, 200), c) for c in (RED, BLUE)]
    buf = io.BytesIO()
    frames[0].save(buf, "WEBP", save_all=True, append_images=frames[1:], duration=100)
    t = render_thumbnail(buf.getvalue())
    assert t.method == "full"  # the first frame, as Pillow shows it
    assert _close(_open(t.jpeg).getpixel((100, 60)), RED)
    buf = io.BytesIO()
    Image.new("RGB", (300, 200), RED).save(buf, "WEBP", quality=90)
    data = bytearray(buf.getvalue())
    data[40:] = b"\x00" * (len(data) - 40)  # the VP8 bitstream zeroed after its header
    with pytest.raises(ThumbnailError):
        render_thumbnail(bytes(data))
