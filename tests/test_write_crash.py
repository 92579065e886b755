"""A write killed at any moment leaves the old file or the new one, never a broken one."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from PIL import Image

from app.metadata import exiv2io
from app.metadata.write import scan_data, write_file
from app.model import Item
from tests.imagefactory import add_metadata

ROOT = Path(__file__).resolve().parents[1]

LOOP = textwrap.dedent("""
    import sys
    sys.path.insert(0, {root!r})
    from app.metadata.write import write_file
    from app.model import Item
    path, n = sys.argv[1], 0
    while True:
        n += 1
        item = Item(1, path, "photo", {{"caption": f"caption {{n}}"}}, {{}}, {{"caption": "edited"}})
        outcome = write_file(item)
        assert outcome.status == "written", outcome.message
        print(n, flush=True)
""")

PAUSE = textwrap.dedent("""
    import sys, time
    sys.path.insert(0, {root!r})
    from app.metadata.write import write_file
    from app.model import Item
    path, stage, marker = sys.argv[1], sys.argv[2], sys.argv[3]
    def hook(name):
        if name == stage:
            open(marker, "w").close()
            time.sleep(60)
    item = Item(1, path, "photo", {{"caption": "new caption"}}, {{}}, {{"caption": "edited"}})
    write_file(item, hook=hook)
""")


def _big_jpeg(path: Path) -> Path:
    # Noise compresses badly, so the file is a few MB and a write takes long enough to interrupt.
    img = Image.frombytes("RGB", (1800, 1200), random.Random(7).randbytes(1800 * 1200 * 3))
    import io

    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=95)
    path.write_bytes(add_metadata(buf.getvalue(), iim={"caption": "caption 0"}, xmp={"caption": "caption 0"}))
    return path


def _check_whole(path: Path, scan: bytes) -> str:
    data = path.read_bytes()
    assert scan_data(data) == scan
    with Image.open(path) as im:
        im.load()
    blocks = exiv2io.read_blocks(data)
    iim = dict(blocks.iim)
    caption = blocks.xmp["Xmp.dc.description"]
    assert iim["Iptc.Application2.Caption"] == caption.encode()
    return caption


def test_sigkill_at_random_moments_never_leaves_a_broken_file(tmp_path):
    path = _big_jpeg(tmp_path / "big.jpg")
    scan = scan_data(path.read_bytes())
    rng = random.Random(11)
    seen = set()
    for _ in range(6):
        proc = subprocess.Popen([sys.executable, "-c", LOOP.format(root=str(ROOT)), str(path)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        # Kill a write in flight, counted from writes done rather than from the start: under load
        # the interpreter's start alone can outlast any fixed delay, and the old file is not one
        # this loop wrote.
        for _ in range(rng.randint(1, 4)):
            assert proc.stdout.readline(), f"the write loop ended: {proc.stderr.read()}"
        time.sleep(rng.uniform(0.0, 0.3))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        caption = _check_whole(path, scan)
        assert caption.startswith("caption ")
        seen.add(caption)
    assert len(seen) > 1, "the loop never got a write done; the test proved nothing"


@pytest.mark.parametrize("stage", ["temp-written", "before-replace"])
def test_killed_between_temp_write_and_rename_keeps_the_old_file(tmp_path, stage):
    path = _big_jpeg(tmp_path / "big.jpg")
    old = path.read_bytes()
    marker = tmp_path / "paused"
    proc = subprocess.Popen([sys.executable, "-c", PAUSE.format(root=str(ROOT)), str(path), stage, str(marker)])
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert proc.poll() is None, "the writer ended before reaching the pause"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert path.read_bytes() == old
    leftovers = [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert len(leftovers) == 1  # the crash leaves its temp file; the next write removes it
    outcome = write_file(Item(1, str(path), "photo", {"caption": "after crash"}, {}, {"caption": "edited"}))
    assert outcome.status == "written"
    assert _check_whole(path, scan_data(old)) == "after crash"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_killed_after_rename_has_the_new_file(tmp_path):
    path = _big_jpeg(tmp_path / "big.jpg")
    scan = scan_data(path.read_bytes())
    marker = tmp_path / "paused"
    proc = subprocess.Popen([sys.executable, "-c", PAUSE.format(root=str(ROOT)), str(path), "replaced",
                             str(marker)])
    while not marker.exists():
        assert proc.poll() is None
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert _check_whole(path, scan) == "new caption"
