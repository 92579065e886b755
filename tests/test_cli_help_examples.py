"""Every command's --help says what it does and shows how to run it (walk 5: not one did)."""

from __future__ import annotations

import argparse
import shlex

import pytest

from app.cli import build_parser


def _commands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    for action in parser._actions:  # noqa: SLF001 - argparse keeps its sub-commands only here
        if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
            return dict(action.choices)
    raise AssertionError("no sub-commands")


COMMANDS = _commands()


def test_every_command_is_covered() -> None:
    assert len(COMMANDS) >= 20


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_help_shows_examples_that_parse(name: str) -> None:
    text = COMMANDS[name].format_help()
    assert "examples:" in text, f"`creditline {name} --help` shows no example"
    examples = [line.strip() for line in text.split("examples:", 1)[1].splitlines()
                if line.strip().startswith("creditline ")]
    assert examples, f"`creditline {name} --help`: no example line"
    for example in examples:
        command = example.split("  #", 1)[0].split(" > ", 1)[0].split(" | ", 1)[0]  # the shell's part off
        argv = shlex.split(command)[1:]
        assert argv[0] == name
        build_parser().parse_args(argv)  # exits (SystemExit) on an example that is wrong
    # The examples keep their lines (argparse would fill them into one paragraph).
    assert all(len(line) <= 100 for line in text.splitlines())


def test_the_exit_status_is_in_every_help() -> None:
    """The fourteenth walk: a pipeline's author reads `--help`, and only `check --help` said
    what its exit codes meant (the rest were in docs/cli.md alone)."""
    from app.cli import EXIT_ONE  # noqa: PLC0415

    top = build_parser().format_help()
    status = top.split("exit status:", 1)[1]
    for code in ("0", "1", "2", "130", "141"):
        assert f"\n  {code} " in status, f"`creditline --help` does not say what exit {code} means"
    assert set(EXIT_ONE) <= set(COMMANDS)
    for name, command in COMMANDS.items():
        text = command.format_help()
        assert "exit status:" in text, f"`creditline {name} --help` does not say its exit status"
        block = text.split("exit status:", 1)[1]
        assert "\n  0    done" in block and "\n  2    usage or I/O trouble" in block
        if name in EXIT_ONE:
            assert f"\n  1    {EXIT_ONE[name]}" in block
        else:
            assert "\n  1 " not in block, f"`creditline {name} --help` promises an exit 1 it never gives"


def test_what_the_help_says_exit_1_means_is_what_the_command_does(tmp_path, capsys) -> None:
    from app.cli import EXIT_ONE, main  # noqa: PLC0415

    assert "no credit" in EXIT_ONE["parse-credit"]
    assert main(["parse-credit", "Crowds gather in the square."]) == 1
    assert main(["parse-credit", "Crowds gather. (AP Photo/Marta Quintela)"]) == 0
    assert "unknown word" in EXIT_ONE["spelling"]
    catalog = str(tmp_path / "c.sqlite")
    assert main(["--catalog", catalog, "spelling", "check", "Strom Elowen"]) == 1
    assert main(["--catalog", catalog, "spelling", "check", "the storm"]) == 0
    assert "galleries" not in EXIT_ONE and main(["--catalog", catalog, "galleries"]) == 0
    capsys.readouterr()


def _gallery_examples() -> list[str]:
    """The help's examples that work on the "Storm Elowen" gallery alone (no file of the reader's)."""
    from app.cli import EXAMPLES  # noqa: PLC0415

    out = []
    for lines in EXAMPLES.values():
        for line in lines:
            command = line.split("  #", 1)[0].split(" > ", 1)[0].split(" | ", 1)[0]
            words = shlex.split(command)[1:]
            if "Storm Elowen" in command and not any("/" in w or "~" in w or w.endswith(".txt") for w in words):
                out.append(command)
    return out


def test_the_gallery_examples_run_as_written(tmp_path, monkeypatch, capsys) -> None:
    """`creditline provenance --gallery "Storm Elowen"`, the help's own example, said "give a
    file or an item id" (exit 2): the examples were parsed, never run (the fourteenth walk)."""
    from app.catalog import Catalog  # noqa: PLC0415
    from app.cli import main  # noqa: PLC0415
    from app.importer import import_paths  # noqa: PLC0415
    from tests.imagefactory import make_photo  # noqa: PLC0415

    photos = tmp_path / "storm"
    photos.mkdir()
    for n in range(1, 9):
        make_photo(photos / f"{n:02d}.jpg", fields={
            "caption": f"Waves hit the coast in Porto, Portugal, March 10, 2026. (AP Photo/Marta Quintela {n})",
            "creators": [f"Marta Quintela {n}"], "credit_line": "AP", "source": "AP"})
    catalog = tmp_path / "catalog.sqlite"
    cat = Catalog.open(catalog)
    try:
        import_paths(cat, [photos], gallery="Storm Elowen", jobs=1, thumbnails=False)
    finally:
        cat.close()
    monkeypatch.chdir(tmp_path)
    examples = _gallery_examples()
    assert any(e.startswith("creditline provenance --gallery") for e in examples)
    for example in examples:
        code = main(["--catalog", str(catalog), *shlex.split(example)[1:]])
        err = capsys.readouterr().err
        assert code in (0, 1), f"{example!r} exits {code}: {err}"
