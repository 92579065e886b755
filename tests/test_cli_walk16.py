"""The sixteenth walk's command line: a mistyped catalog path is one line, not a new empty catalog."""

from __future__ import annotations

import pytest

from app.cli import main


@pytest.mark.parametrize("command", [
    ["galleries"],
    ["list"],
    ["list", "--gallery", "sports"],
    ["show", "1"],
    ["set", "1", "caption=x"],
    ["write"],
    ["write", "--dry-run"],
    ["replace", "Fla.", "Florida"],
])
def test_a_command_on_a_catalog_that_is_not_there_says_so_and_makes_none(command, tmp_path, capsys, monkeypatch):
    """`creditline --catalog /tmp/nope/c.sqlite galleries` said "no galleries in ...", exit 0,
    and left a new empty catalog (and its folder) at the typo; `write` said "0 written", exit 0.
    Only commands that add to a catalog (import, import-text, codes, spelling, agencies) make one."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    catalog = tmp_path / "typo" / "c.sqlite"
    code = main(["--catalog", str(catalog), *command])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.startswith(f"creditline: no catalog at {catalog} ") and err.count("\n") == 1
    assert not catalog.exists() and not catalog.parent.exists()
