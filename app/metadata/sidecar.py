"""XMP sidecars next to RAW files.

Lightroom, Photo Mechanic and Bridge write ``name.xmp``; darktable and some DAMs
write ``name.ext.xmp``. When both exist the one that names the extension is more
specific, so it wins.
"""

from __future__ import annotations

from pathlib import Path

from app.metadata.formats import SIDECAR_EXTENSION


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
