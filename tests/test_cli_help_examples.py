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
