"""Import the plain text of a published gallery page (as copied from a browser).

The text is split into caption-only items, in page order, so the same rules that
check a gallery before publication can audit one after it:

* counters start items: "(01 of 12)", "(01 of12)", "1/12", "1 of 12", "Image 3 of 12";
* widget lines ("Open Image Modal", "Enlarge this image", "Expand", "Share",
  "Advertisement" …) are dropped;
* a trailing CMS credit "(credit:NAME via Getty Images)" — on the caption's line or on
  its own line after it — or a credit line on its own ("Photo: NAME/AP", "Credit: …",
  "Photograph: …") becomes the item's credit line;
* without counters, each paragraph that carries a credit is an item, so an article's
  lead photo caption before the body counts, and the body paragraphs do not.
"""

from __future__ import annotations

import re

COUNTER = re.compile(
    r"^\s*(?:\(\s*0*(?P<a>\d{1,3})\s*of\s*0*(?P<b>\d{1,3})\s*\)|(?:(?:Image|Photo|Slide)\s+)?0*(?P<c>\d{1,3})"
    r"\s*(?:/|of)\s*0*(?P<d>\d{1,3})\b)\s*",
    re.IGNORECASE,
)
WIDGETS = frozenset(s.casefold() for s in (
    "Open Image Modal", "Enlarge this image", "Expand", "Share", "Advertisement", "Close", "Toggle caption",
    "hide caption", "Share this", "Share this image", "Share this slide", "Image", "Photos", "View gallery",
    "Launch gallery", "Show caption", "Hide caption", "Caption", "Fullscreen", "Full screen", "Next", "Previous",
    "Prev", "Back to top", "Copy link", "Facebook", "Twitter", "X", "Email", "Pinterest", "WhatsApp", "Tweet",
    "Pin", "Zoom", "Play", "Story continues below advertisement", "Continue reading", "Skip Ad",
    "Share full article", "Read more", "Loading…", "Loading...",
))
WIDGET_PREFIX = re.compile(r"^(?:Open Image Modal|Enlarge this image|Expand|Share|Advertisement)\s+", re.IGNORECASE)
CMS_CREDIT = re.compile(r"\s*\(\s*credit\s*:\s*(?P<credit>[^()]+?)\s*\)\s*$", re.IGNORECASE)
# A CMS credit standing alone on its line, after the caption that carries its own credit.
CMS_CREDIT_ONLY = re.compile(r"^\s*\(\s*credit\s*:\s*(?P<credit>[^()]+?)\s*\)\s*$", re.IGNORECASE)
CREDIT_LINE = re.compile(r"^\s*(?:Photo(?:graph)?s?|Credit|Image|Picture|Foto)\s*:\s*(?P<credit>\S.{0,150})$",
                         re.IGNORECASE)
# Cheap signs that a paragraph carries a photo credit (the full parser runs later).
CREDITISH = re.compile(
    r"\((?:AP|Photo|Xinhua|AFP|EPA)\b[^)]*\)|\bREUTERS/|\bEPA(?:-EFE)?/|/AFP\b|AFP PHOTO|\bGetty Images\b"
    r"|\bvia (?:AP|REUTERS|Reuters|Getty)\b|/AP\)|\bPA (?:Wire|Media|Images)\b|\bAnadolu\b|\(credit\s*:"
    r"|\bShutterstock\b|\bZUMA\b|\bPhoto by\b|\bPhotograph:|\bPhoto credit\b",
)


def _clean_lines(text: str) -> list[str]:
    out = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ").split("\n"):
        line = raw.strip()
        while True:
            m = WIDGET_PREFIX.match(line)
            if not m:
                break
            line = line[m.end():]
        if line.casefold() in WIDGETS:
            continue
        out.append(line)
    return out


def _item(lines: list[str]) -> dict[str, str] | None:
    """One item from the lines of one counter segment: its caption and credit line.

    A browser copy puts each caption on one line; the caption runs until the line that
    carries its credit (or, with no credit in sight, to the first blank line), and a
    "Photo: …" line right after it is its credit line. What follows is page text.
    """
    caption_parts: list[str] = []
    credit = ""
    cms = ""
    credited = any(CREDITISH.search(x) for x in lines)
    for i, line in enumerate(lines):
        if not line:
            if caption_parts and not credited:
                break
            continue
        m = CREDIT_LINE.match(line) or CMS_CREDIT_ONLY.match(line)
        if m and caption_parts:
            credit = m.group("credit").strip()
            break
        caption_parts.append(line)
        if CREDITISH.search(line):
            # A "Photo: …" line or a "(credit:…)" line after the caption (blank lines
            # between allowed) is its credit line.
            nxt = next((x for x in lines[i + 1:] if x), "")
            m = CREDIT_LINE.match(nxt)
            if m:
                credit = m.group("credit").strip()
            elif (m := CMS_CREDIT_ONLY.match(nxt)) and not CMS_CREDIT.search(line):
                cms = m.group("credit").strip()
            break
    caption = " ".join(caption_parts).strip()
    m = CMS_CREDIT.search(caption)
    if m:
        credit = credit or m.group("credit").strip()
        caption = caption[: m.start()].rstrip()
    credit = credit or cms
    if not caption and not credit:
        return None
    out = {"caption": caption}
    if credit:
        out["credit_line"] = credit
    return out


def parse_gallery_text(text: str) -> list[dict[str, str]]:
    """Caption-only items (``{"caption", "credit_line"?}``) in page order."""
    lines = _clean_lines(text)
    # Counters become segment boundaries; the rest of a counter line is caption text.
    segments: list[list[str]] = [[]]
    counters = 0
    for line in lines:
        m = COUNTER.match(line)
        if m and _plausible_counter(m, line):
            counters += 1
            segments.append([])
            rest = line[m.end():].strip()
            if rest:
                segments[-1].append(rest)
            continue
        segments[-1].append(line)
    items: list[dict[str, str]] = []
    if counters:
        lead, *rest = segments
        items.extend(_credited_line_items(lead))
        for seg in rest:
            it = _item(seg)
            if it:
                items.append(it)
        return items
    return _credited_line_items(segments[0])


def _plausible_counter(m: re.Match[str], line: str) -> bool:
    a = m.group("a") or m.group("c")
    b = m.group("b") or m.group("d")
    if not (a and b) or not 1 <= int(a) <= int(b):
        return False
    # "1/2 cup of rice" or "3 of 4 voters said" is prose, not a counter: a bare n/m
    # counter stands alone or starts a caption with a capital letter.
    rest = line[m.end():].strip()
    return bool(m.group("a")) or not rest or rest[:1].isupper()


def _credited_line_items(lines: list[str]) -> list[dict[str, str]]:
    """Without counters, a line is a caption when it credits a photo, or when the next
    line is a credit line ("Photograph: Name/AP")."""
    items = []
    body = [x for x in lines if x]
    for i, line in enumerate(body):
        if CREDIT_LINE.match(line) or CMS_CREDIT_ONLY.match(line):
            continue
        nxt = body[i + 1] if i + 1 < len(body) else ""
        if CREDITISH.search(line) or CREDIT_LINE.match(nxt) or CMS_CREDIT_ONLY.match(nxt):
            it = _item([line, nxt])
            if it:
                items.append(it)
    return items
