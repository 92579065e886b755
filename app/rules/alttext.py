"""Alt text (IPTC Alt Text (Accessibility)): every photo described for people who cannot see
it, briefly, in its own words. IPTC's guidance: at most 250 characters, the extended
description for the rest; screen readers already announce an image, so "Image of" says nothing."""

from __future__ import annotations

import re
from collections.abc import Iterator

from app.model import Finding, Fix, Item, Severity
from app.rules.base import Example, RuleContext, finding, fold, quote, rule, text_of

ALT_TEXT_LIMIT = 250
REDUNDANT_START = re.compile(
    r"^\s*(?:an?\s+|the\s+)?(?:(?:close-up\s+)?(?:image|photo|photograph|picture|pic|graphic|illustration)"
    r"\s+(?:of|showing|shows|depicting)|(?:this|the)\s+(?:image|photo|photograph|picture)\s+(?:shows|depicts))\b[\s:,-]*",
    re.IGNORECASE)


def _has_alt_text(facts: object) -> bool:
    # Most wire photos have none: the three rules about its wording then cost one lookup.
    return bool(facts.item.fields.get("alt_text"))  # type: ignore[attr-defined]


@rule("missing-alt-text", Severity.INFO, "No alt text",
      """A photo without alt text (IPTC Alt Text (Accessibility)): a screen reader has nothing to
      say about it. Info by default; a warning in a gallery marked for the web (`gallery-flags
      --web`), unless another severity is set for the rule; turn the rule off where alt text is
      written elsewhere.""",
      Example({"caption": "Fans cheer in Lyon, France, June 3, 2021. REUTERS/Ada Brin"},
              extra={"kind": "photo"}))
def missing_alt_text(item: Item, ctx: RuleContext) -> list[Finding]:
    if item.kind != "photo":
        return []
    alt = item.fields.get("alt_text")
    if alt and (alt if isinstance(alt, str) else text_of(item, "alt_text")).strip():
        return []
    f = finding("missing-alt-text", "alt_text", "no alt text: describe the picture for people who cannot see it",
                item=item)
    if ctx.gallery.get("web") and not ctx.config.get("missing-alt-text", {}).get("severity"):
        f.severity = Severity.WARNING
        f.message += " (the gallery is for the web)"
    return [f]


@rule("alt-text-too-long", Severity.WARNING, "Alt text over 250 characters",
      """Alt text should be short (IPTC: at most 250 characters); screen readers read it whole
      and cannot skip. Put the details in the extended description.""",
      Example({"caption": "A street.", "alt_text": "A street " + "with many details " * 16}), gate=_has_alt_text)
def alt_text_too_long(item: Item, ctx: RuleContext) -> Iterator[Finding]:
    alt = text_of(item, "alt_text")
    if len(alt) > ALT_TEXT_LIMIT:
        yield finding("alt-text-too-long", "alt_text",
                      f"the alt text has {len(alt)} characters; keep it under {ALT_TEXT_LIMIT} and move the "
                      "rest to the extended description", ALT_TEXT_LIMIT, len(alt), item=item)


def _normal(text: str) -> str:
    return fold(re.sub(r"[^\w\s]", " ", text))


@rule("alt-text-repeats-caption", Severity.WARNING, "Alt text repeats the caption or headline",
      """The alt text is the caption or the headline again (or a sentence copied from the
      caption): a screen reader reads the caption anyway. Alt text says what the picture shows.""",
      Example({"headline": "Douro bursts its banks in Porto", "caption": "Residents wade through a flooded street.",
               "alt_text": "Douro bursts its banks in Porto"}), gate=_has_alt_text)
def alt_text_repeats_caption(item: Item, ctx: RuleContext) -> Iterator[Finding]:
    alt = text_of(item, "alt_text")
    if not alt.strip():
        return
    a = _normal(alt)
    for key in ("headline", "caption", "title"):
        other = text_of(item, key)
        if not other.strip():
            continue
        o = _normal(other)
        if a == o or (len(a) >= 30 and a in o):
            yield finding("alt-text-repeats-caption", "alt_text",
                          f"the alt text repeats the {key}: {quote(alt, 60)}", 0, len(alt), item=item)
            return


@rule("alt-text-redundant-start", Severity.WARNING, "Alt text starts “image of”",
      """Alt text that begins "Image of", "Photo of", "A picture showing"…: a screen reader
      already says it is an image. The fix removes the words.""",
      Example({"caption": "A street.", "alt_text": "Photo of a man crossing a flooded street"}), gate=_has_alt_text)
def alt_text_redundant_start(item: Item, ctx: RuleContext) -> Iterator[Finding]:
    alt = text_of(item, "alt_text")
    m = REDUNDANT_START.match(alt)
    if not m:
        return
    rest = alt[m.end():]
    replacement = rest[:1].upper() + rest[1:] if rest else ""
    yield finding("alt-text-redundant-start", "alt_text",
                  f"the alt text starts {quote(m.group(0).strip())}: a screen reader already says it is an image",
                  0, len(alt), Fix(f"Remove {quote(m.group(0).strip())}", "alt_text", 0, len(alt), replacement),
                  item)
