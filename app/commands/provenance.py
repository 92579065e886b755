"""``creditline provenance | signer | gallery-flags``: Content Credentials (C2PA) and the
gallery flags the AI-disclosure and alt-text rules read.

``provenance PATH|ID`` reads the file's manifest store now (c2pa-python) and prints it; for a
catalog item the reading is stored too. Exit 0 when the file has valid or intact Content
Credentials or none, 1 when they are invalid or unreadable, 2 for usage errors.
``provenance --recheck`` reads every photo of the catalog (or of ``--gallery``) again, after
the trust list changed or for photos imported before Creditline read Content Credentials.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from app.cli import EXIT_FINDINGS, EXIT_OK, UsageError, no_gallery, open_catalog


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "provenance", parents=[common], help="Content Credentials (C2PA) of a file or catalog item",
        description="Read the Content Credentials (C2PA manifest store) of a file, or of a catalog item's file, "
                    "with the catalog's trust list: state (valid, untrusted signer, invalid with its validation "
                    "codes, unreadable), signer, claim generator, actions, digital source type, ingredients. "
                    "Exit 1 when they are invalid or unreadable.")
    p.add_argument("target", nargs="?", metavar="PATH|ID", help="a file, or the id of a catalog item")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--recheck", action="store_true",
                   help="read the Content Credentials of every photo in the catalog again (or of --gallery)")
    p.add_argument("--gallery", metavar="NAME", help="only this gallery's photos: with --recheck or alone, read "
                   "them again and count them by state")
    p.set_defaults(func=cmd_provenance)

    p = subparsers.add_parser(
        "signer", parents=[common], help="the organisation's C2PA signer and trust list",
        description="Show or set the certificate and private key `write --resign` signs with (paths are "
                    "stored, never the key), and the trust list (PEM bundle of certificate authorities) a "
                    "manifest's signer is checked against. With no option: show them and whether they work.")
    p.add_argument("--cert", metavar="PEM", help="signing certificate chain: the signer's certificate first")
    p.add_argument("--key", metavar="PEM", help="its private key (unencrypted PEM)")
    p.add_argument("--alg", metavar="ALG", help="signing algorithm: es256 (default), es384, es512, ps256, ps384, "
                                                "ps512, ed25519")
    p.add_argument("--tsa-url", metavar="URL", help="time-stamp authority (RFC 3161) to use when signing")
    p.add_argument("--clear", action="store_true", help="forget the signer (re-signing becomes unavailable)")
    trust = p.add_mutually_exclusive_group()
    trust.add_argument("--trust-anchors", metavar="PEM",
                       help="trust list: certificate authorities whose signers are trusted")
    trust.add_argument("--no-trust-anchors", action="store_true", help="forget the trust list")
    p.set_defaults(func=cmd_signer)

    p = subparsers.add_parser(
        "gallery-flags", parents=[common], help="mark a gallery as news and/or for the web",
        description="A news gallery refuses publication of an undisclosed AI-generated picture (an error the "
                    "`check` gate stops on); in a gallery for the web every photo needs alt text (a warning). "
                    "New galleries are news, not for the web. With no option: show the flags.")
    p.add_argument("gallery", metavar="NAME")
    news = p.add_mutually_exclusive_group()
    news.add_argument("--news", dest="news", action="store_true", default=None)
    news.add_argument("--not-news", dest="news", action="store_false")
    web = p.add_mutually_exclusive_group()
    web.add_argument("--web", dest="web", action="store_true", default=None)
    web.add_argument("--not-web", dest="web", action="store_false")
    p.set_defaults(func=cmd_gallery_flags)


# -- provenance ------------------------------------------------------------------------------------

def _trust(catalog: Any) -> str | None:
    from app.provenance import ProvenanceError, trust_anchors  # noqa: PLC0415

    try:
        return trust_anchors(catalog)
    except ProvenanceError as exc:
        print(f"creditline: warning: {exc}; judging signers without it", file=sys.stderr)
        return None


def cmd_provenance(args: argparse.Namespace) -> int:
    from app import provenance as pv  # noqa: PLC0415

    # `provenance --gallery NAME` alone (the help's own example) was "give a file or an item id":
    # a gallery without a file means its photos, read again as --recheck reads them.
    if args.recheck or (args.gallery and not args.target):
        return _recheck(args)
    if not args.target:
        raise UsageError("give a file or an item id (or --recheck)")
    # a file's credentials are read whatever the catalog: a new one made on the way is no news there
    catalog = open_catalog(args, new_ok=True)
    try:
        item_id = None
        target = args.target
        if not os.path.exists(target) and target.isdigit():
            try:
                item = catalog.item(int(target))
            except KeyError:
                raise UsageError(f"no item with id {target} and no file named {target!r}") from None
            if not item.path:
                raise UsageError(f"item {target} is a caption without a file")
            item_id, target = item.id, item.path
        else:
            rec = catalog.file_record(os.path.abspath(target))
            item_id = rec.id if rec else None
        try:
            p = pv.read_path(target, _trust(catalog))
        except OSError as exc:
            raise UsageError(f"{target}: {exc.strerror or exc}") from None
        except ValueError as exc:  # a catalog path holding a NUL (another program wrote the file): no file
            raise UsageError(f"{target!r}: no such file ({exc})") from None
        if p is None and not _is_image(target):  # a text file named .jpg had "No Content Credentials"
            raise UsageError(f"{target}: not an image (unrecognised content)")
        if item_id is not None:
            catalog.set_provenance(item_id, p)
    finally:
        catalog.close()
    if args.format == "json":
        print(json.dumps({"path": str(target), "item": item_id, "provenance": p.to_json() if p else None},
                         ensure_ascii=False, indent=2))
    else:
        print(f"{target}" + (f"  (#{item_id})" if item_id is not None else ""))
        print(describe(p))
    return EXIT_FINDINGS if p is not None and not p.intact else EXIT_OK


def _is_image(path: str) -> bool:
    from app.metadata.formats import sniff  # noqa: PLC0415

    try:
        with open(path, "rb") as f:
            return sniff(f.read(4096), path) is not None
    except OSError:
        return True  # read_path read it a moment ago: say what it found, not a guess


def describe(p: Any) -> str:
    """The Content Credentials for people, a few indented lines (``provenance``, ``show``)."""
    from app.provenance import STATE_LABELS, source_type_label  # noqa: PLC0415

    if p is None:
        return f"  {STATE_LABELS[None]}"
    lines = [f"  {STATE_LABELS.get(p.state, p.state)}"]
    if p.state == "unreadable":
        lines.append(f"  reason: {p.reason}")
        return "\n".join(lines)
    if p.codes:
        lines.append(f"  validation codes: {', '.join(p.codes)}")
    if p.reason:
        lines.append(f"  why: {p.reason}")
    if p.signer:
        lines.append(f"  signed by: {p.signer}" + (f" ({p.issuer})" if p.issuer else "")
                     + (f", {p.signed_at}" if p.signed_at else ""))
    if p.claim_generator:
        lines.append(f"  made with: {p.claim_generator}")
    if p.title:
        lines.append(f"  title: {p.title}")
    for a in p.actions:
        extra = []
        if a.get("source_type"):
            extra.append(f"source: {source_type_label(a['source_type'])}")
        if a.get("agent"):
            extra.append(f"by {a['agent']}")
        if a.get("description"):
            extra.append(a["description"])
        lines.append(f"  action: {a.get('action')}" + (f" ({'; '.join(extra)})" if extra else ""))
    if p.source_type:
        lines.append(f"  digital source type: {source_type_label(p.source_type)} <{p.source_type}>")
    for i in p.ingredients:
        lines.append(f"  ingredient: {i.get('title') or '(untitled)'} [{i.get('relationship') or '?'}]"
                     + (f" manifest {i['manifest']}" if i.get("manifest") else ""))
    if p.manifests > 1:
        lines.append(f"  manifests in the store: {p.manifests}")
    return "\n".join(lines)


def _recheck(args: argparse.Namespace) -> int:
    from app import provenance as pv  # noqa: PLC0415

    catalog = open_catalog(args)
    try:
        if args.gallery:
            try:
                ids = catalog.gallery_item_ids(catalog.gallery(args.gallery).id)
            except KeyError:
                raise no_gallery(catalog, args.gallery) from None
        else:
            ids = catalog.item_ids()
        trust = _trust(catalog)
        counts: dict[str, int] = {}
        for item in catalog.items(ids, details=False):
            if not item.path:
                continue
            try:
                p = pv.read_path(item.path, trust)
            except OSError as exc:
                print(f"creditline: {item.path}: {exc.strerror or exc}", file=sys.stderr)
                continue
            if p is not None or item.c2pa_state is not None:
                catalog.set_provenance(item.id, p)
            word = pv.STATE_WORDS[p.state if p else None]
            counts[word] = counts.get(word, 0) + 1
    finally:
        catalog.close()
    print(", ".join(f"{n} {w}" for w, n in sorted(counts.items())) or "no photos")
    return EXIT_OK


# -- signer ------------------------------------------------------------------------------------------

def cmd_signer(args: argparse.Namespace) -> int:
    from app import provenance as pv  # noqa: PLC0415
    from app.validation import change_setting  # noqa: PLC0415

    catalog = open_catalog(args)
    try:
        if args.clear:
            catalog.set_setting(pv.SETTING_SIGNER, None)
        if args.cert or args.key or args.alg or args.tsa_url is not None:
            old = pv.signer_config(catalog)
            cert = args.cert or (old.cert if old else None)
            key = args.key or (old.key if old else None)
            if not cert or not key:
                raise UsageError("a signer needs both --cert and --key")
            alg = (args.alg or (old.alg if old else "es256")).lower()
            if alg not in pv.ALGORITHMS:
                raise UsageError(f"unknown algorithm {alg!r}; one of {', '.join(pv.ALGORITHMS)}")
            tsa = args.tsa_url if args.tsa_url is not None else (old.tsa_url if old else "")
            config = pv.SignerConfig(str(Path(cert).expanduser().resolve()), str(Path(key).expanduser().resolve()),
                                     alg, tsa)
            problem = pv.signer_problem(config)
            if problem:
                raise UsageError(f"signer not set: {problem}")
            catalog.set_setting(pv.SETTING_SIGNER, config.to_json())
        trust_changed = False
        if args.no_trust_anchors:
            trust_changed = change_setting(catalog, pv.SETTING_TRUST, None)
        elif args.trust_anchors:
            path = str(Path(args.trust_anchors).expanduser().resolve())
            trust_changed = change_setting(catalog, pv.SETTING_TRUST, path)
            try:
                pv.trust_anchors(catalog)
            except pv.ProvenanceError as exc:
                change_setting(catalog, pv.SETTING_TRUST, None)
                raise UsageError(str(exc)) from None
        config = pv.signer_config(catalog)
        trust_path = catalog.get_setting(pv.SETTING_TRUST)
        try:
            pv.trust_anchors(catalog)
            trust_issue = None
        except pv.ProvenanceError as exc:
            trust_issue = str(exc)
        signed = catalog.signed_item_ids()
    finally:
        catalog.close()
    if config is None:
        print("signer: none (re-signing is unavailable)")
    else:
        problem = pv.signer_problem(config)
        print(f"signer: {config.cert} (key {config.key}, {config.alg}"
              + (f", time-stamps from {config.tsa_url}" if config.tsa_url else "") + ")")
        print(f"  {'cannot sign: ' + problem if problem else 'ready to sign'}")
    print(f"trust list: {trust_path or 'none (every signer is untrusted)'}"
          + (f" - {trust_issue}" if trust_issue else ""))
    if trust_changed and signed:
        print(f"the trust list changed: run `creditline provenance --recheck` to judge the {len(signed)} signed "
              "photo(s) of this catalog again")
    return EXIT_OK


# -- gallery flags ---------------------------------------------------------------------------------

def cmd_gallery_flags(args: argparse.Namespace) -> int:
    catalog = open_catalog(args)
    try:
        try:
            g = catalog.gallery(args.gallery)
        except KeyError:
            raise no_gallery(catalog, args.gallery) from None
        if args.news is not None or args.web is not None:
            g = catalog.set_gallery_flags(g.id, news=args.news, web=args.web)
    finally:
        catalog.close()
    print(f"{g.name}: {'news' if g.news else 'not news'}, {'for the web' if g.web else 'not for the web'}")
    return EXIT_OK
