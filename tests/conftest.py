"""Fixtures shared by the whole suite."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@pytest.fixture(scope="session")
def exiftool() -> str:
    """Path of the exiftool binary, the metadata oracle; skips when it is absent."""
    path = shutil.which("exiftool")
    if not path:
        pytest.skip("exiftool is not installed (apt-get install libimage-exiftool-perl); .ci/run installs it")
    return path


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """../shared/corpus (real files from public test suites); skips when absent."""
    if not (CORPUS / "images").is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS}")
    return CORPUS


@pytest.fixture(scope="session")
def corpus_oracle(corpus_dir) -> dict[str, dict]:
    """ExifTool's reading of every corpus file, keyed by file name."""
    out: dict[str, dict] = {}
    for name in ("exiftool.json", "exiftool.mwg.json", "exiftool.iptc-latin1.json"):
        for rec in json.loads((corpus_dir / name).read_text()):
            out.setdefault(Path(rec["SourceFile"]).name, {}).update({f"{name}:{k}": v for k, v in rec.items()})
    return out


@pytest.fixture
def catalog_path(tmp_path) -> Path:
    return tmp_path / "catalog.sqlite"
