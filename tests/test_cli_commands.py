"""`creditline COMMAND` builds its parser from that command's module alone (app.commands.COMMANDS):
the table must name every command each module registers, and a command parses as it does with
every module loaded."""

from __future__ import annotations

import argparse
import importlib
import shlex

import pytest

from app.cli import EXAMPLES, build_parser, command_in, common_options
from app.commands import COMMAND_MODULES, COMMANDS


def _registered(module: str) -> list[str]:
    sub = argparse.ArgumentParser().add_subparsers()
    importlib.import_module(module).register(sub, common_options())
    return list(sub.choices)


def test_the_table_names_every_command_of_every_module() -> None:
    table = {module: [c for c, m in COMMANDS.items() if m == module] for module in COMMAND_MODULES}
    assert table == {module: _registered(module) for module in COMMAND_MODULES}
    assert set(COMMANDS.values()) == set(COMMAND_MODULES)


@pytest.mark.parametrize(("argv", "command"), [
    (["check", "--gallery", "G"], "check"),
    (["--catalog", "x.sqlite", "check", "--format", "json"], "check"),
    (["--catalog", "check", "list"], "list"),  # a catalog file named like a command
    (["--catalog=x.sqlite", "import-text", "page.txt"], "import-text"),
    (["--help"], None), (["--version"], None), ([], None), (["--catalog", "x.sqlite"], None),
    (["chek"], None),  # no such command: the whole parser says which there are
    (["--cat", "x.sqlite", "check"], None),  # argparse's abbreviation: the whole parser reads it
])
def test_the_command_an_argv_runs(argv: list[str], command: str | None) -> None:
    assert command_in(argv) == command


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_a_command_parses_alike_with_its_module_alone(name: str) -> None:
    for example in EXAMPLES[name]:
        argv = shlex.split(example.split("  #", 1)[0].split(" > ", 1)[0].split(" | ", 1)[0])[1:]
        for args in (argv, ["--catalog", "c.sqlite", *argv]):
            assert command_in(args) == name
            assert vars(build_parser(name).parse_args(args)) == vars(build_parser().parse_args(args))
