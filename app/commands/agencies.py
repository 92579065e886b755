"""``creditline agencies``: the agencies a catalog knows beyond the bundled registry.

A newspaper's own staff credits ("Jane Roe/The Harbor Gazette") and its partner agencies
are not in ``resources/agencies.toml``; without them every staff photo is an
``unknown-agency`` warning. They are the catalog's ``house_agencies`` setting; changing
it makes the stored findings stale, so the next check, view or export judges them anew.
"""

from __future__ import annotations

import argparse

from app.cli import EXIT_OK, UsageError, dumps, open_catalog


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "agencies", parents=[common], help="list, add or remove the catalog's own agencies",
        description="The catalog's own agencies (its newspaper, partner agencies) that credits may name "
                    "besides the bundled registry. With no action: list them.")
    actions = p.add_subparsers(dest="action", metavar="ACTION")
    ls = actions.add_parser("list", parents=[common], help="list the catalog's own agencies (the default)")
    ls.add_argument("--all", action="store_true", help="also list the bundled registry")
    ls.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    add = actions.add_parser("add", parents=[common], help="add an agency (or more aliases to one)")
    add.add_argument("name", metavar="NAME", help='canonical name, e.g. "The Harbor Gazette"')
    add.add_argument("--alias", action="append", default=[], metavar="TEXT",
                     help="another way credits write it (repeatable)")
    rm = actions.add_parser("remove", parents=[common], help="remove an agency")
    rm.add_argument("name", metavar="NAME")
    p.set_defaults(func=run, action=None, all=False, format="text")


def run(args: argparse.Namespace) -> int:
    from app.agencies import Registry, fold, house_agencies  # noqa: PLC0415
    from app.validation import SETTING_HOUSE_AGENCIES, change_setting  # noqa: PLC0415

    with open_catalog(args, writes="change its agencies" if args.action in ("add", "remove") else None) as cat:
        house = list(house_agencies(cat.get_setting(SETTING_HOUSE_AGENCIES)))
        if args.action == "add":
            name = " ".join(args.name.split())
            if not name:
                raise UsageError("the agency name is empty")
            bundled = Registry.load().canonical(name)
            if bundled is not None:
                raise UsageError(f"{name!r} is already in the bundled registry as {bundled!r}")
            aliases = [" ".join(a.split()) for a in args.alias if a.strip()]
            # An alias of one already there ("Harbor Gazette") adds to that agency.
            at = next((i for i, (n, a) in enumerate(house) if fold(name) in {fold(x) for x in (n, *a)}), None)
            if at is None:
                house.append((name, tuple(aliases)))
            else:
                old_name, old_aliases = house[at]
                more = [x for x in (name, *aliases) if fold(x) not in {fold(y) for y in (old_name, *old_aliases)}]
                house[at] = (old_name, (*old_aliases, *dict.fromkeys(more)))
            _store(cat, change_setting, SETTING_HOUSE_AGENCIES, house)
            print(f"{name}: added" if at is None else f"{house[at][0]}: aliases {', '.join(house[at][1]) or '-'}")
            return EXIT_OK
        if args.action == "remove":
            kept = [(n, a) for n, a in house if fold(n) != fold(args.name)]
            if len(kept) == len(house):
                raise UsageError(f"{args.name!r} is not one of this catalog's agencies")
            _store(cat, change_setting, SETTING_HOUSE_AGENCIES, kept)
            print(f"{args.name}: removed")
            return EXIT_OK
        rows = [{"name": n, "aliases": list(a), "house": True} for n, a in house]
        if args.all:
            rows += [{"name": a.name, "aliases": list(a.aliases), "house": False} for a in Registry.load().agencies]
        if args.format == "json":
            print(dumps({"agencies": rows}))
        elif not rows:
            print("no agencies of this catalog's own; add one with: creditline agencies add NAME [--alias TEXT]")
        else:
            for r in rows:
                aliases = f"  (also {', '.join(r['aliases'])})" if r["aliases"] else ""
                print(f"{'house' if r['house'] else 'bundled':8} {r['name']}{aliases}")
    return EXIT_OK


def _store(cat, change_setting, key: str, house: list[tuple[str, tuple[str, ...]]]) -> None:  # noqa: ANN001
    change_setting(cat, key, [{"name": n, "aliases": list(a)} for n, a in house])
