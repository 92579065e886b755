"""The documentation keeps up with the code: every CLI command and option, every field, every
catalog table and column, every house-style and agency-registry key is documented, and every
relative link in README.md and docs/ points at a file that exists.

(Rule ids in docs/rules.md: tests/test_rules_registry.py compares the whole generated file.)
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sqlite3
import tomllib
from pathlib import Path

import pytest

from app.agencies import Agency, Registry, registry_table
from app.catalog import Catalog
from app.cli import build_parser
from app.fields import FIELDS
from app.house_style import CreditStyle, HouseStyle
from app.paths import resource

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
COMMAND_HEADING = re.compile(r"^## `creditline ([a-z-]+)`", re.MULTILINE)


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _documented_names(parser: argparse.ArgumentParser) -> list[str]:
    """What a reader must find for a parser: option strings, positional metavars, choices."""
    names: list[str] = []
    for action in parser._actions:
        if isinstance(action, (argparse._HelpAction, argparse._SubParsersAction)):
            continue
        if action.option_strings:
            names += action.option_strings
        else:
            names.append(action.metavar or action.dest.upper())
        names += [str(c) for c in action.choices or ()]
    return names


def _sections(text: str) -> dict[str, str]:
    """docs/cli.md split at its "## `creditline CMD`" headings."""
    marks = list(COMMAND_HEADING.finditer(text))
    return {m.group(1): text[m.end(): marks[i + 1].start() if i + 1 < len(marks) else len(text)]
            for i, m in enumerate(marks)}


def _in_code(name: str, text: str) -> bool:
    return re.search(rf"`[^`\n]*(?<![\w-]){re.escape(name)}(?![\w-])[^`\n]*`", text) is not None


@pytest.fixture(scope="module")
def cli_md() -> str:
    return (DOCS / "cli.md").read_text(encoding="utf-8")


def test_every_command_has_a_section_in_cli_md(cli_md):
    commands = set(_subcommands(build_parser()))
    documented = set(_sections(cli_md))
    assert not commands - documented, f"docs/cli.md has no '## `creditline CMD`' section for {commands - documented}"
    assert not documented - commands, f"docs/cli.md documents commands that do not exist: {documented - commands}"


def test_every_option_is_documented_in_its_command_section(cli_md):
    sections = _sections(cli_md)
    missing = []
    for name, sub in _subcommands(build_parser()).items():
        text = sections.get(name, "")
        missing += [f"{name} {opt}" for opt in _documented_names(sub) if not _in_code(opt, text)]
    assert not missing, f"options missing from their section of docs/cli.md (in `code`): {missing}"


def test_global_options_and_exit_codes_are_documented(cli_md):
    head = cli_md[: COMMAND_HEADING.search(cli_md).start()]
    for opt in _documented_names(build_parser()):
        assert _in_code(opt, head), f"global option {opt} is not documented before the first command"
    for code in ("0", "1", "2"):
        assert re.search(rf"^\|\s*`?{code}`?\s*\|", head, re.MULTILINE), f"exit code {code} has no table row"
    assert "CREDITLINE_CATALOG" in head


def test_every_field_key_is_in_schema_md():
    text = (DOCS / "schema.md").read_text(encoding="utf-8")
    missing = [f.key for f in FIELDS if not _in_code(f.key, text)]
    assert not missing, f"field keys missing from docs/schema.md: {missing}"
    for f in FIELDS:  # the field table gives each field's IIM dataset and XMP property
        row = next((line for line in text.splitlines() if line.startswith(f"| `{f.key}`")), "")
        assert row, f"docs/schema.md: no field-table row for {f.key}"
        for part in (f.iim_dataset, f.xmp):
            assert part is None or part in row, f"docs/schema.md: {f.key} row lacks {part}"


def test_every_catalog_table_and_column_is_in_schema_md(tmp_path):
    Catalog.open(tmp_path / "fresh.sqlite").close()
    con = sqlite3.connect(tmp_path / "fresh.sqlite")
    try:
        tables = [name for (name,) in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            if not re.match(r"\w+_fts_(data|idx|docsize|config|content)$", name)]  # FTS5's own shadow tables
        text = (DOCS / "schema.md").read_text(encoding="utf-8")
        missing = []
        for table in tables:
            if not re.search(rf"^### `{re.escape(table)}`", text, re.MULTILINE):
                missing.append(table)
                continue
            section = text.split(f"### `{table}`", 1)[1].split("\n### ", 1)[0]
            columns = [row[1] for row in con.execute(f'PRAGMA table_info("{table}")')]
            missing += [f"{table}.{c}" for c in columns if not _in_code(c, section)]
        version = con.execute("PRAGMA user_version").fetchone()[0]
    finally:
        con.close()
    assert not missing, f"docs/schema.md lacks (a '### `table`' section, or a column in it): {missing}"
    assert f"user_version = {version}" in text, "docs/schema.md states another schema version"


def _lowercase_keys(table: dict, depth: int = 0) -> set[str]:
    """TOML keys that are names of settings, not data (agency and month names are data)."""
    keys = set()
    for key, value in table.items():
        if re.fullmatch(r"[a-z][a-z_]*", key):
            keys.add(key)
            if isinstance(value, dict) and depth < 2:
                keys |= _lowercase_keys(value, depth + 1)
    return keys


def test_every_house_style_key_is_in_house_styles_md():
    text = (DOCS / "house-styles.md").read_text(encoding="utf-8")
    keys = {f.name for f in dataclasses.fields(HouseStyle)} | {f.name for f in dataclasses.fields(CreditStyle)}
    for path in sorted(resource("house-styles").glob("*.toml")):
        keys |= _lowercase_keys(tomllib.loads(path.read_text(encoding="utf-8")))
        assert _in_code(path.stem, text), f"docs/house-styles.md does not name the bundled style {path.stem}"
    missing = sorted(k for k in keys if not _in_code(k, text))
    assert not missing, f"house-style keys missing from docs/house-styles.md: {missing}"


def test_every_agency_key_and_agency_is_in_agencies_md():
    text = (DOCS / "agencies.md").read_text(encoding="utf-8")
    data = tomllib.loads(resource("agencies.toml").read_text(encoding="utf-8"))
    keys = {f.name for f in dataclasses.fields(Agency)} | {k for a in data["agency"] for k in a}
    kinds = {a.get("kind", "agency") for a in data["agency"]}
    missing = sorted(k for k in keys | kinds if not _in_code(k, text))
    assert not missing, f"registry keys or kinds missing from docs/agencies.md: {missing}"
    names = [a.name for a in Registry.load().agencies if f"| {a.name} |" not in text]
    assert not names, f"agencies missing from the table in docs/agencies.md: {names}"


def test_every_word_list_file_is_named_with_its_source_in_agencies_md():
    # docs/agencies.md says where each bundled list of names comes from and under which licence (GeoNames, CC BY
    # 4.0; Faker, MIT): a list added without it (round 39's towns.txt) is data nobody can trace
    text = (DOCS / "agencies.md").read_text(encoding="utf-8")
    missing = [p.name for p in sorted(resource("places.txt").parent.glob("*.txt")) if f"resources/{p.name}" not in text]
    assert not missing, f"word lists not described in docs/agencies.md: {missing}"


def test_agencies_md_table_is_what_the_registry_generates():
    # The table says "Generated from resources/agencies.toml": an alias, a note or the order changed in the data
    # and not pasted (round 39's "tvn24" beside "TVN"; Volkswagen's "no photographer needed") is a stale doc.
    # python -m app.agencies prints the table to paste.
    text = (DOCS / "agencies.md").read_text(encoding="utf-8")
    table = registry_table()
    head = table.split("\n", 1)[0]
    assert head in text
    assert text[text.index(head):].rstrip("\n") == table.rstrip("\n"), \
        "docs/agencies.md's registry table is stale: paste the output of python -m app.agencies"


def test_readme_starts_with_the_two_commands():
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:8]
    assert any(line.startswith("make run") for line in lines)
    assert any(line.startswith("make test") for line in lines)


LINK = re.compile(r"\]\(([^)\s]+)\)")


@pytest.mark.parametrize("doc", ["README.md", *sorted(p.relative_to(ROOT).as_posix() for p in DOCS.glob("*.md"))])
def test_relative_links_resolve(doc):
    path = ROOT / doc
    broken = []
    for target in LINK.findall(path.read_text(encoding="utf-8")):
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            continue
        file = target.split("#", 1)[0]
        if not (path.parent / file).exists():
            broken.append(target)
    assert not broken, f"{doc}: links to missing files {broken}"


def test_the_csv_columns_cli_md_lists_are_the_exports(cli_md):
    """The seventeenth walk: a web team mapping the credit sheet's CSV into its CMS from
    docs/cli.md found three columns the page did not list (alt text, digital source type,
    provenance) between "Usage terms" and "Status"."""
    from app.export.csv import HEADERS  # noqa: PLC0415

    said = re.search(r"the CSV columns are (.+?)\.\n", cli_md, re.DOTALL)
    assert said is not None
    assert [c.strip() for c in " ".join(said.group(1).split()).split(", ")] == list(HEADERS)


def test_the_real_caption_records_example_is_a_well_formed_record():
    """The README's example record passes the corpus's own check (offsets, site, split); its
    offsets were one off before round 36, and its file-flagged AP credit had no file mark in the
    caption, which the policy labels file-photo-unmarked (the example now opens with "FILE -")."""
    from tests.realworld import problems

    readme = (ROOT / "tests" / "data" / "README.md").read_text(encoding="utf-8")
    record = json.loads(re.search(r"```json\n(.*?)```", readme, re.S).group(1))
    assert problems(record) == []
    assert record["text"].startswith("FILE - ") and record["credits"][0]["file"] and record["defects"] == []
