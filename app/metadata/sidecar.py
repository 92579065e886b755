"""XMP sidecars next to the photos Creditline never writes into: RAW, HEIF and AVIF files.

Lightroom, Photo Mechanic and Bridge write ``name.xmp``; darktable and some DAMs
write ``name.ext.xmp``. When both exist the one that names the extension is more
specific, so it wins.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from app.metadata.formats import SIDECAR_EXTENSION

# A sidecar holds a few KB of XMP (Lightroom's develop history: a few hundred KB). Anything far
# bigger is no sidecar a desk wrote, and reading it whole would only cost memory and time.
MAX_SIDECAR_BYTES = 32 << 20


class SidecarError(OSError):
    """A sidecar that is not read (nor written over): not a regular file, or too big."""


def sidecar_candidates(path: str | Path) -> list[Path]:
    p = Path(path)
    return [p.with_name(p.name + SIDECAR_EXTENSION), p.with_suffix(SIDECAR_EXTENSION),
            p.with_name(p.name + SIDECAR_EXTENSION.upper()), p.with_suffix(SIDECAR_EXTENSION.upper())]


def find_sidecar(path: str | Path) -> Path | None:
    """The XMP sidecar of ``path``, if one exists."""
    for cand in sidecar_candidates(path):
        if cand.is_file():
            return cand
    return None


def read_sidecar(path: Path) -> bytes:
    """The bytes of the sidecar at ``path``, a regular file (or a link to one) of at most
    ``MAX_SIDECAR_BYTES``; else ``SidecarError`` with a one-line reason. A FIFO or device
    named like a sidecar would block or never end a plain read."""
    with open(path, "rb", opener=lambda p, flags: os.open(p, flags | getattr(os, "O_NONBLOCK", 0))) as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise SidecarError(f"{path.name} is not a regular file")
        if st.st_size > MAX_SIDECAR_BYTES:
            raise SidecarError(f"{path.name} is {st.st_size / (1 << 20):.0f} MB, more than a sidecar's "
                               f"{MAX_SIDECAR_BYTES >> 20} MB")
        return fh.read(MAX_SIDECAR_BYTES + 1)
