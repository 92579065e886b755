"""A big photo is held once while it is written: the JPEG writer edits the head and writes
the image data from the old bytes as they are, with no copy of it (measured, not timed:
``bench/bench_big_write.py`` has the figures for a 300 MB scan)."""

from __future__ import annotations

import hashlib
import os
import tracemalloc
from pathlib import Path

import pytest
from PIL import Image

from app import provenance_write as pw
from app.metadata import jpeg
from app.metadata.encode import encode_file
from app.metadata.read import read_file
from app.metadata.write import write_file
from tests.test_write import item_for

EDITS = {"caption": "A big scan, captioned", "credit_line": "Test Agency", "creators": ["Jane Doe"]}


@pytest.fixture
def big(tmp_path) -> Path:
    """A JPEG of ~4 MB (random pixels compress badly), big enough that a copy shows."""
    path = tmp_path / "scan.jpg"
    Image.frombytes("RGB", (1000, 1000), os.urandom(3_000_000)).save(path, quality=100, subsampling=0)
    return path


def _peak(fn):
    tracemalloc.start()
    try:
        result = fn()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_the_encoded_jpeg_is_its_new_head_and_a_view_of_the_old_image_data(big):
    data = big.read_bytes()
    encoded, peak = _peak(lambda: encode_file(data, {"caption": "x", "credit_line": "y"}))
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
    outcome, peak = _peak(lambda: write_file(item))
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
