"""`make run` installs the checkout in editable mode: that install says nothing a newcomer has to
puzzle over, and the installed `creditline` runs this checkout's code."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OFFLINE = ("Could not find a version that satisfies", "No matching distribution", "Failed to establish",
           "Network is unreachable", "Temporary failure in name resolution")


@pytest.mark.slow
def test_the_editable_install_is_quiet_and_runs_this_checkout(tmp_path) -> None:
    # setuptools put a flat layout (app/, ui/, resources/ at the top) behind an import hook and
    # printed "Please be careful with folders in your working directory with the same name as
    # your package..." at every `make run` on a fresh checkout.
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)  # this interpreter's pip installs into it (--python)
    python = env_dir / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    src = tmp_path / "checkout"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        (src / name).write_bytes((ROOT / name).read_bytes())
    for name in ("app", "ui", "resources"):
        os.symlink(ROOT / name, src / name, target_is_directory=True)
    run = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
                          "--no-deps", "--disable-pip-version-check", "-e", str(src)],
                         capture_output=True, text=True, timeout=600, cwd=tmp_path)
    said = run.stdout + run.stderr
    if run.returncode != 0 and any(s in said for s in OFFLINE):
        pytest.skip("the build backend (setuptools) cannot be fetched here")
    assert run.returncode == 0, said
    assert "careful with folders" not in said and "Warning" not in said, said
    where = subprocess.run([str(python), "-c", "import app.cli, resources; print(app.cli.__file__)"],
                           capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert where.returncode == 0, where.stderr
    assert Path(where.stdout.strip()).parent.parent == src
