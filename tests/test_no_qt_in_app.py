"""``app/`` is the core shared by the CLI and the UI: importing any of it must not load Qt."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Runs in a fresh interpreter so nothing the test session imported (pytest-qt) can hide a leak.
PROBE = r"""
import importlib, json, pkgutil, sys
import app
names, failed, qt = [], {}, []
for info in pkgutil.walk_packages(app.__path__, "app."):
    if info.name.endswith(".__main__"):  # the entry point runs the CLI when imported
        continue
    names.append(info.name)
    try:
        importlib.import_module(info.name)
    except Exception as exc:
        failed[info.name] = f"{type(exc).__name__}: {exc}"
    if any(m == "PySide6" or m.startswith("PySide6.") for m in sys.modules) and not qt:
        qt.append(info.name)
print(json.dumps({"names": names, "failed": failed, "qt": qt}))
"""


def test_importing_every_app_module_does_not_load_pyside6():
    proc = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert "app.catalog" in report["names"] and "app.importer" in report["names"]
    assert report["qt"] == [], f"PySide6 loaded by importing {report['qt'][0]}"
    assert report["failed"] == {}, f"app modules that cannot be imported: {report['failed']}"
