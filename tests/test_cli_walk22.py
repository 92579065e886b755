"""walk22, a US sports desk whose CI gates publication on `creditline check --format json | jq`:
what docs/cli.md says of the JSON and the exit codes is what the command does."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.catalog import Catalog
from app.cli import main

ROOT = Path(__file__).resolve().parent.parent
GALLERY = "Mariners vs Monarchs"


def _check_section() -> str:
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    return text[text.index("## `creditline check`"):text.index("## `creditline import-text`")]


def _keys(braces: str) -> set[str]:
    return set(re.findall(r'"(\w+)"', braces))


@pytest.fixture
def desk(catalog_path):
    cat = Catalog.open(catalog_path)
    g = cat.create_gallery(GALLERY)
    ids = [cat.add_caption_item({"caption": "Okafor scores, Friday, Dec. 5, 2026, in Harbor City, Md. "
                                            "(AP Photo/Nick Wass)", "credit_line": "AP"}),
           cat.add_caption_item({"caption": "Mariners quarterback Jordan Lee speaks after the game."})]
    cat.add_to_gallery(g.id, ids)
    clean = cat.create_gallery("Clean")
    cat.add_to_gallery(clean.id, [cat.add_caption_item({"caption": "Fans cheer, Saturday, Dec. 5, 2026, "
                                                                   "in Harbor City, Md. (AP Photo/Nick Wass)",
                                                        "credit_line": "AP", "alt_text": "Fans in a stand."})])
    cat.close()
    return str(catalog_path)


def test_the_json_cli_md_describes_is_the_json_check_writes(desk, capsys):
    """walk22: the desk's CI reads `check --format json` with jq; the page named the keys but not the
    values of `severity`, the shape of `fix`, or what `gallery` and `position` are without a
    gallery. Every key and severity the page names is one the command writes, and no other."""
    section = _check_section()
    table = re.search(r"`json`: `(\{.*?\})`: one JSON document", section).group(1)
    finding = re.search(r"a finding is `(\{.*?\})`", section).group(1)
    pipeline = section[section.index("**In a pipeline.**"):section.index("```sh")]
    severities = set(re.findall(r"`(\w+)`", re.search(r"`severity` is one of ([^(]*)\(", pipeline).group(1)))
    fix = re.search(r"`fix` is `null` or `(\{.*?\})`", pipeline, re.S).group(1)

    assert main(["--catalog", desk, "check", "--gallery", GALLERY, "--format", "json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert main(["--catalog", desk, "check", "--format", "json"]) == 1
    library = json.loads(capsys.readouterr().out)
    assert library["gallery"] is None and {i["position"] for i in library["items"]} == {None}
    assert doc["gallery"] == GALLERY and [i["position"] for i in doc["items"]] == [1, 2]

    findings = [f for d in (doc, library) for i in d["items"] for f in i["findings"]]
    assert set(doc) | {"items"} | set(doc["summary"]) | set(doc["items"][0]) == _keys(table)
    assert {k for f in findings for k in f} == _keys(finding)  # no finding here points at two places
    assert {f["severity"] for f in findings} == severities
    assert {k for f in findings if f["fix"] for k in f["fix"]} == _keys(fix)
    assert any(f["start"] is None and f["fix"] is None for f in findings)  # a whole field: no alt text


def test_exit_2_writes_nothing_to_standard_output(desk, capsys):
    """What the page says a pipe into jq would see: nothing (jq then exits 0)."""
    assert main(["--catalog", desk, "check", "--gallery", "Mariners Monarchs", "--format", "json"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "no gallery named 'Mariners Monarchs'" in err


@pytest.mark.skipif(shutil.which("jq") is None, reason="jq is not installed")
def test_the_gate_script_of_cli_md_passes_stops_and_refuses(desk, tmp_path):
    """The page's gate script, run as written: 0 for a clean gallery, 1 with the errors listed by
    photo, 2 for a gallery that is not there (where `check | jq` would have said 0)."""
    script = re.search(r"```sh\n(.*?)```", _check_section(), re.S).group(1)
    gate = tmp_path / "gate.sh"
    gate.write_text(script, encoding="utf-8")
    shim = tmp_path / "bin" / "creditline"
    shim.parent.mkdir()
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m app.cli "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    env = {**os.environ, "PATH": f"{shim.parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "PYTHONPATH": str(ROOT), "CREDITLINE_CATALOG": desk}

    def run(gallery: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["sh", str(gate), gallery], capture_output=True, text=True, env=env, timeout=120)

    clean = run("Clean")
    assert (clean.returncode, clean.stdout) == (0, "")
    stopped = run(GALLERY)
    assert stopped.returncode == 1
    assert stopped.stdout.splitlines() == [
        "photo 1: weekday-mismatch: “Friday, Dec. 5, 2026”: 2026-12-05 was a Saturday, not a Friday",
        "photo 2: missing-credit: no credit in the caption or the credit line"]
    missing = run("Mariners Monarchs")
    assert (missing.returncode, missing.stdout) == (2, "")
    piped = subprocess.run(["sh", "-c", 'creditline check --gallery "Mariners Monarchs" --format json | jq .'],
                           capture_output=True, text=True, env=env, timeout=120)
    assert piped.returncode == 0  # the trap the page warns of
