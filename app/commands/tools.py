"""Captioning tools on the command line: ``replace``, ``codes`` and ``spelling``.

``creditline replace`` is the app's Find and Replace: every change is listed first, then
written in one transaction (``--dry-run`` only lists). ``creditline codes`` imports a Photo
Mechanic code replacement file into the catalog (``creditline set`` then expands ``=vg=``).
``creditline spelling`` edits the house dictionary and checks a text.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from typing import Any

from app.cli import EXIT_FINDINGS, EXIT_OK, MAX_ID, UsageError, find_gallery, nonblank, open_catalog


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    from app.replace import DEFAULT_FIELDS  # noqa: PLC0415

    p = subparsers.add_parser(
        "replace", parents=[common], help="find and replace text across a gallery or the library",
        description="Replace FIND by REPLACE in the chosen fields of a gallery, some items, or the whole "
                    "library. Every change is listed, then all are written in one transaction.")
    p.add_argument("find", metavar="FIND", help="the text to find")
    p.add_argument("replace", metavar="REPLACE", help="what to put instead (may be empty)")
    p.add_argument("--gallery", metavar="NAME", type=nonblank, help="only the items of this gallery")
    p.add_argument("--ids", metavar="ID,ID", help="only these items (comma-separated ids)")
    p.add_argument("--field", action="append", metavar="FIELD", dest="fields",
                   help=f"a field to search (repeatable; default: every field but the date: "
                        f"{', '.join(DEFAULT_FIELDS)})")
    p.add_argument("--match-case", action="store_true", help="match upper and lower case exactly")
    p.add_argument("--whole-word", action="store_true", help="only whole words")
    p.add_argument("--regex", action="store_true", help="FIND is a regular expression; REPLACE may use \\1")
    p.add_argument("--dry-run", action="store_true", help="list the changes, write nothing")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    p.set_defaults(func=cmd_replace)

    p = subparsers.add_parser(
        "codes", parents=[common], help="code replacements (=code= expands as you type and in `set`)",
        description="The catalog's code replacements: a tab-separated file of code and replacements "
                    "(Photo Mechanic's format). With no action: list them.")
    actions = p.add_subparsers(dest="action", metavar="ACTION")
    ls = actions.add_parser("list", parents=[common], help="list the codes (the default)")
    ls.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    imp = actions.add_parser("import", parents=[common], help="replace the codes with those of a file")
    imp.add_argument("file", metavar="FILE", help="tab-separated: code, replacement, more replacements")
    imp.add_argument("--delimiter", metavar="CHAR", help="the character around a code (default: keep, first =)")
    actions.add_parser("clear", parents=[common], help="forget every code")
    p.set_defaults(func=cmd_codes, action=None, format="text")

    p = subparsers.add_parser(
        "spelling", parents=[common], help="the house dictionary; check a text",
        description="The catalog's house dictionary (words the spelling rule never flags) and a check of "
                    "any text against it, the Hunspell dictionaries and the catalog's names. With no "
                    "action: list the house dictionary.")
    actions = p.add_subparsers(dest="action", metavar="ACTION")
    actions.add_parser("list", parents=[common], help="list the house dictionary (the default)")
    add = actions.add_parser("add", parents=[common], help="add words to the house dictionary")
    add.add_argument("words", nargs="+", metavar="WORD")
    rm = actions.add_parser("remove", parents=[common], help="remove words from the house dictionary")
    rm.add_argument("words", nargs="+", metavar="WORD")
    chk = actions.add_parser("check", parents=[common], help="print the unknown words of TEXT (exit 1 if any)")
    chk.add_argument("text", metavar="TEXT")
    chk.add_argument("--suggest", action="store_true", help="also print suggestions (slower)")
    actions.add_parser("dictionaries", parents=[common],
                       help="the Hunspell dictionaries the captions are checked with (the desk language's too)")
    lang = actions.add_parser("language", parents=[common],
                              help="show or set the desk language (en, de, es, fr): its captions' spelling and the "
                                   "credit sheet's labels; en-GB or en-US: English in that spelling only")
    lang.add_argument("code", nargs="?", metavar="CODE", help="set it (what Settings > Desk language does)")
    p.set_defaults(func=cmd_spelling, action=None)


def _ids(cat: Any, args: argparse.Namespace) -> list[int]:
    if args.gallery and args.ids:
        raise UsageError("give --gallery or --ids, not both")
    if args.gallery:
        return cat.gallery_item_ids(find_gallery(cat, args.gallery).id)
    if args.ids:
        try:  # "#5" as `check` and `list` print it, or bare "5" (as every id argument takes)
            ids = [int(x.strip().removeprefix("#")) for x in args.ids.split(",") if x.strip()]
        except ValueError:
            raise UsageError(f"--ids takes comma-separated item ids (5,7 or #5,#7), not {args.ids!r}") from None
        too_big = next((i for i in ids if not 1 <= i <= MAX_ID), None)
        if too_big is not None:  # SQLite holds no bigger id (and would raise OverflowError)
            raise UsageError(f"no item with id {too_big}")
        found = {it.id for it in cat.items(ids)}
        missing = [i for i in ids if i not in found]
        if missing:
            raise UsageError(f"no item with id {missing[0]}")
        return ids
    return cat.item_ids()


def cmd_replace(args: argparse.Namespace) -> int:
    from app import validation  # noqa: PLC0415
    from app.replace import DEFAULT_FIELDS, ReplaceError, Search, as_changes, plan_replace  # noqa: PLC0415

    try:
        search = Search(args.find, args.replace, match_case=args.match_case, whole_word=args.whole_word,
                        regex=args.regex)
    except ReplaceError as exc:
        raise UsageError(str(exc)) from None
    with open_catalog(args, must_exist=True) as cat:
        ids = _ids(cat, args)
        try:
            plan = plan_replace(cat.items(ids), search, args.fields or DEFAULT_FIELDS)
        except ReplaceError as exc:
            raise UsageError(str(exc)) from None
        if not args.dry_run and plan:
            changes = as_changes(plan)
            with cat.batch():
                cat.set_fields_many(changes)
            validation.refresh_findings(cat, list(changes))
    items = len({c.item_id for c in plan})
    total = sum(c.count for c in plan)
    if args.format == "json":
        print(json.dumps({"dry_run": args.dry_run, "items": items, "replacements": total,
                          "changes": [{"id": c.item_id, "field": c.key, "old": c.before, "new": c.after,
                                       "count": c.count} for c in plan]}, ensure_ascii=False, indent=2))
        return EXIT_OK
    for c in plan:
        for left, old, new, right in c.excerpts(search):
            print(f"#{c.item_id} {c.key}: {left}[{old} -> {new}]{right}")
    verb = "would replace" if args.dry_run else "replaced"
    if not plan:
        print(f"no match for {args.find!r} in {len(ids)} item{'s' * (len(ids) != 1)}")
    else:
        print(f"{verb} {total} match{'es' * (total != 1)} in {items} item{'s' * (items != 1)}")
    return EXIT_OK


def cmd_codes(args: argparse.Namespace) -> int:
    from app import codes  # noqa: PLC0415

    with open_catalog(args) as cat:
        if args.action == "import":
            repeated: list[str] = []
            try:
                table = codes.import_file(cat, args.file, args.delimiter, repeated)
            except ValueError as exc:  # CodeFileError, or a bad delimiter
                raise UsageError(str(exc)) from None
            for line in repeated:
                print(f"creditline: warning: {line}", file=sys.stderr)
            d = table.delimiter
            print(f"imported {len(table)} code{'s' * (len(table) != 1)} from {table.source};"
                  f" type {d}code{d} (or {d}code#2{d} for the second replacement)")
            return EXIT_OK
        if args.action == "clear":
            codes.save(cat, codes.CodeTable(delimiter=codes.load(cat).delimiter))
            print("no codes")
            return EXIT_OK
        table = codes.load(cat)
    if args.format == "json":
        print(json.dumps(table.to_json(), ensure_ascii=False, indent=2))
        return EXIT_OK
    if not table:
        print("no codes (import a file: creditline codes import FILE)")
        return EXIT_OK
    width = max(len(c) for c in table.codes)
    for code, values in sorted(table.codes.items(), key=lambda kv: kv[0].casefold()):
        print(f"{table.delimiter}{code}{table.delimiter}".ljust(width + 3) + "  " + "  |  ".join(values))
    return EXIT_OK


def _desk_language(cat: Any, code: str | None) -> int:
    """``spelling language [CODE]``: a pipeline's own catalog gets the desk's language, as the app's
    Settings > Desk language gives it (walk19: a Spanish desk's web gate checked its captions in
    English only, each one 'spelling not checked', with no command to say otherwise)."""
    from app import spelling, validation  # noqa: PLC0415
    from app.export.labels import SETTING_LANGUAGE, desk_language, languages  # noqa: PLC0415

    known = languages()
    if code is not None:
        # a locale as a shell or a desk writes it ("es_ES.UTF-8", "de-DE") names its language first
        asked = code.strip()
        code = re.split(r"[-_.@]", asked.lower(), maxsplit=1)[0]
        if code not in known:
            shown = asked if len(asked) <= 40 else asked[:40] + "…"
            raise UsageError(f"unknown desk language {shown!r} (one of: {', '.join(known)}, "
                             f"{', '.join(spelling.VARIANTS)})")
        # "en-GB", "en_GB.UTF-8": English in the UK spelling alone; "en": both spellings accepted
        variant = spelling.variant_named(re.split(r"[.@]", asked, maxsplit=1)[0])
        changed = validation.change_setting(cat, SETTING_LANGUAGE, code)
        changed = validation.change_setting(cat, validation.SETTING_SPELLING_VARIANT, variant) or changed
    language = desk_language(cat)
    state = "" if code is None else (": set" if changed else ": already set")
    variant = spelling.spelling_variant_of(cat)
    shown = spelling.desk_code(cat)
    spelt = f", {'UK' if variant == 'en_GB' else 'US'} spelling" if shown != language else ""
    print(f"desk language: {shown} ({known[language]}{spelt}){state}")
    if language == "en":  # which English dictionary: both, or the one the desk chose
        print(spelling.english_note(variant))
    note = spelling.desk_note(language)
    if note is not None:
        print(note)
    return EXIT_OK


def cmd_spelling(args: argparse.Namespace) -> int:
    from app import spelling  # noqa: PLC0415
    from app.validation import context_for  # noqa: PLC0415

    with open_catalog(args) as cat:
        if args.action in ("add", "remove"):
            for word in args.words:
                try:
                    if args.action == "add":
                        changed = spelling.add_house_word(cat, word)
                    else:
                        changed = spelling.remove_house_word(cat, word)
                except ValueError as exc:
                    raise UsageError(str(exc)) from None
                state = ("added" if changed else "already there") if args.action == "add" else \
                    ("removed" if changed else "not in the house dictionary")
                print(f"{word}: {state}")
            return EXIT_OK
        if args.action == "dictionaries":
            why = spelling.available()
            if why is not None:
                raise UsageError(why)
            variant = spelling.spelling_variant_of(cat)
            for language in spelling.LANGUAGES:
                used = "" if variant in (None, language) else " (not used: the desk checks English in " \
                    f"{variant} only)"
                print(f"{language}: shipped{used}")
            language = spelling.desk_language_of(cat)
            note = spelling.desk_note(language)
            if note is not None:
                print(f"{spelling.DESK_DICTIONARIES[language][0]} (the desk language): {note}")
            return EXIT_OK
        if args.action == "language":
            return _desk_language(cat, args.code)
        if args.action == "check":
            why = spelling.available()
            if why is not None:
                raise UsageError(why)
            note = spelling.desk_note(spelling.desk_language_of(cat))
            if note is not None and note.startswith("no "):  # checked in English only: said, not hidden
                print(f"note: {note}", file=sys.stderr)
            checker = context_for(cat).speller
            bad = checker.misspelt(args.text)
            suggester = spelling.Suggester() if args.suggest and bad else None
            try:
                for start, _end, word in bad:
                    more = ""
                    if suggester is not None:
                        more = "  -> " + (", ".join(suggester.suggestions_now(word, 30)) or "(no suggestion)")
                    print(f"{start}: {word}{more}")
            finally:
                if suggester is not None:
                    suggester.close(wait=True)
            return EXIT_FINDINGS if bad else EXIT_OK
        words = spelling.house_words(cat)
    for w in words:
        print(w)
    if not words:
        print("the house dictionary is empty (add words: creditline spelling add WORD)")
    return EXIT_OK
